import type pg from 'pg';

/**
 * Realistic call-log rows for measuring the call log (issue 3: 1,000,000 calls, a filtered page under 100 ms at p95).
 * Generated server-side (INSERT … SELECT generate_series) in batches, so a million rows take seconds, not minutes.
 *
 * The mix: 80 % inbound (the production interface's activities, queryInstance the most frequent), 20 % outbound
 * (Query Order, webhook provisioner); about 5 % failures, result codes 000001-000005 (000001 = signature rejected);
 * spread over the last 30 days, newest last (the table grows in time order, as in production); instance / order ids
 * drawn from a pool of rows/30 so a filter by one id hits tens of rows; test_flag on about 10 %.
 * Deterministic for a given count (setseed), so two runs measure the same data.
 */

export interface SeedOptions {
  calls: number;
  batchSize?: number;
  /** batches inserted at once, one connection each (the pool needs that many); index upkeep is CPU-bound */
  concurrency?: number;
  /** days the rows span, ending now */
  days?: number;
  onProgress?: (done: number, total: number, ms: number) => void;
}

const INBOUND = [
  // activity, cumulative weight (of 100)
  ['queryInstance', 40],
  ['newInstance', 55],
  ['refreshInstance', 70],
  ['updateInstanceStatus', 78],
  ['releaseInstance', 85],
  ['upgradeInstance', 90],
  ['changeInstanceCheck', 94],
  ['orderNotify', 100],
] as const;

const OUTBOUND = [
  ['queryOrder', 80],
  ['webhook.provision', 90],
  ['webhook.release', 95],
  ['webhook.suspend', 100],
] as const;

const pick = (table: readonly (readonly [string, number])[], r: string) =>
  `CASE ${table.map(([a, w]) => `WHEN ${r} < ${w} THEN '${a}'`).join(' ')} END`;

