'use client';

import { useState } from 'react';
import { LocalTime } from '@/components/LocalTime';
import { Fact, Facts, type LicenceT } from '@/components/licences/ui';
import { Button, buttonClass, Card, Field, FormMessage } from '@/components/ui';
import { useLicenceAction, useUploadLicence } from '@/lib/client/hooks/licences';
import { formErrors } from '@/lib/client/fieldErrors';
import type { DeliveryDetail } from '@/lib/licences/queries';
import { LICENCE_FILE_MAX_BYTES } from '@/lib/licences/validation';

const downloadUrl = (id: string, licenceId?: string) => `/api/console/licences/${encodeURIComponent(id)}/download${licenceId ? `?licence=${encodeURIComponent(licenceId)}` : ''}`;

/** The licence issued for a delivery, the earlier ones, and (support, while it is owed) generating or uploading one. */
export function LicenceCard({ t, d, canAct }: { t: LicenceT; d: DeliveryDetail; canAct: boolean }) {
  const canIssue = canAct && (d.status === 'awaiting' || d.status === 'rejected') && d.instanceStatus !== 'released';
  const current = d.licences.find((l) => l.current);
  const earlier = d.licences.filter((l) => !l.current);
  return (
    <Card title={t('licence.title')}>
      {current ? (
        <Facts>
          <Fact label={t('licence.file')}>
            <span translate="no" className="break-all">
              {current.fileName}
            </span>
            <span className="block text-xs text-slate-500">{t(`licence.kind.${current.kind}`)}</span>
          </Fact>
          <Fact label={t('licence.sha256')}>
            <code className="break-all text-xs" data-testid="licence-sha256">
              {current.sha256}
            </code>
          </Fact>
          <Fact label={t('licence.size')}>{t('licence.sizeBytes', { n: current.size })}</Fact>
          <Fact label={t('licence.issued')}>
            <LocalTime iso={current.createdAt} />
            {current.createdBy && <span className="text-xs text-slate-500"> · {t('timeline.by', { who: current.createdBy })}</span>}
          </Fact>
        </Facts>
      ) : (
        <p className="text-sm text-slate-600">{t('licence.none')}</p>
      )}
      {canAct && current && (
        <a href={downloadUrl(d.id)} download className={buttonClass('secondary', 'md', 'mt-4')}>
          {t('licence.download')}
        </a>
      )}
      {canAct && earlier.length > 0 && (
        <div className="mt-4">
          <h3 className="text-sm font-medium">{t('licence.earlier')}</h3>
          <ul className="mt-1 space-y-1 text-xs">
            {earlier.map((l) => (
              <li key={l.id} className="flex flex-wrap items-center gap-2">
                <span translate="no" className="break-all">
                  {l.fileName}
                </span>
                <span className="text-slate-500">
                  <LocalTime iso={l.createdAt} />
                </span>
                <a href={downloadUrl(d.id, l.id)} download className="text-red-700 underline" aria-label={`${t('licence.downloadOld')} ${l.fileName}`}>
                  {t('licence.downloadOld')}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {canIssue && <IssueLicence t={t} id={d.id} hasLicence={current !== undefined} />}
      {!canAct && <p className="mt-3 text-xs text-slate-500">{t('licence.supportOnly')}</p>}
    </Card>
  );
}

/** Generate a signed licence key, or upload a file of the seller's own (at most 1 MiB, checked here before sending). */
function IssueLicence({ t, id, hasLicence }: { t: LicenceT; id: string; hasLicence: boolean }) {
  const generate = useLicenceAction(id);
  const upload = useUploadLicence(id);
  const [notice, setNotice] = useState<string>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string>();
  const uploadErrors = formErrors(upload.error, ['file'] as const);
  const fileProblem = fileError ?? uploadErrors.fields.file;
  const failure = generate.error?.message ?? uploadErrors.message;

  return (
    <div className="mt-5 space-y-4 border-t border-slate-100 pt-4">
      <Button
        variant="primary"
        busy={generate.isPending}
        busyLabel={t('licence.generating')}
        onClick={() => {
          setNotice(undefined);
          upload.reset();
          generate.mutate({ action: 'generate' }, { onSuccess: () => setNotice(t('licence.generated')) });
        }}
      >
        {hasLicence ? t('licence.regenerate') : t('licence.generate')}
      </Button>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setNotice(undefined);
          setFileError(undefined);
          generate.reset();
          if (!file) return setFileError(t('licence.chooseFile'));
          if (file.size > LICENCE_FILE_MAX_BYTES) return setFileError(t('licence.tooBig'));
          upload.mutate(file, {
            onSuccess: () => {
              setNotice(t('licence.uploaded'));
              setFile(null);
            },
          });
        }}
      >
        <Field label={t('licence.uploadLabel')} className="min-w-0 flex-1 basis-64" error={fileProblem && <span role="alert">{fileProblem}</span>}>
          <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <Button type="submit" busy={upload.isPending} busyLabel={t('licence.uploading')}>
          {t('licence.upload')}
        </Button>
      </form>
      <FormMessage error={failure} notice={notice} />
    </div>
  );
}
