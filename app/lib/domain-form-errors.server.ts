import { asValidationError, DomainError, errorSpec, isErrorCode, ValidationError } from "~/app/lib/errors.ts";

export interface FormErrors {
  fieldErrors: Record<string, string[]>;
  formErrors: string[];
}

/**
 * Turns a domain error a person can act on into errors next to the fields (conform's reply shape):
 * the error's code goes to the field the registry (app/lib/errors.ts) names, or to the whole form;
 * the page's error component (app/ui/error-notice.tsx) says it in words. Anything else (a bug, the
 * database being down) is rethrown for the error boundary.
 */
export function domainFormErrors(thrown: unknown): FormErrors {
  // a value PostgreSQL refused (SQLSTATE class 22) is the input's fault: a form error, not a crash
  const error = asValidationError(thrown) ?? thrown;
  if (error instanceof ValidationError) {
    const { form, ...fieldErrors } = error.fieldErrors;
    return { fieldErrors, formErrors: form ?? [] };
  }
  if (error instanceof DomainError) {
    if (!isErrorCode(error.code)) return { fieldErrors: {}, formErrors: ["generic"] };
    const { field } = errorSpec(error.code);
    return field
      ? { fieldErrors: { [field]: [error.code] }, formErrors: [] }
      : { fieldErrors: {}, formErrors: [error.code] };
  }
  throw error;
}