/** Rows g in [from, to] of `total`; r0..r5 are independent uniform [0,1) draws per row. */
function batchSql(): string {
  return `
WITH base AS (
  SELECT g,
         random() AS r_dir, random() * 100 AS r_act, random() AS r_fail, random() AS r_code, random() AS r_test,
         random() AS r_id, random() AS r_dur, random() AS r_time
    FROM generate_series($1::bigint, $2::bigint) AS g
), shaped AS (
  SELECT g, r_dur, r_test,
         r_dir < 0.8 AS inbound,
         CASE WHEN r_dir < 0.8 THEN ${pick(INBOUND, 'r_act')} ELSE ${pick(OUTBOUND, 'r_act')} END AS activity,
         r_fail < 0.05 AS failed,
         '00000' || (1 + floor(r_code * 5))::int AS fail_code,
         floor(r_id * $4::bigint)::bigint AS k,
         -- time order follows g (with a few seconds' jitter), ending now
         now() - make_interval(secs => ($3::bigint - g + r_time) * ($5::float8 * 86400 / $3::bigint)) AS at
    FROM base
)
INSERT INTO call (created_at, direction, activity, order_id, order_line_id, instance_id, signature_verdict, signature_detail,
                  method, url, query, request_headers, request_body, response_status, response_body, result_code, result_msg,
                  success, duration_ms, test_flag, client_address, error, job_id)
SELECT at,
       CASE WHEN inbound THEN 'inbound' ELSE 'outbound' END,
       activity,
       CASE WHEN activity IN ('newInstance', 'refreshInstance', 'upgradeInstance', 'orderNotify', 'queryOrder', 'webhook.provision')
            THEN 'CS' || lpad(k::text, 10, '0') END,
       CASE WHEN activity IN ('newInstance', 'refreshInstance', 'upgradeInstance', 'orderNotify', 'queryOrder', 'webhook.provision')
            THEN 'CS' || lpad(k::text, 10, '0') || '-000001' END,
       CASE WHEN activity NOT IN ('orderNotify', 'queryOrder', 'changeInstanceCheck') THEN 'inst-' || lpad(k::text, 8, '0') END,
       CASE WHEN NOT inbound THEN NULL WHEN failed AND fail_code = '000001' THEN 'invalid' ELSE 'valid' END,
       CASE WHEN inbound AND failed AND fail_code = '000001' THEN 'signature mismatch' END,
       CASE WHEN activity = 'queryOrder' THEN 'GET' ELSE 'POST' END,
       CASE WHEN inbound THEN 'https://seller.example.com/api/produce?signature=[redacted]&timestamp=' || g
            WHEN activity = 'queryOrder' THEN 'https://mkt.myhuaweicloud.com/api/mkp-openapi-public/global/v1/order/query?orderId=CS' || lpad(k::text, 10, '0')
            ELSE 'https://saas.example.com/hooks/koogallery' END,
       NULL,
       jsonb_build_object('content-type', 'application/json', 'x-seed', 'calls'),
       CASE WHEN activity = 'queryOrder' THEN NULL
            ELSE json_build_object('activity', activity, 'instanceId', 'inst-' || lpad(k::text, 8, '0'), 'orderId', 'CS' || lpad(k::text, 10, '0'),
                                   'businessId', md5(g::text), 'testFlag', CASE WHEN r_test < 0.1 THEN '1' ELSE '0' END)::text END,
       CASE WHEN failed AND NOT inbound THEN 500 ELSE 200 END,
       CASE WHEN inbound THEN json_build_object('resultCode', CASE WHEN failed THEN fail_code ELSE '000000' END,
                                                'resultMsg', CASE WHEN failed THEN 'failed' ELSE 'success' END)::text
            ELSE '{"result":"ok"}' END,
       CASE WHEN NOT inbound THEN NULL WHEN failed THEN fail_code ELSE '000000' END,
       CASE WHEN NOT inbound THEN NULL WHEN NOT failed THEN 'success'
            WHEN fail_code = '000001' THEN 'signature verification failed'
            WHEN fail_code = '000002' THEN 'request parameter invalid'
            WHEN fail_code = '000003' THEN 'instance not found'
            WHEN fail_code = '000004' THEN 'processing'
            ELSE 'internal error' END,
       NOT failed,
       (5 + r_dur * r_dur * 400)::int,
       r_test < 0.1,
       CASE WHEN inbound THEN '100.64.' || (k % 250) || '.' || (g % 250) END,
       CASE WHEN failed AND NOT inbound THEN 'HTTP 500 from upstream' END,
       CASE WHEN NOT inbound THEN 'job-' || lpad((g / 3)::text, 10, '0') END
  FROM shaped`;
}

/** Inserts opts.calls rows into `call` (the schema must exist). Returns the elapsed ms. */
export async function seedCalls(pool: pg.Pool, opts: SeedOptions): Promise<number> {
  const total = Math.floor(opts.calls);
  if (!(total > 0)) throw new Error(`calls must be a positive number, got ${opts.calls}`);
  const batch = Math.max(1, Math.floor(opts.batchSize ?? 100_000));
  const idPool = Math.max(1, Math.floor(total / 30));
  const days = opts.days ?? 30;
  const sql = batchSql();
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 2));
  const t0 = performance.now();
  const batches: [number, number, number][] = [];
  for (let from = 1, i = 0; from <= total; from += batch, i++) batches.push([i, from, Math.min(total, from + batch - 1)]);
  let next = 0;
  let done = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      for (let b = batches[next++]; b; b = batches[next++]) {
        const [i, from, to] = b;
        // a seed per batch: the same rows whichever connection inserts them
        await client.query('SELECT setseed($1)', [((i * 7919) % 10_000) / 10_000 - 0.5]);
        await client.query(sql, [from, to, total, idPool, days]);
        done += to - from + 1;
        opts.onProgress?.(done, total, performance.now() - t0);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  return performance.now() - t0;
}
