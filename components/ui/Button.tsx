import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import { cx } from './cx';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'sm' | 'md';

const BASE =
  'inline-flex items-center justify-center gap-1.5 rounded whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 disabled:cursor-not-allowed disabled:opacity-60';

const VARIANT: Record<ButtonVariant, string> = {
  primary: 'bg-red-700 font-medium text-white hover:bg-red-800',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-100',
  danger: 'bg-red-800 font-semibold text-white ring-1 ring-inset ring-red-900 hover:bg-red-900',
  ghost: 'text-slate-700 hover:bg-slate-200',
};

const SIZE: Record<ButtonSize, string> = {
  sm: 'px-2 py-0.5 text-xs',
  md: 'px-3 py-1.5 text-sm',
};

/** The classes of a button, for a link that should look like one (`<Link className={buttonClass('ghost')}>`). */
export function buttonClass(variant: ButtonVariant = 'secondary', size: ButtonSize = 'md', className?: string): string {
  return cx(BASE, VARIANT[variant], SIZE[size], className);
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** the action is running: disabled, announced as busy, with a spinner */
  busy?: boolean;
  /** what the button says while busy (else its children) */
  busyLabel?: ReactNode;
  ref?: Ref<HTMLButtonElement>;
}

/** The console's button. `type` defaults to "button", so a button inside a form submits only when asked to. */
export function Button({ variant = 'secondary', size = 'md', busy = false, busyLabel, className, disabled, type = 'button', children, ...rest }: ButtonProps) {
  return (
    <button {...rest} type={type} disabled={disabled || busy} aria-busy={busy || undefined} className={buttonClass(variant, size, className)}>
      {busy && <span aria-hidden="true" className="h-3 w-3 animate-spin rounded-full border-2 border-current border-r-transparent" />}
      {busy && busyLabel !== undefined ? busyLabel : children}
    </button>
  );
}
