import type { z } from "zod";
import { ValidationError } from "~/app/lib/errors.ts";

/** Domain functions validate their input too (jobs and the API call them without a form). */
export function parseAdvocacyInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  throw new ValidationError("invalid input", fieldErrors);
}
