/** The console's UI kit: import from '@/components/ui'. */
export { Badge, type BadgeProps, type BadgeTone } from './Badge';
export { Button, buttonClass, type ButtonProps, type ButtonSize, type ButtonVariant } from './Button';
export { Card, CARD_CLASS, type CardProps } from './Card';
export { ConfirmDialog, type ConfirmDialogProps, type ConfirmOptions } from './ConfirmDialog';
export { CopyButton, type CopyButtonProps } from './CopyButton';
export { copyText } from './copyText';
export { cx } from './cx';
export { DataTable, type Column, type DataTableProps } from './DataTable';
export { DetailHeader, type DetailHeaderProps } from './DetailHeader';
export { Field, INPUT_CLASS, type ControlProps, type FieldProps } from './Field';
export { FormMessage, type FormMessageProps } from './FormMessage';
export { RowAction, type RowActionProps } from './RowAction';
export { errorMessageOf, StatePanel, type PanelState, type QueryLike, type StatePanelProps } from './StatePanel';
export { ConfirmProvider, useConfirm } from './useConfirm';
