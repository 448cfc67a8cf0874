import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react';
import { cx } from './cx';

export const INPUT_CLASS =
  'mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-red-700 focus-visible:outline-2 focus-visible:outline-red-700';
const INVALID_CLASS = 'border-red-600 bg-red-50/40';

/** What a field hands its control: spread it on the input, select or textarea. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  'aria-required'?: true;
  className: string;
}

export interface FieldProps {
  label: ReactNode;
  /** a line under the control: what to enter */
  hint?: ReactNode;
  /** what is wrong with the value; marks the control invalid */
  error?: ReactNode;
  required?: boolean;
  /** the control's id (else one is made) */
  id?: string;
  className?: string;
  /** the control: one element (it gets the id, aria and class unless it sets its own class), or a render prop */
  children: ReactElement<{ id?: string; className?: string; 'aria-describedby'?: string }> | ((control: ControlProps) => ReactNode);
}

/** A labelled form control with its hint and error, wired for assistive technology (label for, aria-describedby, aria-invalid). */
export function Field({ label, hint, error, required, id: givenId, className, children }: FieldProps) {
  const made = useId();
  const own = typeof children !== 'function' && isValidElement(children) ? children.props : undefined;
  const id = own?.id ?? givenId ?? `field${made.replace(/[^\w-]/g, '')}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const control: ControlProps = {
    id,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
    'aria-invalid': error ? true : undefined,
    'aria-required': required ? true : undefined,
    className: cx(INPUT_CLASS, !!error && INVALID_CLASS),
  };
  let rendered: ReactNode;
  if (typeof children === 'function') rendered = children(control);
  else if (own) {
    rendered = cloneElement(children, {
      ...control,
      'aria-describedby': [own['aria-describedby'], control['aria-describedby']].filter(Boolean).join(' ') || undefined,
      className: own.className ? cx(own.className, !!error && INVALID_CLASS) : control.className,
    });
  }
  return (
    <div className={cx('text-sm', className)}>
      <label htmlFor={id} className="font-medium text-slate-700">
        {label}
        {required && (
          <span aria-hidden="true" className="ml-0.5 text-red-700">
            *
          </span>
        )}
      </label>
      {rendered}
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="mt-1 text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
