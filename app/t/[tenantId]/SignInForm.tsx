'use client';

import { useActionState } from 'react';
import { signInTenant, type SignInState } from './actions';

export interface SignInTexts {
  userName: string;
  password: string;
  signIn: string;
  signingIn: string;
}

export function SignInForm({ tenantId, texts, className = 'mt-6' }: { tenantId: string; texts: SignInTexts; className?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInTenant.bind(null, tenantId), {});
  return (
    <form action={action} className={`${className} space-y-4`} aria-label="Sign in">
      <label className="block">
        <span className="text-sm font-medium">{texts.userName}</span>
        <input name="userName" required autoComplete="username" defaultValue={state.userName} className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
      </label>
      <label className="block">
        <span className="text-sm font-medium">{texts.password}</span>
        <input name="password" type="password" required autoComplete="current-password" className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
      </label>
      {state.error && (
        <p role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending} className="w-full rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-60">
        {pending ? texts.signingIn : texts.signIn}
      </button>
    </form>
  );
}
