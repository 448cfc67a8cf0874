'use client';

import { StatePanel } from '@/components/ui';
import { useT } from '@/lib/i18n/client';
import calls from '@/lib/i18n/messages/calls';
import instances from '@/lib/i18n/messages/instances';
import licences from '@/lib/i18n/messages/licences';
import tenants from '@/lib/i18n/messages/tenants';
import ui from '@/lib/i18n/messages/ui';
import usage from '@/lib/i18n/messages/usage';

/** What Next hands an error boundary. */
export interface PageErrorProps {
  error: Error & { digest?: string };
  reset: () => void;
}

/**
 * A console section whose page failed to render: the section's heading and the kit's error panel with Try again.
 * A digest means the server hid the cause (production): the reader gets the reference to find it in the server log.
 * Each folder's error.tsx re-exports its section's component from here.
 */
function PageError({ title, errorTitle, message, reset }: { title: string; errorTitle?: string; message: string; reset: () => void }) {
  return (
    <main>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <StatePanel state="error" className="mt-6" errorTitle={errorTitle} errorMessage={message} onRetry={reset} />
    </main>
  );
}

export function CallsError({ error, reset }: PageErrorProps) {
  const t = useT(calls);
  return <PageError title={t('title')} message={error.digest ? t('loadFailedRef', { digest: error.digest }) : t('loadFailed')} reset={reset} />;
}

/** A section that shows the error's own message when the server did not hide it. */
function SectionError({ title, error, reset }: PageErrorProps & { title: string }) {
  const u = useT(ui);
  return <PageError title={title} errorTitle={u('loadFailed')} message={error.digest ? u('serverLog', { digest: error.digest }) : error.message} reset={reset} />;
}

export function InstancesError(props: PageErrorProps) {
  const t = useT(instances);
  return <SectionError title={t('title')} {...props} />;
}

export function LicencesError(props: PageErrorProps) {
  const t = useT(licences);
  return <SectionError title={t('title')} {...props} />;
}

export function UsageError(props: PageErrorProps) {
  const t = useT(usage);
  return <SectionError title={t('title')} {...props} />;
}

export function TenantsError(props: PageErrorProps) {
  const t = useT(tenants);
  return <SectionError title={t('title')} {...props} />;
}
