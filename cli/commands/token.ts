import { z } from "zod";
import { database } from "~/db/client.ts";
import { API_SCOPES } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { codeOf } from "~/app/lib/errors.ts";
import { Slug } from "~/app/lib/validation.ts";
import {
  API_TOKEN_LIFETIMES,
  createApiToken,
  CreateApiTokenInput,
  listApiTokens,
  revokeApiToken,
} from "~/app/modules/api/api-tokens.server.ts";
import { CliError, parseFlags, type CommandResult } from "~/cli/args.ts";
import { findTenant } from "~/cli/commands/find-tenant.ts";
import { scimBaseUrl } from "~/app/modules/scim/http.server.ts";

const json = z.boolean().optional();

/** `--scope content,credit`: comma-separated, at least one; "content" when the flag is left out. */
const ScopeFlag = z
  .string()
  .default("content")
  .transform((value) =>
    value
      .split(",")
      .map((scope) => scope.trim())
      .filter((scope) => scope !== ""),
  )
  .pipe(
    z
      .array(z.enum(API_SCOPES, { error: `must be a comma-separated list of ${API_SCOPES.join(", ")}` }))
      .min(1, `must name at least one of ${API_SCOPES.join(", ")}`),
  );

/** `--expires-in 30|90|365|never` (days); a year when left out, like the admin page. */
const ExpiresInFlag = z
  .enum(API_TOKEN_LIFETIMES, { error: `must be one of ${API_TOKEN_LIFETIMES.join(", ")} (days, or never)` })
  .default("365");

export async function tokenCreate(argv: string[]): Promise<CommandResult> {
  const flags = parseFlags(
    argv,
    {
      tenant: { type: "string" },
      name: { type: "string" },
      scope: { type: "string" },
      "expires-in": { type: "string" },
      json: { type: "boolean" },
    },
    z.object({
      tenant: Slug,
      name: CreateApiTokenInput.shape.name,
      scope: ScopeFlag,
      "expires-in": ExpiresInFlag,
      json,
    }),
  );
  const { db } = await database();
  const tenant = await findTenant(db, flags.tenant);
  // created_by stays null: an operator at a shell is not a member of the tenant.
  const created = await withTenant(db, tenant.id, (tx) =>
    createApiToken(tx, {
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      name: flags.name,
      scopes: flags.scope,
      lifetime: flags["expires-in"],
      createdBy: null,
    }),
  );
  const expires = created.expiresAt ? `It expires ${created.expiresAt.toISOString()}.` : "It never expires.";
  return {
    json: {
      token: created.token,
      id: created.id,
      scopes: created.scopes,
      expiresAt: created.expiresAt?.toISOString() ?? null,
      ...(created.scopes.includes("scim") ? { scimBaseUrl: scimBaseUrl() } : {}),
    },
    text: [
      `API token "${flags.name}" created for ${tenant.slug} (id ${created.id}, scopes: ${created.scopes.join(", ")}). ${expires}`,
      "Copy it now; it is stored only as a hash and cannot be shown again:",
      "",
      created.token,
      // what a directory (Entra ID: "Tenant URL") is configured with next to the token
      ...(created.scopes.includes("scim") ? ["", `SCIM base URL: ${scimBaseUrl()}`] : []),
    ].join("\n"),
  };
}

export async function tokenList(argv: string[]): Promise<CommandResult> {
  const flags = parseFlags(
    argv,
    { tenant: { type: "string" }, json: { type: "boolean" } },
    z.object({ tenant: Slug, json }),
  );
  const { db } = await database();
  const tenant = await findTenant(db, flags.tenant);
  const tokens = await withTenant(db, tenant.id, (tx) => listApiTokens(tx, tenant.id));
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const now = new Date();
  const rows = tokens.map((t) => ({
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    createdBy: t.createdBy,
    createdAt: iso(t.createdAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
    expiresAt: iso(t.expiresAt),
    status: t.revokedAt ? "revoked" : t.expiresAt && t.expiresAt <= now ? "expired" : "active",
  }));
  const text =
    rows.length === 0
      ? `No API tokens for ${tenant.slug}.`
      : [
          "ID                                    STATUS   CREATED               LAST USED             EXPIRES               SCOPES          NAME",
          ...rows.map(
            (t) =>
              `${t.id}  ${t.status.padEnd(7)}  ${minute(t.createdAt)}  ${minute(t.lastUsedAt).padEnd(20)}  ${(t.expiresAt ? minute(t.expiresAt) : "never").padEnd(20)}  ${t.scopes.join(",").padEnd(14)}  ${t.name}`,
          ),
        ].join("\n");
  return { json: { tokens: rows }, text };
}

export async function tokenRevoke(argv: string[]): Promise<CommandResult> {
  const flags = parseFlags(
    argv,
    { tenant: { type: "string" }, id: { type: "string" }, json: { type: "boolean" } },
    z.object({ tenant: Slug, id: z.uuid("must be a token id (a UUID)"), json }),
  );
  const { db } = await database();
  const tenant = await findTenant(db, flags.tenant);
  try {
    await withTenant(db, tenant.id, (tx) => revokeApiToken(tx, tenant.id, flags.id));
  } catch (error) {
    if (codeOf(error, ["not_found"]))
      throw new CliError(`no API token ${flags.id} in tenant ${tenant.slug}`, "not_found", 1);
    throw error;
  }
  return { json: { revoked: { id: flags.id } }, text: `Revoked API token ${flags.id} of ${tenant.slug}.` };
}

/** "2025-01-31T09:15:00.000Z" → "2025-01-31 09:15 UTC"; "-" for never. */
function minute(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "-";
}
