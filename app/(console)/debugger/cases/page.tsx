import { DebuggerTabs } from '@/components/debugger/Tabs';
import { requireUser } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { listCases, listRuns } from '@/lib/debugger/queries';
import messages from '@/lib/i18n/messages/debugger';
import { getT } from '@/lib/i18n/server';
import { getRuntime } from '@/lib/runtime';
import { CasesView } from './CasesView';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getT(messages);
  return { title: `${t('tab.cases')} · KooGallery Seller` };
}

/** spec §10.1 调试用例管理: saved cases, Run all, the history of runs and the pass/fail trend; `?run=` opens a run (the Overview's self-check links here). */
export default async function CasesPage({ searchParams }: { searchParams: Promise<{ run?: string }> }) {
  const user = await requireUser('viewer');
  const { run } = await searchParams;
  const t = await getT(messages);
  const rt = await getRuntime();
  const [cases, runs] = await Promise.all([listCases(rt.prisma), listRuns(rt.prisma, { limit: 30 })]);
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('intro')}</p>
      <DebuggerTabs current="cases" labels={{ send: t('tab.send'), cases: t('tab.cases'), nav: t('tabs.label') }} />
      <CasesView initialCases={cases} initialRuns={runs} canRun={hasRole(user.role, 'support')} openRun={typeof run === 'string' && /^\d{1,18}$/.test(run) ? run : undefined} />
    </main>
  );
}
