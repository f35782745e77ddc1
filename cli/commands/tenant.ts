import { z } from "zod";
import { database } from "~/db/client.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { codeOf } from "~/app/lib/errors.ts";
import { createTenant } from "~/app/modules/tenancy/create-tenant.server.ts";
import { CreateTenantInput } from "~/app/modules/tenancy/schemas.ts";
import { CliError, parseFlags, type CommandResult } from "~/cli/args.ts";

const fields = CreateTenantInput.shape;

const TenantCreateFlags = z.object({
  name: fields.companyName,
  slug: fields.slug,
  "admin-email": fields.adminEmail,
  "admin-name": fields.adminName.optional(),
  locale: fields.locale,
  json: z.boolean().optional(),
});

export async function tenantCreate(argv: string[]): Promise<CommandResult> {
  const flags = parseFlags(
    argv,
    {
      name: { type: "string" },
      slug: { type: "string" },
      "admin-email": { type: "string" },
      "admin-name": { type: "string" },
      locale: { type: "string" },
      json: { type: "boolean" },
    },
    TenantCreateFlags,
  );
  const email = flags["admin-email"];
  // A person's name is required in the app; an operator creating a trial tenant often has only the
  // address. The local part is a placeholder the admin can change on their profile.
  const adminName = flags["admin-name"] ?? email.split("@")[0] ?? email;
  const { db } = await database();
  let created: Awaited<ReturnType<typeof createTenant>>;
  try {
    created = await createTenant(db, {
      companyName: flags.name,
      slug: flags.slug,
      adminName,
      adminEmail: email,
      locale: flags.locale,
    });
  } catch (error) {
    if (codeOf(error, ["slug_taken"]))
      throw new CliError(`slug "${flags.slug}" is already taken`, "slug_taken", 1);
    throw error;
  }
  const login = `${appUrl()}/login?redirectTo=${encodeURIComponent(`/t/${created.slug}`)}`;
  return {
    json: {
      tenant: { id: created.tenantId, slug: created.slug },
      admin: { userId: created.adminUserId, email },
    },
    text: [
      `Created tenant "${flags.name}" (${created.slug}), id ${created.tenantId}.`,
      `Admin: ${email} (user ${created.adminUserId}).`,
      "",
      "Next:",
      `  ${email} signs in at ${login}`,
      "  (Chorus emails a one-time sign-in link; without RESEND_API_KEY it lands in .data/mail, shown at /dev/mail).",
      `  Then invite members at ${appUrl()}/t/${created.slug}/admin/members.`,
    ].join("\n"),
  };
}

export async function tenantList(argv: string[]): Promise<CommandResult> {
  parseFlags(argv, { json: { type: "boolean" } }, z.object({ json: z.boolean().optional() }));
  const { db } = await database();
  // tenants is a global table the app role may read: no owner connection, no withTenant needed.
  const rows = await db
    .selectFrom("tenants")
    .select(["id", "slug", "name", "default_locale", "created_at"])
    .orderBy("slug")
    .execute();
  const tenants = rows.map((t) => ({
    id: t.id,
    slug: t.slug,
    name: t.name,
    locale: t.default_locale,
    createdAt: t.created_at.toISOString(),
  }));
  const width = Math.max(4, ...tenants.map((t) => t.slug.length));
  const text =
    tenants.length === 0
      ? "No tenants yet. Create one: npm run chorus -- tenant create --name <company> --slug <slug> --admin-email <email>"
      : [
          `${"SLUG".padEnd(width)}  ID                                    LOCALE  NAME`,
          ...tenants.map((t) => `${t.slug.padEnd(width)}  ${t.id}  ${t.locale.padEnd(6)}  ${t.name}`),
        ].join("\n");
  return { json: { tenants }, text };
}
