// A labelled field whose error, when there is one, is shown in words beneath it and tied to
// it (aria-describedby, aria-invalid), so a screen reader reads it with the field.
import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
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
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldFrame label={label} hint={hint} error={error} ids={ids}>
      <input
        ref={ref}
        id={ids.controlId}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...input}
      />
    </FieldFrame>
  );
});

/** The ids a field's control ties its hint and error to (aria-describedby). */
function useFieldIds(id: string | undefined, hint: ReactNode, error: string | undefined) {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  return { controlId, hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(' ') || undefined };
}

/** A field's label, hint and error in words, around its control. */
function FieldFrame({
  label,
  hint,
  error,
  ids,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string;
  ids: ReturnType<typeof useFieldIds>;
  children: ReactNode;
}) {
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={ids.controlId}>{label}</label>
      {hint && (
        <p className="hint" id={ids.hintId}>
          {hint}
        </p>
      )}
      <ErrorMessage id={ids.errorId} error={error} />
      {children}
    </div>
  );
}

function ErrorMessage({ id, error }: { id?: string; error?: string }) {
  if (!error) return null;
  return (
    <p className="error-message" id={id}>
      <span className="visually-hidden">Error: </span>
      {error}
    </p>
  );
}

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

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  error?: string;
  hint?: ReactNode;
  options: readonly { value: string; label: string }[];
}

/** A labelled choice, its error shown and tied to it as TextField does. */
export const SelectField = forwardRef<HTMLSelectElement, SelectFieldProps>(function SelectField(
  { label, error, hint, id, options, ...select },
  ref,
) {
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldFrame label={label} hint={hint} error={error} ids={ids}>
      <select
        ref={ref}
        id={ids.controlId}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
});

export interface CheckboxChoice {
  value: string;
  label: ReactNode;
  /** Said of this box alone (e.g. what a role allows), read with it. */
  hint?: ReactNode;
}

/**
 * Boxes under one legend, each with its own label (`<idPrefix>-<value>`); the group's hint
 * and error are shown in words and tied to the group as TextField ties them to its input.
 */
export function CheckboxGroupField({
  legend,
  idPrefix,
  choices,
  hint,
  error,
  registration,
}: {
  legend: string;
  idPrefix: string;
  choices: readonly CheckboxChoice[];
  hint?: ReactNode;
  error?: string;
  registration: UseFormRegisterReturn;
}) {
  const hintId = hint ? `${idPrefix}-hint` : undefined;
  const errorId = error ? `${idPrefix}-error` : undefined;
  return (
    <fieldset
      className={error ? 'field-error' : undefined}
      aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
    >
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <ErrorMessage id={errorId} error={error} />
      {choices.map((choice) => {
        const id = `${idPrefix}-${choice.value}`;
        return (
          <div className="checkbox" key={choice.value}>
            <input
              type="checkbox"
              id={id}
              value={choice.value}
              aria-describedby={choice.hint ? `${id}-hint` : undefined}
              {...registration}
            />
            <label htmlFor={id}>{choice.label}</label>
            {choice.hint && (
              <p className="hint choice-hint" id={`${id}-hint`}>
                {choice.hint}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
