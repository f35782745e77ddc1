import { z } from "zod";
import { Checkbox, safeString } from "~/app/lib/validation.ts";
import { IDENTITY_PROVIDER_KINDS } from "~/db/tables/identity.ts";

/** The scopes every sign-in asks for; the admin page shows them for the provider's app registration. */
export const SSO_SCOPES = ["openid", "email", "profile"] as const;

/** The button's name when the admin gives none: the provider's own. */
export const DEFAULT_DISPLAY_NAMES = { microsoft: "Microsoft", google: "Google" } as const;

// empty counts as absent: conform drops empty fields, callers without a form may send ""
const optionalText = (max: number) => safeString().trim().max(max, "tooLong").optional();

/**
 * The provider form. Which of entraTenantId, hostedDomain and discoveryUrl is required depends on the
 * kind; the use case checks that (and normalises), so a form for one kind may still carry the other
 * kinds' (hidden) fields. An empty clientSecret keeps the stored one.
 */
export const ConfigureIdentityProviderInput = z.object({
  kind: z.enum(IDENTITY_PROVIDER_KINDS, { error: "required" }),
  displayName: optionalText(80),
  entraTenantId: optionalText(100),
  hostedDomain: optionalText(253),
  discoveryUrl: optionalText(2048),
  clientId: safeString({ error: "required" }).trim().min(1, "required").max(300, "tooLong"),
  clientSecret: optionalText(1000),
  jitEnabled: Checkbox,
  enabled: Checkbox,
});
export type ConfigureIdentityProviderInput = z.input<typeof ConfigureIdentityProviderInput>;

export const SsoDomainInput = z.object({
  domain: safeString({ error: "required" }).trim().min(1, "required").max(300, "tooLong"),
});
export type SsoDomainInput = z.input<typeof SsoDomainInput>;

export const SetSsoDomainRequiredInput = SsoDomainInput.extend({ required: Checkbox });
export type SetSsoDomainRequiredInput = z.input<typeof SetSsoDomainRequiredInput>;

/** An Entra directory (tenant) id: a GUID, as the Entra admin centre shows it. */
export const ENTRA_TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
