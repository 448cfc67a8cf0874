import Link from 'next/link';

/** The debugger's two pages as tabs (links, so each has its own URL and works without script). */
export function DebuggerTabs({ current, labels }: { current: 'send' | 'cases'; labels: { send: string; cases: string; nav: string } }) {
  const tab = (href: string, key: 'send' | 'cases', text: string) => (
    <Link
      href={href}
      aria-current={current === key ? 'page' : undefined}
      className={`-mb-px border-b-2 px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-red-700 ${current === key ? 'border-red-700 font-semibold text-red-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
    >
      {text}
    </Link>
  );
  return (
    <nav aria-label={labels.nav} className="mt-4 flex flex-wrap gap-2 border-b border-slate-200">
      {tab('/debugger', 'send', labels.send)}
      {tab('/debugger/cases', 'cases', labels.cases)}
    </nav>
  );
}
