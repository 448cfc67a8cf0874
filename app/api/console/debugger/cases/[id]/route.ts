import { consoleRoute } from '@/lib/console/route';
import { caseBody, debuggerDeps } from '@/lib/debugger/api';
import { removeCase, saveCase } from '@/lib/debugger/runner';

export const dynamic = 'force-dynamic';

const target = ({ id }: { id: string }) => `debug case ${id}`;

/** PUT: edits a case; `key` absent keeps the stored key, "" forgets it. saveCase audits it. */
export const PUT = consoleRoute<{ id: string }, typeof caseBody>(
  { role: 'support', body: caseBody, audit: 'debug.case.update', recordedBy: 'domain', target },
  ({ runtime, user, body, params }) => saveCase(debuggerDeps(runtime), user, body, params.id),
);

export const DELETE = consoleRoute<{ id: string }>(
  { role: 'support', audit: 'debug.case.delete', recordedBy: 'domain', target },
  ({ runtime, user, params }) => removeCase(debuggerDeps(runtime), user, params.id),
);
