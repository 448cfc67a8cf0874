export default function Loading() {
  return (
    <main aria-busy="true">
      <h1 className="text-2xl font-semibold">Instances</h1>
      <p className="mt-6 rounded-lg border border-slate-200 bg-white p-6 text-slate-600 shadow-sm" role="status">
        Loading…
      </p>
    </main>
  );
}
