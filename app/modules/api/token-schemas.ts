import { z } from "zod";
import { API_SCOPES, type ApiScope } from "../../../db/schema.ts";
import { safeText } from "../../lib/validation.ts";

/**
 * Input schemas of the API token use cases. Not *.server.ts: the admin form validates with the same
 * schemas in the browser. Messages are i18n keys (validation.* or escalations.tokens.*).
 */

/** At least one scope; duplicates (two ticked boxes with one value) collapse, the order is API_SCOPES'. */
export const ApiScopeList = z
  .array(z.enum(API_SCOPES, { error: "scopeUnknown" }), { error: "scopesRequired" })
  .min(1, "scopesRequired")
  .transform((scopes): ApiScope[] => API_SCOPES.filter((scope) => scopes.includes(scope)));

export const CreateApiTokenInput = z.object({
  name: safeText({ max: 80 }),
  scopes: ApiScopeList,
});
export type CreateApiTokenInput = z.input<typeof CreateApiTokenInput>;
