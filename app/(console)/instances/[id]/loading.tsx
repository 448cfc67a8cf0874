export default function Loading() {
  return (
    <main aria-busy="true">
      <p className="rounded-lg border border-slate-200 bg-white p-6 text-slate-600 shadow-sm" role="status">
        Loading the instance…
      </p>
    </main>
  );
}
