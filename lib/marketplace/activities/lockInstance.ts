import type pg from 'pg';

export interface LockedInstance {
  id: string;
  status: string;
  order_id: string;
  order_line_id: string;
  /** a marketplace debugging instance (spec §3.3 testFlag) */
  test_flag: boolean;
}

/** Locks the instance row for the rest of the transaction, so concurrent duplicates of one call apply once. */
// SQL: FOR UPDATE, in the caller's pg transaction
export async function lockInstance(client: pg.PoolClient, instanceId: string): Promise<LockedInstance | undefined> {
  const { rows } = await client.query<LockedInstance>(
    'SELECT id, status, order_id, order_line_id, test_flag FROM instance WHERE id = $1 FOR UPDATE',
    [instanceId],
  );
  return rows[0];
}
