import fs from 'node:fs';
import pg from 'pg';
import { E2E_EMULATOR_PORT, E2E_PORT } from './env';

/**
 * The e2e server's embedded database, for a spec that must write rows no public interface writes yet (usage events
 * and push records, until the ingestion API and the push are merged). PGlite listens on a port of its own choosing
 * (lib/db/embedded.ts); this finds it among the listening sockets of the processes Playwright started (the web server
 * is a child of the runner, this worker's parent), so a concurrent run's server on the same machine is never touched.
 */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(/^\d+ \(.*\) \S (\d+)/s.exec(fs.readFileSync(`/proc/${d}/stat`, 'utf8'))?.[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => (children.get(p) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(root);
  return out;
}

function listeningPorts(pids: number[]): number[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      }
    } catch {
      // not ours to read, or gone
    }
  }
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local address, state 0A = LISTEN, inode
      if (f[3] === '0A' && inodes.has(f[9]!)) ports.add(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return [...ports].filter((p) => p !== E2E_PORT && p !== E2E_EMULATOR_PORT);
}

/** A pool on the e2e server's database (the caller ends it). */
export async function e2eDatabase(): Promise<pg.Pool> {
  for (const port of listeningPorts(descendants(process.ppid))) {
    const pool = new pg.Pool({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`, max: 1, connectionTimeoutMillis: 2000 });
    try {
      await pool.query(`SELECT 1 FROM usage_event LIMIT 1`);
      return pool;
    } catch {
      await pool.end().catch(() => undefined);
    }
  }
  throw new Error('the e2e server’s embedded database was not found among the ports its processes listen on');
}
