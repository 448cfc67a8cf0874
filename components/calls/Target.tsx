import Link from 'next/link';
import { LINK } from './link';

/** What a failure is about: its instance (a link to it) and lines naming its order; ids are data, shown as they are. */
export function Target({ instanceId, lines }: { instanceId: string | null; lines: (string | null | false)[] }) {
  const shown = lines.filter((l): l is string => !!l);
  return (
    <span className="block min-w-0 break-all text-slate-600">
      {instanceId && (
        <Link href={`/instances/${encodeURIComponent(instanceId)}`} translate="no" className={`block ${LINK}`}>
          {instanceId}
        </Link>
      )}
      {shown.map((line) => (
        <span key={line} className="block text-xs" title={line}>
          {line}
        </span>
      ))}
      {!instanceId && !shown.length && '—'}
    </span>
  );
}
