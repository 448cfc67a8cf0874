import autocannon from 'autocannon';

/**
 * One load scenario, driven by autocannon: every request is built by `build()` just before it is sent (fresh
 * signature, nonce and ids), and every answer is checked by `check()`: a benchmark that measures refusals is worthless.
 */
export interface Scenario {
  name: string;
  /** what a correct answer looks like, for the report */
  expected: string;
  method: 'GET' | 'POST';
  /** headers for every request, beside the content type (e.g. an API key) */
  headers?: Record<string, string>;
  /** connections for this scenario (default: the bench's setting) */
  connections?: number;
  /** load started before the warm-up and stopped after the measured run (e.g. an attack) */
  background?: () => { stop(): Promise<BackgroundReport> };
  /** path + query and body of the next request */
  build(): { path: string; body?: string };
  /** the answer's "code" (e.g. resultCode) and whether it is the expected one */
  check(status: number, body: string): { ok: boolean; code: string };
}

/** What a background load reports when it stops. */
export interface BackgroundReport {
  sent: number;
  refused: number;
  unexpected: number;
  samples: string[];
}

export interface RunResult {
  name: string;
  seconds: number;
  connections: number;
  /** mean of autocannon's per-second samples */
  reqPerSec: number;
  /** responses received in the run */
  total: number;
  latency: { p50: number; p90: number; p99: number; mean: number; max: number };
  /** answers checked by the scenario */
  checked: number;
  /** answers that were not the expected one, by code */
  unexpected: number;
  unexpectedCodes: Record<string, number>;
  /** a few unexpected answer bodies, for the diagnosis */
  unexpectedSamples: string[];
  errors: number;
  timeouts: number;
  non2xx: number;
}

export async function runLoad(baseUrl: string, scenario: Scenario, opts: { seconds: number; connections: number; timeoutSeconds?: number }): Promise<RunResult> {
  let checked = 0;
  let unexpected = 0;
  const unexpectedCodes: Record<string, number> = {};
  const unexpectedSamples: string[] = [];
  const headers: Record<string, string> = {
    ...(scenario.method === 'POST' ? { 'content-type': 'application/json;charset=utf8', accept: 'application/json' } : { accept: 'application/json' }),
    ...scenario.headers,
  };

  const instance = autocannon({
    url: baseUrl,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: opts.timeoutSeconds ?? 10,
    requests: [
      {
        method: scenario.method,
        setupRequest: (req) => {
          const next = scenario.build();
          return { ...req, method: scenario.method, path: next.path, headers: { ...headers }, ...(next.body !== undefined ? { body: next.body } : {}) };
        },
        onResponse: (status, body) => {
          checked++;
          const verdict = scenario.check(status, body);
          if (!verdict.ok) {
            unexpected++;
            unexpectedCodes[verdict.code] = (unexpectedCodes[verdict.code] ?? 0) + 1;
            if (unexpectedSamples.length < 5) unexpectedSamples.push(`HTTP ${status} ${body.slice(0, 300)}`);
          }
        },
      },
    ],
  });
  const r = await instance;
  return {
    name: scenario.name,
    seconds: r.duration,
    connections: opts.connections,
    reqPerSec: r.requests.average,
    total: r.requests.total,
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, mean: r.latency.mean, max: r.latency.max },
    checked,
    unexpected,
    unexpectedCodes,
    unexpectedSamples,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
}

/** resultCode of a production-interface answer, or a description of what came instead. */
export function resultCodeCheck(expected: string): Scenario['check'] {
  return (status, body) => {
    if (status !== 200) return { ok: false, code: `HTTP ${status}` };
    let code: string;
    try {
      const json = JSON.parse(body) as { resultCode?: unknown };
      code = typeof json.resultCode === 'string' ? json.resultCode : '(no resultCode)';
    } catch {
      code = '(not JSON)';
    }
    return { ok: code === expected, code };
  };
}
