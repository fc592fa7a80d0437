// A labelled field whose error, when there is one, is shown in words beneath it and tied to
// it (aria-describedby, aria-invalid), so a screen reader reads it with the field.
import { forwardRef, useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { describeProblem } from '../api/problem';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  error?: string;
  hint?: ReactNode;
}

export const TextField = forwardRef<HTMLInputElement, FieldProps>(function TextField(
  { label, error, hint, id, ...input },
  ref,
) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={inputId}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="error-message" id={errorId}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <input
        ref={ref}
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        {...input}
      />
    </div>
  );
});

/** The error no field owns, above the form; focused when it appears so it is read out. */
export function FormError({ error, messages }: { error?: unknown; messages?: string[] }) {
  if (!error && !messages?.length) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      {error ? <p>{describeProblem(error)}</p> : null}
      {messages?.length ? (
        <ul>
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
