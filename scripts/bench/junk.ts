import http from 'node:http';
import type { BackgroundReport } from './load';

/**
 * The attack of issue 6 "an unsigned request costs ~250 ms of CPU": `loops` clients each sending, one after the
 * other as fast as they are answered, a 0.9 MB body of 83,000 keys with a fake signature. Every answer must be
 * 000001; anything else is counted as unexpected.
 */
export interface JunkLoad {
  stop(): Promise<BackgroundReport>;
}

export function junkBody(keys = 83_000): string {
  return JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i % 10])));
}

export function startJunkLoops(produceUrl: string, loops: number, body = junkBody()): JunkLoad {
  const u = new URL(produceUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: loops });
  const bytes = Buffer.from(body);
  let running = true;
  let sent = 0;
  let refused = 0;
  let unexpected = 0;
  const samples: string[] = [];
  const once = () =>
    new Promise<void>((resolve) => {
      const query = `signature=${'A'.repeat(64)}&timestamp=${Date.now()}&nonce=${Math.random().toString(36).slice(2)}${sent}`;
      const req = http.request(
        { host: u.hostname, port: u.port, path: `${u.pathname}?${query}`, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': bytes.length } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            sent++;
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 200 && text.includes('"resultCode":"000001"')) refused++;
            else {
              unexpected++;
              if (samples.length < 3) samples.push(`HTTP ${res.statusCode} ${text.slice(0, 200)}`);
            }
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        sent++;
        unexpected++;
        if (samples.length < 3) samples.push(err.message);
        resolve();
      });
      req.end(bytes);
    });
  const loop = async () => {
    while (running) await once();
  };
  const all = Promise.all(Array.from({ length: loops }, loop));
  return {
    async stop() {
      running = false;
      await all;
      agent.destroy();
      return { sent, refused, unexpected, samples };
    },
  };
}
