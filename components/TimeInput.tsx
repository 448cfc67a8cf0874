'use client';

import Link from 'next/link';
import { Button, buttonClass } from '@/components/ui';
import { usePathname, useRouter } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useIsClient } from '@/components/LocalTime';
import { formatLocal, parseLocal, TIME_INPUT_FORMAT } from '@/lib/datetime';

/**
 * A time filter typed as the console shows times (`2026-12-01 18:50:33`, in the reader's zone; lib/datetime.ts), not
 * a native datetime-local, whose display follows the browser's locale (mm/dd/yyyy). The URL keeps the ISO instant.
 */
export function TimeInput({ name, iso, error, className }: { name: string; iso?: string; error?: string; className?: string }) {
  const client = useIsClient();
  const d = iso ? new Date(iso) : undefined;
  const shown = !d ? '' : Number.isNaN(d.getTime()) ? (iso ?? '') : formatLocal(d);
  return (
    <>
      <input
        id={`f-${name}`}
        name={name}
        // the server does not know the reader's zone: the value appears once hydrated
        defaultValue={client ? shown : ''}
        placeholder={TIME_INPUT_FORMAT}
        inputMode="numeric"
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `f-${name}-error` : undefined}
        className={className}
      />
      {error && (
        <span id={`f-${name}-error`} role="alert" className="mt-1 block text-xs text-red-700">
          {error}
        </span>
      )}
    </>
  );
}

/**
 * The form's filter values for a URL: trimmed, empty ones left out, the time fields as ISO instants. A time that is
 * not in the console's format is an error for that field (the form shows it and does not navigate).
 */
export function readFilterForm<K extends string>(
  data: FormData,
  keys: readonly K[],
  timeKeys: readonly K[],
  timeError: string,
): { query: URLSearchParams; errors: Partial<Record<K, string>> } {
  const query = new URLSearchParams();
  const errors: Partial<Record<K, string>> = {};
  for (const k of keys) {
    let v = String(data.get(k) ?? '').trim();
    if (!v) continue;
    if (timeKeys.includes(k)) {
      const d = parseLocal(v);
      if (!d) {
        errors[k] = timeError;
        continue;
      }
      v = d.toISOString();
    }
    query.set(k, v);
  }
  return { query, errors };
}

/**
 * A filter form's submit: its values go into the URL (readFilterForm), or, when a time is not in the console's
 * format, the form shows `timeError` beside that field and stays where it is.
 */
export function useFilterForm<K extends string>(keys: readonly K[], timeKeys: readonly K[], timeError: string) {
  const router = useRouter();
  const pathname = usePathname();
  const [timeErrors, setTimeErrors] = useState<Partial<Record<K, string>>>({});
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { query, errors } = readFilterForm(new FormData(e.currentTarget), keys, timeKeys, timeError);
    setTimeErrors(errors);
    if (Object.keys(errors).length === 0) router.push(query.size ? `${pathname}?${query}` : pathname);
  };
  return { submit, timeErrors };
}

/**
 * The white card of a page's filters. Its fields' defaults follow `values` (the URL: back/forward, links), and times
 * appear in the reader's zone once hydrated, so the form is drawn anew when either changes.
 */
export function FilterForm({ label, values, onSubmit, className, children }: { label: string; values: unknown; onSubmit: (e: FormEvent<HTMLFormElement>) => void; className: string; children: ReactNode }) {
  const client = useIsClient();
  return (
    <form aria-label={label} onSubmit={onSubmit} key={JSON.stringify(values) + String(client)} className={`mt-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${className}`}>
      {children}
    </form>
  );
}

/** A filter form's buttons: apply, and a link back to the unfiltered page; anything else after them. */
export function FilterButtons({ apply, reset, className, children }: { apply: string; reset: { href: string; label: string }; className: string; children?: ReactNode }) {
  return (
    <div className={className}>
      <Button type="submit" variant="primary">
        {apply}
      </Button>
      <Link href={reset.href} className={buttonClass('ghost')}>
        {reset.label}
      </Link>
      {children}
    </div>
  );
}
