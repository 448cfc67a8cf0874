'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/ui';
import { Button } from './Button';
import { cx } from './cx';

export interface ConfirmOptions {
  title: ReactNode;
  /** what will happen, in a sentence or two */
  message?: ReactNode;
  /** the confirming button's words (default "Confirm"); say the action: "Freeze", "Re-invoke" */
  confirmLabel?: ReactNode;
  cancelLabel?: ReactNode;
  /** danger: the action destroys or cannot be undone */
  tone?: 'default' | 'danger';
}

export interface ConfirmDialogProps extends ConfirmOptions {
  open: boolean;
  onConfirm: () => void;
  /** Cancel, Escape, or the browser's own close request */
  onCancel: () => void;
  /** the confirmed action is running: the confirm button waits */
  busy?: boolean;
  busyLabel?: ReactNode;
  /** why the confirmed action failed; the dialog stays open */
  error?: ReactNode;
  /** more detail under the message (the record's id) */
  children?: ReactNode;
}

/**
 * A modal confirmation on the native `<dialog>` (showModal: focus trapped, the page inert, Escape closes). Cancel has
 * the focus when it opens, so Enter does not confirm by accident; the focus returns where it was when it closes.
 */
export function ConfirmDialog({ open, title, message, confirmLabel, cancelLabel, tone = 'default', onConfirm, onCancel, busy, busyLabel, error, children }: ConfirmDialogProps) {
  const t = useT(messages);
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const messageId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open) {
      if (dialog.open) return;
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      cancelRef.current?.focus();
    } else {
      if (dialog.open) dialog.close();
      returnTo.current?.focus();
      returnTo.current = null;
    }
  }, [open]);
  // unmounted while open: give the focus back all the same
  useEffect(
    () => () => {
      if (ref.current?.open) returnTo.current?.focus();
    },
    [],
  );

  const cancel = (e: { preventDefault(): void }) => {
    // the parent closes the dialog by its `open`; the browser must not close it behind React's back
    e.preventDefault();
    onCancel();
  };
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={message ? messageId : undefined}
      onCancel={cancel}
      // the browser may close it anyway (a repeated Escape is not cancellable): that is a cancel too
      onClose={() => {
        if (open) onCancel();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') cancel(e);
      }}
      className={cx(
        'm-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40',
        tone === 'danger' ? 'border-red-200 border-t-4 border-t-red-700' : 'border-slate-200',
      )}
    >
      <div className="p-5">
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        {message && (
          <div id={messageId} className="mt-2 text-sm text-slate-600">
            {message}
          </div>
        )}
        {children}
        {error && (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {error}
          </p>
        )}
        <div className="mt-5 flex flex-wrap justify-end gap-2">
          <Button ref={cancelRef} onClick={onCancel}>
            {cancelLabel ?? t('cancel')}
          </Button>
          <Button variant={tone === 'danger' ? 'danger' : 'primary'} onClick={onConfirm} busy={busy} busyLabel={busyLabel ?? t('working')}>
            {confirmLabel ?? t('confirm')}
          </Button>
        </div>
      </div>
    </dialog>
  );
}
