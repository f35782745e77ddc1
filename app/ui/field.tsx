import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";

/** Turns an error key into words; a module with its own error keys passes its own. */
export type ErrorText = (key: string) => string;

/** The errors of a field, translated (schema messages are keys under "validation."). */
export function FieldErrors({
  field,
  errorText,
}: {
  field: FieldMetadata<unknown>;
  errorText?: ErrorText | undefined;
}) {
  const { t } = useTranslation();
  if (!field.errors?.length) return null;
  const text = errorText ?? ((e: string) => t(`validation.${e}`, { defaultValue: e }));
  return (
    <span id={field.errorId} className="field-error">
      {field.errors.map(text).join(" ")}
    </span>
  );
}

type InputType = "text" | "email" | "search" | "url";

/** A labelled input wired to conform: aria-invalid, aria-describedby and the error text. */
export function TextField({
  field,
  label,
  hint,
  type = "text",
  autoFocus,
  autoComplete,
  errorText,
}: {
  field: FieldMetadata<string>;
  label: string;
  hint?: string | undefined;
  type?: InputType;
  autoFocus?: boolean;
  autoComplete?: string | undefined;
  errorText?: ErrorText;
}) {
  const props = getInputProps(field, { type, ariaDescribedBy: hint ? `${field.id}-hint` : undefined });
  return (
    <label htmlFor={field.id}>
      {label}
      {hint ? (
        <span id={`${field.id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      <input {...props} key={props.key} autoFocus={autoFocus} autoComplete={autoComplete} />
      <FieldErrors field={field} errorText={errorText} />
    </label>
  );
}

/** A labelled number input (decimal keyboard on phones) with its explanation and its errors. */
export function NumberField({
  field,
  label,
  hint,
  step,
  errorText,
}: {
  field: FieldMetadata<unknown>;
  label: string;
  hint?: string | undefined;
  step: string;
  errorText?: ErrorText;
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const props = getInputProps(field, { type: "number", ariaDescribedBy: hintId });
  return (
    <label htmlFor={field.id}>
      {label}
      {hint ? (
        <span id={hintId} className="hint">
          {hint}
        </span>
      ) : null}
      <input {...props} key={props.key} step={step} inputMode="decimal" className="input-short" />
      <FieldErrors field={field} errorText={errorText} />
    </label>
  );
}

export function SelectField({
  field,
  label,
  options,
  hint,
  errorText,
}: {
  field: FieldMetadata<string | null | undefined>;
  label: string;
  options: { value: string; label: string }[];
  hint?: string | undefined;
  errorText?: ErrorText;
}) {
  const props = getSelectProps(field, { ariaDescribedBy: hint ? `${field.id}-hint` : undefined });
  return (
    <label htmlFor={field.id}>
      {label}
      {hint ? (
        <span id={`${field.id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      <select {...props} key={props.key}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors field={field} errorText={errorText} />
    </label>
  );
}

/** A submit button that says it is working while its form is pending. */
export function SubmitButton({
  children,
  pending,
  className,
}: {
  children: React.ReactNode;
  pending: boolean;
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <button type="submit" disabled={pending} aria-busy={pending} className={className}>
      {pending ? t("saving") : children}
    </button>
  );
}
