import { DebuggerTabs } from '@/components/debugger/Tabs';
import { requireUser } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { keysFor } from '@/lib/config';
import { prefill } from '@/lib/debugger/prefill';
import { appProductionUrl } from '@/lib/debugger/send';
import { getCase } from '@/lib/debugger/queries';
import { maskParams } from '@/lib/debugger/secrets';
import messages from '@/lib/i18n/messages/debugger';
import { getT } from '@/lib/i18n/server';
import { getRuntime } from '@/lib/runtime';
import { DebuggerView, type EditingCase } from './DebuggerView';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getT(messages);
  return { title: `${t('title')} · KooGallery Seller` };
}

/** spec §10.1 接口调试: pick an activity, fill the form (mock orders), send a signed test call, see the verdict. */
export default async function DebuggerPage({ searchParams }: { searchParams: Promise<{ case?: string; generation?: string }> }) {
  const user = await requireUser('viewer');
  const t = await getT(messages);
  const rt = await getRuntime();
  const { case: caseId, generation } = await searchParams;
  const stored = caseId ? await getCase(rt.prisma, caseId) : undefined;
  // the stored key and secrets stay on the server: the page only learns that there are some, and the key's fingerprint
  const editing: EditingCase | undefined = stored && {
    id: stored.id,
    name: stored.name,
    activity: stored.activity,
    targetUrl: stored.targetUrl,
    keyFingerprint: stored.keyFingerprint,
    params: maskParams(stored.activity, stored.params),
  };
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('intro')}</p>
      <DebuggerTabs current="send" labels={{ send: t('tab.send'), cases: t('tab.cases'), nav: t('tabs.label') }} />
      <DebuggerView
        prefill={prefill()}
        appUrl={appProductionUrl(rt.config)}
        keyLabels={{ basic: keysFor(rt.config, 'basic')[0]?.label ?? null, general: keysFor(rt.config, 'general')[0]?.label ?? null, license: keysFor(rt.config, 'license')[0]?.label ?? null, kit: keysFor(rt.config, 'kit')[0]?.label ?? null, v1: keysFor(rt.config, 'v1')[0]?.label ?? null }}
        canSend={hasRole(user.role, 'support')}
        editing={editing}
        generation={generation === 'v1' ? 'v1' : 'v2'}
      />
    </main>
  );
}
