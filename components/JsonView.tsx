import type { ReactNode } from 'react';

/**
 * A small read-only JSON viewer: pretty-printed, keys and value types coloured. A text that is not JSON is shown
 * as it is. Server-renderable (no state), so it costs nothing in the browser.
 */
export function JsonView({ value, label, none = '(none)' }: { value: string | unknown; label: string; none?: string }) {
  let data: unknown = value;
  let raw: string | undefined;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value);
    } catch {
      raw = value;
    }
  }
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-800 focus-visible:outline-2 focus-visible:outline-red-700"
    >
      {raw !== undefined ? raw : value === null || value === undefined ? <span className="text-slate-400">{none}</span> : render(data, 0)}
    </pre>
  );
}

const pad = (depth: number) => '  '.repeat(depth);

function render(v: unknown, depth: number): ReactNode {
  if (v === null) return <span className="text-slate-500">null</span>;
  if (typeof v === 'string') return <span className="break-all text-emerald-800">{JSON.stringify(v)}</span>;
  if (typeof v === 'number') return <span className="text-blue-800">{String(v)}</span>;
  if (typeof v === 'boolean') return <span className="text-purple-800">{String(v)}</span>;
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    return (
      <>
        {'[\n'}
        {v.map((x, i) => (
          <span key={i}>
            {pad(depth + 1)}
            {render(x, depth + 1)}
            {i < v.length - 1 ? ',\n' : '\n'}
          </span>
        ))}
        {pad(depth) + ']'}
      </>
    );
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (!entries.length) return '{}';
    return (
      <>
        {'{\n'}
        {entries.map(([k, x], i) => (
          <span key={k}>
            {pad(depth + 1)}
            <span className="text-red-800">{JSON.stringify(k)}</span>
            {': '}
            {render(x, depth + 1)}
            {i < entries.length - 1 ? ',\n' : '\n'}
          </span>
        ))}
        {pad(depth) + '}'}
      </>
    );
  }
  return String(v);
}
