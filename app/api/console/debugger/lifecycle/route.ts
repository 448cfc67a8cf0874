import { consoleRoute } from '@/lib/console/route';
import { debuggerDeps, lifecycleBody } from '@/lib/debugger/api';
import { debugLifecycle, type LifecycleStepView } from '@/lib/debugger/runner';
import { isRefusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/**
 * POST {url?, key?}: a whole lifecycle against the target. The answer is NDJSON, one line per step as it ends
 * ({"step": …}), then {"done": …}, so the page shows progress while queryInstance is polled. Audited by debugLifecycle.
 */
export const POST = consoleRoute({ role: 'support', body: lifecycleBody, audit: 'debug.lifecycle', recordedBy: 'domain', target: () => 'debug lifecycle' }, async ({ runtime, user, body }) => {
  const input = body;
  const deps = debuggerDeps(runtime);
  const encoder = new TextEncoder();
  let push: (line: unknown) => void = () => undefined;
  const steps: LifecycleStepView[] = [];
  const started = debugLifecycle(deps, user, input, (step) => {
    steps.push(step);
    push({ step });
  });
  // a refusal (bad URL, no key) comes back before any step: answer it as 400
  const first = await Promise.race([started, new Promise<'running'>((r) => setTimeout(() => r('running'), 50))]);
  if (first !== 'running' && isRefusal(first)) return first;
  // the reader may leave (tab closed): the run goes on and is recorded; nothing more is written to the stream
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      push = (line) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(JSON.stringify(line) + '\n'));
        } catch {
          closed = true;
        }
      };
      for (const step of steps) push({ step });
      started
        .then((done) => push({ done: isRefusal(done) ? { error: done.message } : done }))
        .catch((err: Error) => push({ done: { ok: false, error: err.message } }))
        .finally(() => {
          if (closed) return;
          closed = true;
          try {
            controller.close();
          } catch {
            // already closed by the reader
          }
        });
    },
    cancel() {
      closed = true;
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' } });
});
