'use client';

export default function InstancesError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main>
      <h1 className="text-2xl font-semibold">Instances</h1>
      <div role="alert" className="mt-6 rounded-lg border border-red-200 bg-red-50 p-6 text-red-900">
        <p className="font-medium">This page could not be loaded.</p>
        <p className="mt-1 text-sm">{error.digest ? `The cause is in the server log (${error.digest}).` : error.message}</p>
        <button type="button" onClick={reset} className="mt-3 rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 focus:outline-2 focus:outline-offset-2 focus:outline-red-700">
          Try again
        </button>
      </div>
    </main>
  );
}
