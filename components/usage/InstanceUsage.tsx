import Link from 'next/link';
import { LocalTime } from '@/components/LocalTime';
import { Card } from '@/components/ui';
import messages from '@/lib/i18n/messages/usage';
import { getT } from '@/lib/i18n/server';
import { getRuntime } from '@/lib/runtime';
import { instanceUsageSummary } from '@/lib/usage/queries';
import { unitsToString } from '@/lib/usage/units';

/** On the page of a pay-per-use or package instance: its usage so far, what was pushed and accepted, and the stop. */
export async function InstanceUsage({ instanceId }: { instanceId: string }) {
  const [t, rt] = await Promise.all([getT(messages), getRuntime()]);
  const s = await instanceUsageSummary(rt.prisma, instanceId);
  if (!s) return null;
  const facts: [string, React.ReactNode, string][] = [
    [t('summary.measured'), unitsToString(s.measured), 'measured'],
    [t('summary.pushed'), unitsToString(s.pushed), 'pushed'],
    [t('summary.accepted'), unitsToString(s.accepted), 'accepted'],
    [t('summary.rejected'), unitsToString(s.rejected), 'rejected'],
    [t('summary.unbilled'), unitsToString(s.unbilled), 'unbilled'],
    [t('summary.lastEvent'), s.lastEventAt ? <LocalTime iso={s.lastEventAt} /> : t('summary.none'), 'last'],
  ];
  const [before, after] = t('summary.exhausted', { at: '\u0000' }).split('\u0000');
  return (
    <Card
      title={t('summary.title')}
      data-testid="instance-usage"
      actions={
        <Link href={`/usage?instanceId=${encodeURIComponent(instanceId)}`} className="text-sm text-red-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-red-700">
          {t('summary.open')}
        </Link>
      }
    >
      {s.quotaExhaustedAt && (
        <p role="status" data-testid="usage-exhausted" className="mb-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
          {before}
          <LocalTime iso={s.quotaExhaustedAt} />
          {after}
        </p>
      )}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-3">
        {facts.map(([label, value, key]) => (
          <div key={key} className="min-w-0">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="tabular-nums" data-testid={`usage-${key}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
