// The embedded database belongs to one process. PGlite has no lock of its own (its postmaster.pid holds a made-up
// pid, -42, and nothing reads it), so two processes on one DATA_DIR both open the same files, each with its own
// cache, and corrupt them. This lock file next to the database says who holds it: {pid, hostname, startedAt, port}.
// Plain ESM so that scripts/prestart.mjs takes it too (lib/db/embedded.ts in the server).
//
// - Taken with an atomic create-if-absent (link(2) of a complete temporary file, so a crash never leaves an empty or
//   half-written lock).
// - Released on a clean close and when the process exits; a holder killed with -9 leaves it behind, and the next
//   process takes it over when the holder is gone: same host and its pid is not alive (or a zombie not yet reaped),
//   or the pid now belongs to another process (pid reuse: a restarted container gives the new process the old pid,
//   often our own).
// - A holder on another host cannot be checked, so its lock is never taken over: clocks and pids of other hosts say
//   nothing reliable here, and taking a lock over from a live process is exactly the corruption this prevents.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

export const EMBEDDED_DATABASE_IN_USE = 'EMBEDDED_DATABASE_IN_USE';

// The lock files this process holds, shared by every copy of this module the bundler makes (one per server entry).
const HELD = Symbol.for('koogallery.embeddedLocks');
const held = (globalThis[HELD] ??= new Set());

/**
 * Takes the lock of the embedded database in `dir` (the file `${dir}.lock`) for this process, or throws an error
 * with code EMBEDDED_DATABASE_IN_USE naming the process that holds it. Synchronous, so no two attempts of this process
 * interleave.
 * @param {string} dir
 * @param {{ port?: number }} [info]
 * @returns {{ file: string, release(): void }}
 */
export function lockEmbeddedDatabase(dir, info = {}) {
  const file = `${dir}.lock`;
  const mine = record(info);
  for (let attempt = 0; attempt < 100; attempt++) {
    if (createExclusive(file, mine)) return holding(file, mine);
    const raw = readOrNull(file);
    if (raw === null) continue; // released in the meantime
    const holder = parse(raw);
    if (!holder || isAlive(holder, file)) throw inUse(dir, file, holder);
    if (!removeStale(file, raw)) sleep(20); // another process is taking it over right now: look again
  }
  throw inUse(dir, file, parse(readOrNull(file) ?? ''));
}

function holding(file, mine) {
  held.add(file);
  const release = () => {
    if (!held.delete(file)) return;
    process.off('exit', release);
    if (readOrNull(file) === mine) fs.rmSync(file, { force: true });
  };
  // also on process.exit() and a fatal exception (the database's worker thread ends with the process, well before a
  // successor has even loaded PGlite); SIGKILL leaves the lock for the next process to take over
  process.on('exit', release);
  return { file, release };
}

function record(info) {
  return JSON.stringify({
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    processStart: processStart(process.pid),
    ...(info.port ? { port: info.port } : {}),
  });
}

/**
 * Removes a stale lock whose content is `raw`, unless someone else did or is doing so. Two starters that both found it
 * stale must not both remove it (the second would remove the first one's new lock): each first claims the removal by
 * creating `${file}.takeover-<hash of raw>.<n>`, which only one can. A claimer that died before finishing leaves its
 * claim behind; the next claim number takes over from it. Returns false when a live process holds the claim.
 */
function removeStale(file, raw) {
  const base = `${file}.takeover-${crypto.createHash('sha256').update(raw).digest('hex').slice(0, 16)}`;
  const claims = [];
  try {
    for (let n = 0, tries = 0; n < 100 && tries < 1000; n++, tries++) {
      const claim = `${base}.${n}`;
      if (createExclusive(claim, record({}))) {
        claims.push(claim);
        // whoever removes `raw` holds a claim on it, so it cannot change between this read and the unlink
        if (readOrNull(file) === raw) fs.rmSync(file, { force: true });
        return true;
      }
      const taker = readOrNull(claim);
      if (taker === null) {
        n--; // finished and cleaned up in the meantime: try the same number again
        continue;
      }
      const rec = parse(taker);
      if (!rec || isAlive(rec, claim)) return false;
      claims.push(claim); // a dead claimer's: ours to clean up once done
    }
    return false;
  } finally {
    for (const c of claims) fs.rmSync(c, { force: true });
  }
}

/** Whether the process a lock or claim names may still run. */
function isAlive(rec, file) {
  if (rec.hostname !== os.hostname()) return true; // cannot tell: assume it runs
  // this process (only its main thread takes locks), or an earlier one that had our pid
  if (rec.pid === process.pid) return held.has(file);
  try {
    process.kill(rec.pid, 0);
  } catch (err) {
    if (err.code === 'ESRCH') return false;
    // EPERM: it runs, under another user
  }
  const stat = procStat(rec.pid);
  if (!stat) return !fs.existsSync('/proc/self/stat'); // gone just now; or no /proc (not Linux): the pid is all we have
  // killed but not yet reaped by its parent (kill(pid, 0) still succeeds), or its pid now names another process
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return !(rec.processStart && stat.start !== rec.processStart);
}

const processStart = (pid) => procStat(pid)?.start;

/** State and start time (clock ticks since boot) of a process from Linux /proc, to tell a reused pid from the holder. */
function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3, after the command name
    return { state: fields[0], start: fields[19] };
  } catch {
    return undefined;
  }
}

/** Creates `file` with `content` unless it exists, atomically and complete. */
function createExclusive(file, content) {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if (err.code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function readOrNull(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
}

function parse(raw) {
  try {
    const rec = JSON.parse(raw);
    return rec && Number.isInteger(rec.pid) && typeof rec.hostname === 'string' ? rec : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The refusal: who holds the database and what to do. Names no secret (pid, host, time, port, paths). */
function inUse(dir, file, holder) {
  const here = holder && holder.hostname === os.hostname();
  const who = holder
    ? `process ${holder.pid} on ${here ? `this host (${holder.hostname})` : `host ${holder.hostname}`} since ${holder.startedAt}` +
      (holder.port ? `, port ${holder.port}` : '')
    : `another process (its lock file ${file} is unreadable)`;
  const message =
    `The embedded database in ${dir} is in use by ${who}. It belongs to one process: stop that process first, ` +
    'or run several processes on PostgreSQL (set DATABASE_URL).' +
    (here ? '' : ` If no process uses it any more, delete ${file}.`);
  return Object.assign(new Error(message), { code: EMBEDDED_DATABASE_IN_USE, holder });
}
