import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, startPostgres, type PostgresServer } from './postgres';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('global setup', () => {
  const url = inject('databaseUrl');

  it('provides a database URL to tests, also as TEST_DATABASE_URL', () => {
    expect(url).toMatch(/^postgres(ql)?:\/\//);
    expect(process.env.TEST_DATABASE_URL).toBe(url);
  });

  it('points at a working PostgreSQL server', async () => {
    const [row] = await query<{ version: string }>(url, 'select version()');
    expect(row.version).toMatch(/^PostgreSQL \d+/);
  });

  it('creates fresh extra databases', async () => {
    const extra = await createDatabase(url, 'harness_extra');
    expect(new URL(extra).pathname).toBe('/harness_extra');
    const [db] = await query<{ name: string }>(extra, 'select current_database() as name');
    expect(db.name).toBe('harness_extra');
    await query(extra, 'create table t (id int primary key)');

    // creating it again gives an empty database
    const again = await createDatabase(url, 'harness_extra');
    const tables = await query(again, "select 1 from information_schema.tables where table_name = 't'");
    expect(tables).toHaveLength(0);
  });

  it('refuses unsafe names and the base database itself', async () => {
    await expect(createDatabase(url, 'bad"name')).rejects.toThrow(/database name/);
    const base = new URL(url).pathname.slice(1);
    await expect(createDatabase(url, base)).rejects.toThrow(/cannot recreate/);
  });
});

describe('startPostgres', () => {
  let server: PostgresServer | undefined;
  afterAll(async () => server?.stop());

  it('starts a PostgreSQL 15 server with database app on 127.0.0.1', async () => {
    server = await startPostgres();
    expect(server.url).toBe(`postgresql://postgres@127.0.0.1:${server.port}/app`);
    const [row] = await query<{ version: string; db: string }>(
      server.url,
      'select version(), current_database() as db',
    );
    expect(row.version).toMatch(/^PostgreSQL 15\./);
    expect(row.db).toBe('app');
  });

  it('is configured for tests', async () => {
    const url = server!.url;
    const settings = await query<{ name: string; setting: string }>(
      url,
      `select name, setting from pg_settings where name in
       ('listen_addresses', 'max_connections', 'fsync', 'synchronous_commit', 'full_page_writes', 'unix_socket_directories')`,
    );
    const byName = Object.fromEntries(settings.map((s) => [s.name, s.setting]));
    expect(byName).toEqual({
      listen_addresses: '127.0.0.1',
      max_connections: '200',
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      unix_socket_directories: server!.dir,
    });
  });

  it('serves many connections at once', async () => {
    const pool = new pg.Pool({ connectionString: server!.url, max: 50 });
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => pool.query<{ n: number }>('select $1::int as n, pg_sleep(0.05)', [i])),
      );
      expect(results.map((r) => r.rows[0].n)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    } finally {
      await pool.end();
    }
  });

  it('stops and removes its directory', async () => {
    const { url, dir } = server!;
    await server!.stop();
    await server!.stop(); // idempotent
    server = undefined;
    expect(existsSync(dir)).toBe(false);
    await expect(query(url, 'select 1')).rejects.toThrow();
  });

  it('explains how to install PostgreSQL when the binaries are missing', async () => {
    await expect(startPostgres({ binDir: '/nonexistent/bin' })).rejects.toThrow(
      /install postgresql: apt-get install -y postgresql/,
    );
  });
});
