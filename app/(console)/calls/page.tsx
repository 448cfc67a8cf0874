import { ZodError } from 'zod';
import { requireUser } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { listCalls, listFailures, parseCallFilters, type CallPage } from '@/lib/calls/queries';
import type { Failures } from '@/lib/client/hooks/calls';
import type { FailingJobs } from '@/lib/client/hooks/jobs';
import type { UsageFailures } from '@/lib/client/hooks/usage';
import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/calls';
import { listAttentionJobs } from '@/lib/jobs/attention';
import { isRefusal } from '@/lib/refusal';
import { getRuntime } from '@/lib/runtime';
import { listUsageFailures } from '@/lib/usage/attention';
import { CallsView } from './CallsView';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getT(messages))('metaTitle') };
}

type Search = Record<string, string | string[] | undefined>;

const PAGE_SIZE = 50;

/**
 * The interface call log (issue 3): every inbound and outbound call, filtered by the URL's search params, or the
 * Failures view (`?view=failures`), the one attention queue of failed calls and failing jobs. The first page is
 * rendered here; the browser keeps it fresh.
 */
export default async function CallsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser('viewer');
  const sp = await searchParams;
  const view = sp.view === 'failures' ? 'failures' : 'all';
  const rt = await getRuntime();
  const t = await getT(messages);
  let initialPage: CallPage | undefined;
  let initialFailures: Failures | undefined;
  let initialJobs: FailingJobs | undefined;
  let initialUsage: UsageFailures | undefined;
  let filterError: string | undefined;
  if (view === 'failures') {
    const now = new Date();
    const [failures, jobs, usage] = await Promise.all([listFailures(rt.pool, now), listAttentionJobs(rt.pool), listUsageFailures(rt.pool, { now })]);
    initialUsage = usage;
    initialFailures = { now: now.toISOString(), failures };
    if (!isRefusal(jobs)) initialJobs = { now: now.toISOString(), ...jobs };
  } else {
    try {
      initialPage = await listCalls(rt.pool, parseCallFilters(sp), { limit: PAGE_SIZE });
    } catch (err) {
      if (!(err instanceof ZodError)) throw err;
      filterError = err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    }
  }
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 text-slate-600">{t('intro')}</p>
      <CallsView
        view={view}
        initialPage={initialPage}
        initialFailures={initialFailures}
        initialJobs={initialJobs}
        initialUsage={initialUsage}
        filterError={filterError}
        pageSize={PAGE_SIZE}
        canSupport={hasRole(user.role, 'support')}
      />
    </main>
  );
}
