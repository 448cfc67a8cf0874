import Link from 'next/link';

export default function InstanceNotFound() {
  return (
    <main>
      <h1 className="text-2xl font-semibold">Instance not found</h1>
      <p className="mt-2 text-slate-600">No instance has this id. It may have been typed wrong.</p>
      <Link href="/instances" className="mt-4 inline-block text-red-700 underline">
        Back to the instances
      </Link>
    </main>
  );
}
