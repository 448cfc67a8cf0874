import { execFile, execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { appendFile, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './net';

/**
 * A real, throw-away PostgreSQL 15 server for integration tests (STYLE.md habit 11: integration tests talk to a
 * real PostgreSQL; STACK.md "Databases"). Debian's binaries refuse to run as root, so as root every server
 * command runs as the `postgres` user through runuser, on a temp data dir that user owns.
 */

export interface PostgresServer {
  /** postgresql://postgres@127.0.0.1:<port>/app */
  url: string;
  port: number;
  /** temp directory holding the data dir, the unix socket and the server log; removed by stop() */
  dir: string;
  /** pg_ctl stop -m immediate, then remove the temp directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** directory of initdb / pg_ctl; default $PG_BIN or /usr/lib/postgresql/15/bin */
  binDir?: string;
}

const DEFAULT_BIN = '/usr/lib/postgresql/15/bin';
const START_ATTEMPTS = 3;

const SETTINGS: Record<string, string | number> = {
  listen_addresses: '127.0.0.1',
  max_connections: 200,
  // durability is pointless for a throw-away server
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

function resolveBinDir(options: StartOptions): string {
  const binDir = options.binDir ?? process.env.PG_BIN ?? DEFAULT_BIN;
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(path.join(binDir, tool))) {
      throw new Error(
        `PostgreSQL server binary ${path.join(binDir, tool)} not found. ` +
          'install postgresql: apt-get install -y postgresql (or set PG_BIN to the directory holding initdb and pg_ctl)',
      );
    }
  }
  return binDir;
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** Runs a server command, as the postgres user when we are root (initdb and pg_ctl refuse root). */
function runServerTool(binDir: string, tool: string, args: string[], cwd: string): Promise<string> {
  const file = path.join(binDir, tool);
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  return new Promise((resolve, reject) => {
    // cwd: the postgres user may not be able to enter the caller's working directory
    execFile(cmd, argv, { cwd, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${tool} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root needs the "postgres" user (install postgresql: apt-get install -y postgresql)');
  }
}


function confLine(name: string, value: string | number): string {
  return typeof value === 'number' ? `${name} = ${value}\n` : `${name} = '${value.replace(/'/g, "''")}'\n`;
}

async function tail(file: string, lines = 30): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

/** Starts a fresh PostgreSQL server on 127.0.0.1 with a database `app`. */
export async function startPostgres(options: StartOptions = {}): Promise<PostgresServer> {
  const binDir = resolveBinDir(options);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pg-test-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  let started = false;

  const stopServer = async (): Promise<void> => {
    if (started) {
      started = false;
      process.removeListener('exit', stopOnExit);
      await runServerTool(binDir, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], dir).catch(() => {});
    }
    await rm(dir, { recursive: true, force: true });
  };
  // last resort if the test process exits without calling stop(): never leave a server behind
  const stopOnExit = (): void => {
    const file = path.join(binDir, 'pg_ctl');
    const args = ['-D', dataDir, '-m', 'immediate', '-w', 'stop'];
    try {
      if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { cwd: dir, stdio: 'ignore' });
      else execFileSync(file, args, { cwd: dir, stdio: 'ignore' });
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    if (isRoot()) {
      const { uid, gid } = postgresUserIds();
      await chown(dir, uid, gid);
    }
    await runServerTool(
      binDir,
      'initdb',
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'],
      dir,
    );
    // initdb --auth=trust already trusts local sockets and 127.0.0.1/::1; the rest goes in postgresql.conf
    const conf = { ...SETTINGS, unix_socket_directories: dir };
    await appendFile(
      path.join(dataDir, 'postgresql.conf'),
      Object.entries(conf).map(([k, v]) => confLine(k, v)).join(''),
    );

    let port = 0;
    for (let attempt = 1; !started; attempt++) {
      port = await freePort();
      try {
        await runServerTool(
          binDir,
          'pg_ctl',
          ['-D', dataDir, '-l', logFile, '-o', `-p ${port}`, '-w', '-t', '60', 'start'],
          dir,
        );
        started = true;
        process.once('exit', stopOnExit);
      } catch (error) {
        // most likely the port was taken between freePort() and the server's bind: try another one
        if (attempt >= START_ATTEMPTS) {
          throw new Error(`${(error as Error).message}\nserver log:\n${await tail(logFile)}`);
        }
      }
    }

    const url = `postgresql://postgres@127.0.0.1:${port}/app`;
    await createDatabase(url.replace(/\/app$/, '/postgres'), 'app');
    return { url, port, dir, stop: stopServer };
  } catch (error) {
    await stopServer();
    throw error;
  }
}

/**
 * Creates a fresh database `name` on the server of `baseUrl` (dropping a leftover one of that name, e.g. from
 * an earlier run against a reused TEST_DATABASE_URL) and returns its URL.
 */
export async function createDatabase(baseUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`database name ${JSON.stringify(name)}: use lower-case letters, digits and _ only`);
  }
  const url = new URL(baseUrl);
  if (decodeURIComponent(url.pathname.slice(1)) === name) {
    throw new Error(`cannot recreate ${name}: it is the database of ${baseUrl}`);
  }
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}
