import type { InputHTMLAttributes } from 'react';

/** An input with its visible label; the label wraps the control, so a click or a screen reader finds it. */
export function TextField({
  label,
  className,
  ...input
}: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className={className ? `field ${className}` : 'field'}>
      <span>{label}</span>
      <input {...input} />
    </label>
  );
}
