'use client';

import type { ReactNode } from 'react';
import { Button } from './Button';

export interface RowActionProps {
  label: ReactNode;
  /** said while it runs */
  busyLabel: string;
  busy: boolean;
  disabled?: boolean;
  /** the refusal, in place under the button */
  error?: string;
  onClick(): void;
}

/** A table row's action (Retry now, Re-push): a small primary button, its refusal shown in place beneath it. */
export function RowAction({ label, busyLabel, busy, disabled, error, onClick }: RowActionProps) {
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button size="sm" variant="primary" disabled={disabled} busy={busy} busyLabel={busyLabel} onClick={onClick}>
        {label}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
