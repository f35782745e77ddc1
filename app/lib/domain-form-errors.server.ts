import { asValidationError, DomainError, ValidationError } from "~/app/lib/errors.ts";

/** Conflict codes and the form field they belong to (null: a message for the whole form). Keys are admin.errors.* */
const CODES: Record<string, { field: string | null; key: string }> = {
  already_member: { field: "email", key: "alreadyMember" },
  last_admin: { field: null, key: "lastAdmin" },
  self_deactivation: { field: null, key: "selfDeactivation" },
  team_exists: { field: "name", key: "teamExists" },
  not_found: { field: null, key: "notFound" },
  erased_member: { field: null, key: "erasedMember" },
};

export interface FormErrors {
  fieldErrors: Record<string, string[]>;
  formErrors: string[];
}

/**
 * Turns a domain error an admin can act on into errors next to the fields (conform's reply shape).
 * Anything else (a bug, the database being down) is rethrown for the error boundary.
 */
export function domainFormErrors(thrown: unknown): FormErrors {
  // a value PostgreSQL refused (SQLSTATE class 22) is the input's fault: a form error, not a crash
  const error = asValidationError(thrown) ?? thrown;
  if (error instanceof ValidationError) {
    const { form, ...fieldErrors } = error.fieldErrors;
    return { fieldErrors, formErrors: form ?? [] };
  }
  if (error instanceof DomainError) {
    const known = CODES[error.code];
    if (!known) return { fieldErrors: {}, formErrors: ["generic"] };
    return known.field
      ? { fieldErrors: { [known.field]: [known.key] }, formErrors: [] }
      : { fieldErrors: {}, formErrors: [known.key] };
  }
  throw error;
}
