export default function Loading() {
  return (
    <main aria-busy="true">
      <h1 className="text-2xl font-semibold">Call log</h1>
      <div role="status" className="mt-6 rounded-lg border border-slate-200 bg-white p-6 text-slate-500 shadow-sm">
        Loading calls…
      </div>
    </main>
  );
}
