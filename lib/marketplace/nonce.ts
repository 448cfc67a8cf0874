import type { Queryable } from '../db/client';

/**
 * spec §3.2 replay defence: a nonce is accepted once, across every process, because the database's primary key
 * decides. For calls that change something, the same round trip reserves the call-log id the jobs will link to.
 */
// SQL: ON CONFLICT decides a replay (spec §3.2), a named statement on the produce hot path
export async function claimNonce(db: Queryable, nonce: string, reserveCallId: boolean): Promise<{ fresh: boolean; callId?: bigint }> {
  if (!reserveCallId) {
    const r = await db.query({
      name: 'nonce.claim', // named: parsed and planned once per connection, this runs on every call
      text: 'INSERT INTO seen_nonce (nonce) VALUES ($1) ON CONFLICT DO NOTHING',
      values: [nonce],
    });
    return { fresh: r.rowCount === 1 };
  }
  const { rows } = await db.query<{ fresh: boolean; call_id: string }>({
    name: 'nonce.claimAndReserve',
    text: `WITH claimed AS (INSERT INTO seen_nonce (nonce) VALUES ($1) ON CONFLICT DO NOTHING RETURNING 1)
           SELECT EXISTS (SELECT 1 FROM claimed) AS fresh, nextval(pg_get_serial_sequence('call', 'id')) AS call_id`,
    values: [nonce],
  });
  return { fresh: rows[0]!.fresh, callId: rows[0]!.fresh ? BigInt(rows[0]!.call_id) : undefined };
}
