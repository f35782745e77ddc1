import { z } from "zod";
import { API_SCOPES, type ApiScope } from "~/db/schema.ts";
import { safeText } from "~/app/lib/validation.ts";

/**
 * Input schemas of the API token use cases. Not *.server.ts: the admin form validates with the same
 * schemas in the browser. Messages are i18n keys (validation.* or escalations.tokens.*).
 */

/** At least one scope; duplicates (two ticked boxes with one value) collapse, the order is API_SCOPES'. */
export const ApiScopeList = z
  .array(z.enum(API_SCOPES, { error: "scopeUnknown" }), { error: "scopesRequired" })
  .min(1, "scopesRequired")
  .transform((scopes): ApiScope[] => API_SCOPES.filter((scope) => scopes.includes(scope)));

/**
 * How long a new token works, in days, or "never". A year unless someone chooses: a token forgotten
 * in an old CI config should stop working on its own, and a yearly renewal is a small price.
 */
export const API_TOKEN_LIFETIMES = ["30", "90", "365", "never"] as const;
export type ApiTokenLifetime = (typeof API_TOKEN_LIFETIMES)[number];
export const DEFAULT_API_TOKEN_LIFETIME: ApiTokenLifetime = "365";
export const ApiTokenLifetime = z
  .enum(API_TOKEN_LIFETIMES, { error: "lifetimeUnknown" })
  .default(DEFAULT_API_TOKEN_LIFETIME);

export const CreateApiTokenInput = z.object({
  name: safeText({ max: 80 }),
  scopes: ApiScopeList,
  lifetime: ApiTokenLifetime,
});
export type CreateApiTokenInput = z.input<typeof CreateApiTokenInput>;
