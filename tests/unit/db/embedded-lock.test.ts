import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMBEDDED_DATABASE_IN_USE, lockEmbeddedDatabase } from '../../../lib/db/embedded-lock.mjs';

/** The embedded database's lock (lib/db/embedded-lock.mjs): one holder, stale locks taken over once, races won once. */
const MODULE = path.resolve(__dirname, '../../../lib/db/embedded-lock.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function database(): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-lock-'));
  dirs.push(dataDir);
  return path.join(dataDir, 'pglite');
}
const lockOf = (dir: string) => JSON.parse(fs.readFileSync(`${dir}.lock`, 'utf8')) as Record<string, unknown>;
const writeLock = (dir: string, rec: Record<string, unknown>) => fs.writeFileSync(`${dir}.lock`, JSON.stringify(rec));
/** the pid of a process that has exited */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;
const refusal = (dir: string) => {
  try {
    lockEmbeddedDatabase(dir).release();
  } catch (err) {
    return err as Error & { code: string };
  }
  throw new Error('the lock was taken');
};

/**
 * `count` node processes that try to take the lock at the same moment; each says won or refused. A winner holds the
 * lock until every one has answered (until its stdin closes), so that a late starter cannot find it released.
 */
async function race(dir: string, count: number): Promise<string[]> {
  const at = Date.now() + 1500;
  const script = `
    import { lockEmbeddedDatabase } from ${JSON.stringify(MODULE)};
    await new Promise((r) => setTimeout(r, ${at} - Date.now() - 5));
    while (Date.now() < ${at});
    try { lockEmbeddedDatabase(${JSON.stringify(dir)}); console.log('won'); process.stdin.resume(); }
    catch (err) { console.log(err.code === 'EMBEDDED_DATABASE_IN_USE' ? 'refused' : 'error ' + err.message); }`;
  const children = Array.from({ length: count }, () => spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const answers = await Promise.all(
    children.map((child) => new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())))),
  );
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.on('exit', resolve), child.stdin.end())))));
  return answers;
}

describe('the embedded database lock', () => {
  it('is taken with who holds it and released without a trace', () => {
    const dir = database();
    const lock = lockEmbeddedDatabase(dir, { port: 3301 });
    expect(lockOf(dir)).toMatchObject({ pid: process.pid, hostname: os.hostname(), port: 3301, startedAt: expect.any(String) });
    lock.release();
    lock.release();
    expect(fs.readdirSync(path.dirname(dir))).toEqual([]);
  });

  it('refuses a second holder, naming the first and what to do', () => {
    const dir = database();
    const lock = lockEmbeddedDatabase(dir, { port: 3301 });
    const err = refusal(dir);
    expect(err.code).toBe(EMBEDDED_DATABASE_IN_USE);
    expect(err.message).toContain(`in use by process ${process.pid} on this host (${os.hostname()}) since `);
    expect(err.message).toContain('port 3301');
    expect(err.message).toMatch(/stop that process first, or run several processes on PostgreSQL \(set DATABASE_URL\)/);
    lock.release();
    lockEmbeddedDatabase(dir).release();
  });

  it('takes over the lock of a process that is gone, and of a reused pid', () => {
    const dir = database();
    writeLock(dir, { pid: deadPid(), hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
    lockEmbeddedDatabase(dir).release();
    // an earlier process that had this process's pid (a restarted container)
    writeLock(dir, { pid: process.pid, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
    lockEmbeddedDatabase(dir).release();
    if (fs.existsSync('/proc/self/stat')) {
      // a live pid that now belongs to another process than the one that took the lock
      writeLock(dir, { pid: process.ppid, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z', processStart: '1' });
      lockEmbeddedDatabase(dir).release();
    }
    expect(fs.readdirSync(path.dirname(dir))).toEqual([]);
  });

  it.runIf(fs.existsSync('/proc/self/stat'))('takes over the lock of a process killed but not yet reaped (a zombie)', async () => {
    const dir = database();
    // perl forks a child, kills it with -9 and, not waiting for it, leaves it a zombie for a while
    const parent = spawn('perl', ['-e', '$| = 1; my $p = fork; if (!$p) { sleep 60; exit } kill 9, $p; print "$p\\n"; sleep 10']);
    try {
      const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d) => resolve(String(d)))));
      process.kill(pid, 0); // still there for kill(2)
      // SIGKILL is delivered asynchronously: on a busy machine the child may still run for a moment
      for (let i = 0; i < 500 && !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')); i++) await new Promise((r) => setTimeout(r, 10));
      writeLock(dir, { pid, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
      lockEmbeddedDatabase(dir).release();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('keeps the lock of a live process, of another host, or an unreadable one', () => {
    const dir = database();
    writeLock(dir, { pid: process.ppid, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
    expect(refusal(dir).message).toContain(`process ${process.ppid} on this host`);
    writeLock(dir, { pid: deadPid(), hostname: 'elsewhere', startedAt: '2026-01-01T00:00:00.000Z' });
    expect(refusal(dir).message).toContain(`on host elsewhere since 2026-01-01T00:00:00.000Z`);
    expect(refusal(dir).message).toContain(`If no process uses it any more, delete ${dir}.lock`);
    fs.writeFileSync(`${dir}.lock`, '');
    expect(refusal(dir).message).toContain('unreadable');
  });

  it('finishes a takeover whose taker died half-way', () => {
    const dir = database();
    const stale = JSON.stringify({ pid: deadPid(), hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
    fs.writeFileSync(`${dir}.lock`, stale);
    const claim = `${dir}.lock.takeover-${crypto.createHash('sha256').update(stale).digest('hex').slice(0, 16)}.0`;
    fs.writeFileSync(claim, JSON.stringify({ pid: deadPid(), hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const lock = lockEmbeddedDatabase(dir);
    expect(fs.existsSync(claim)).toBe(false);
    lock.release();
  });

  it('goes to exactly one of eight processes starting at once, on a fresh or a stale lock', async () => {
    const dir = database();
    expect((await race(dir, 8)).sort()).toEqual([...Array(7).fill('refused'), 'won']);
    // the winner has exited without releasing it (as after kill -9): eight successors race for the stale lock
    writeLock(dir, { pid: deadPid(), hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
    expect((await race(dir, 8)).sort()).toEqual([...Array(7).fill('refused'), 'won']);
    expect(fs.readdirSync(path.dirname(dir)).filter((f) => f !== 'pglite.lock')).toEqual([]);
  }, 20_000);
});
