import Link from 'next/link';
import { notFound } from 'next/navigation';
import { JsonView } from '@/components/JsonView';
import { LocalTime } from '@/components/LocalTime';
import { requireUser } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { getCall, type LinkedJob } from '@/lib/calls/queries';
import { retryWindowFor } from '@/lib/calls/retryWindows';
import { getRuntime } from '@/lib/runtime';
import { Outcome } from '../CallsView';
import { CurlBox } from './CurlBox';
import { ReinvokeBox } from './ReinvokeBox';
import { attemptsOf } from '@/lib/calls/attempts';
import { refusal } from '@/lib/calls/reinvoke';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Call ${(await params).id} · KooGallery Seller` };
}

const VERDICTS: Record<string, string> = {
  valid: 'valid signature',
  invalid: 'signature does not match',
  expired: 'timestamp outside the 60 s window',
  replayed: 'nonce used before (replayed)',
  missing: 'signature, timestamp or nonce missing',
  no_key: 'no key configured on this server',
  not_applicable: 'not signed this way',
};

/** One call: what came in and what went out, formatted, with its signature verdict, instance and jobs. */
export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser('viewer');
  const { id } = await params;
  const rt = await getRuntime();
  const call = await getCall(rt.pool, id);
  if (!call) notFound();
  const { attempts, original } = await attemptsOf(rt.pool, call.id);
  const resolvedBy = attempts.find((a) => a.success);
  const cannot = resolvedBy
    ? `it was resolved by its re-invocation, call ${resolvedBy.id}`
    : refusal({ direction: call.direction, signature_verdict: call.signatureVerdict, success: call.success, request_body: call.requestBody });
  const window = call.direction === 'inbound' ? retryWindowFor(call.activity) : undefined;
  const card = 'mt-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6';
  return (
    <main>
      <p className="text-sm">
        <Link href="/calls" className="text-red-800 hover:underline focus-visible:outline-2 focus-visible:outline-red-700">
          ← Call log
        </Link>
      </p>
      <h1 className="mt-2 flex flex-wrap items-center gap-3 text-2xl font-semibold">
        <span className="break-all">
          {call.direction === 'inbound' ? 'Inbound' : 'Outbound'} {call.activity ?? 'call'}
        </span>
        <Outcome success={call.success} code={call.resultCode} />
      </h1>
      <p className="mt-1 text-sm text-slate-600">
        Call {call.id} · <LocalTime iso={call.createdAt} />
      </p>

      <section aria-label="Summary" className={card}>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_minmax(0,1fr)] [&>dd]:break-words [&>dt]:text-slate-500">
          <dt>Result</dt>
          <dd>
            <span className="font-mono">{call.resultCode ?? '—'}</span> {call.resultMsg}
            {call.responseStatus !== null && <span className="text-slate-500"> (HTTP {call.responseStatus})</span>}
          </dd>
          <dt>Signature</dt>
          <dd data-testid="signature-verdict">
            {call.signatureVerdict ? (VERDICTS[call.signatureVerdict] ?? call.signatureVerdict) : '—'}
            {call.signatureDetail && <span className="text-slate-500"> · {call.signatureDetail}</span>}
          </dd>
          <dt>Duration</dt>
          <dd>{call.durationMs} ms</dd>
          <dt>Test flag</dt>
          <dd>{call.testFlag ? 'yes (debugging call, testFlag=1)' : 'no'}</dd>
          {call.orderId && (
            <>
              <dt>Order</dt>
              <dd>
                {call.orderId}
                {call.orderLineId && ` / ${call.orderLineId}`}
              </dd>
            </>
          )}
          <dt>Instance</dt>
          <dd>
            {call.instanceId ? (
              <Link href={`/instances/${encodeURIComponent(call.instanceId)}`} className="text-red-800 hover:underline focus-visible:outline-2 focus-visible:outline-red-700">
                {call.instanceId}
              </Link>
            ) : (
              '—'
            )}
            {call.instance && <span className="text-slate-500"> · {call.instance.status}</span>}
          </dd>
          {window && !call.success && (
            <>
              <dt>Marketplace retries</dt>
              <dd>{window.description} (spec §7.1)</dd>
            </>
          )}
          {call.clientAddress && (
            <>
              <dt>From</dt>
              <dd>{call.clientAddress}</dd>
            </>
          )}
          {call.error && (
            <>
              <dt>Error</dt>
              <dd className="text-red-800">{call.error}</dd>
            </>
          )}
        </dl>
      </section>

      {(call.jobs.length > 0 || call.parentJob) && (
        <section aria-labelledby="jobs-h" className={card}>
          <h2 id="jobs-h" className="font-medium">
            Jobs
          </h2>
          {call.parentJob && (
            <>
              <p className="mt-2 text-sm text-slate-600">This call was made by:</p>
              <JobList jobs={[call.parentJob]} />
            </>
          )}
          {call.jobs.length > 0 && (
            <>
              <p className="mt-2 text-sm text-slate-600">This call started:</p>
              <JobList jobs={call.jobs} />
            </>
          )}
        </section>
      )}

      <section aria-labelledby="req-h" className={card}>
        <h2 id="req-h" className="font-medium">
          Request
        </h2>
        <p className="mt-2 break-all font-mono text-xs text-slate-700">
          {call.method} {readableUrl(call.url)}
        </p>
        {call.query && (
          <div className="mt-3">
            <h3 className="text-sm text-slate-500">Query</h3>
            <JsonView value={call.query} label="Request query" />
          </div>
        )}
        {call.requestHeaders && (
          <div className="mt-3">
            <h3 className="text-sm text-slate-500">Headers</h3>
            <JsonView value={call.requestHeaders} label="Request headers" />
          </div>
        )}
        <div className="mt-3">
          <h3 className="text-sm text-slate-500">Body</h3>
          <JsonView value={call.requestBody} label="Request body" />
        </div>
        <p className="mt-2 text-xs text-slate-500">Passwords, keys and signatures were masked before the call was stored.</p>
      </section>

      <section aria-labelledby="res-h" className={card}>
        <h2 id="res-h" className="font-medium">
          Response
        </h2>
        <div className="mt-3">
          <JsonView value={call.responseBody} label="Response body" />
        </div>
      </section>

      {call.direction === 'inbound' && (
        <section aria-labelledby="reinvoke-h" className={card}>
          <h2 id="reinvoke-h" className="font-medium">
            Re-invocation
          </h2>
          {original && (
            <p className="mt-2 text-sm">
              This is a re-invocation of{' '}
              <Link href={`/calls/${original.id}`} className="text-red-800 underline">
                call {original.id}
              </Link>
              {original.triggeredBy ? `, triggered by ${original.triggeredBy}` : ''}.
            </p>
          )}
          {!original && <ReinvokeBox callId={call.id} refusal={cannot} allowed={hasRole(user.role, 'support')} />}
          {attempts.length > 0 && (
            <ul aria-label="Attempts" className="mt-3 space-y-1 text-sm">
              {attempts.map((a) => (
                <li key={a.id}>
                  <Link href={`/calls/${a.id}`} className="text-red-800 underline">
                    Call {a.id}
                  </Link>{' '}
                  by {a.triggeredBy ?? 'unknown'} at <LocalTime iso={a.createdAt.toISOString()} />:{' '}
                  <span className={a.success ? 'text-green-700' : 'text-red-700'}>
                    {a.resultCode} {a.success ? '(resolved)' : '(failed)'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="curl-h" className={card}>
        <h2 id="curl-h" className="font-medium">
          Reproduce
        </h2>
        {call.direction === 'inbound' ? (
          <CurlBox callId={call.id} allowed={hasRole(user.role, 'support')} />
        ) : (
          <p className="mt-2 text-sm text-slate-600">An outbound call is not replayed from here: its stored request is shown above.</p>
        )}
      </section>
    </main>
  );
}

/** The stored URL with its query decoded for reading (the masked signature's ellipsis is percent-encoded). */
function readableUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

function JobList({ jobs }: { jobs: LinkedJob[] }) {
  return (
    <ul className="mt-1 space-y-2 text-sm">
      {jobs.map((j) => (
        <li key={j.id} className="rounded border border-slate-200 p-2">
          <span className="font-medium">{j.queue}</span> · {j.state} · {j.attempts} attempt{j.attempts === 1 ? '' : 's'}
          <span className="block break-all font-mono text-xs text-slate-500">{j.id}</span>
          {j.lastError && <span className="block break-words text-xs text-red-800">{j.lastError}</span>}
          <Link href={`/calls?jobId=${encodeURIComponent(j.id)}`} className="text-xs text-red-800 hover:underline focus-visible:outline-2 focus-visible:outline-red-700">
            Calls made by this job
          </Link>
        </li>
      ))}
    </ul>
  );
}
