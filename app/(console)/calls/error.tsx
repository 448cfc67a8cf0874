'use client';

export default function CallsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main>
      <h1 className="text-2xl font-semibold">Call log</h1>
      <div role="alert" className="mt-6 rounded-lg border border-red-200 bg-red-50 p-6 text-red-900">
        <p>The call log could not be loaded. The cause is in the server log{error.digest ? ` (reference ${error.digest})` : ''}.</p>
        <button
          type="button"
          onClick={reset}
          className="mt-3 rounded bg-red-700 px-3 py-1.5 text-sm text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
        >
          Try again
        </button>
      </div>
    </main>
  );
}
