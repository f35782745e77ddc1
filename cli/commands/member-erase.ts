import { z } from "zod";
import { database } from "~/db/client.ts";
import { Slug } from "~/app/lib/validation.ts";
import { codeOf } from "~/app/lib/errors.ts";
import { eraseMember, type EraseMemberResult } from "~/app/modules/privacy/erase-member.server.ts";
import { CliError, parseFlags, type CommandResult } from "~/cli/args.ts";
import { findTenant } from "~/cli/commands/find-tenant.ts";

/**
 * `member erase --tenant <slug> --email <address> --yes [--json]`: erases a person from a tenant
 * (GDPR Art. 17; app/modules/privacy/erase-member.server.ts). It cannot be undone, so it runs only
 * with --yes (exit 2 without). Prints the pseudonym the person's membership now carries and what was
 * deleted or rewritten; the audit log records it without the address.
 */
export async function memberErase(argv: string[]): Promise<CommandResult> {
  const flags = parseFlags(
    argv,
    {
      tenant: { type: "string" },
      email: { type: "string" },
      yes: { type: "boolean" },
      json: { type: "boolean" },
    },
    z.object({
      tenant: Slug,
      email: z.email({ error: "must be an email address" }).max(320),
      yes: z.boolean().optional(),
      json: z.boolean().optional(),
    }),
  );
  if (!flags.yes) {
    throw new CliError(
      `erasing ${flags.email} from ${flags.tenant} cannot be undone: add --yes to confirm (statements exported before keep the names)`,
      "confirmation_required",
    );
  }
  const { db } = await database();
  const tenant = await findTenant(db, flags.tenant);
  let result: EraseMemberResult;
  try {
    result = await eraseMember(db, tenant.id, null, { email: flags.email });
  } catch (error) {
    const code = codeOf(error, ["not_found", "last_admin"]);
    if (code === "not_found")
      throw new CliError(`no member with the email "${flags.email}" in ${tenant.slug}`, "unknown_member", 1);
    if (code === "last_admin")
      throw new CliError(
        `${flags.email} is the last active admin of ${tenant.slug}: make someone else admin first`,
        "last_admin",
        1,
      );
    throw error;
  }
  return {
    json: {
      tenant: tenant.slug,
      pseudonym: result.pseudonym,
      user_deleted: result.userDeleted,
      exported_statements: result.exportedStatements,
      counts: result.counts,
    },
    text: toText(tenant.slug, result),
  };
}

function toText(slug: string, r: EraseMemberResult): string {
  const lines = [
    `Erased from ${slug}. The membership is now "${r.pseudonym}".`,
    r.userDeleted
      ? "The user account was deleted (no other tenant)."
      : "The user account stays: the person belongs to another tenant.",
  ];
  if ((r.counts.texts_frozen ?? 0) > 0)
    lines.push(
      `${r.counts.texts_frozen} text(s) refused their rewrite (a check or trigger of their table) and still name the person: see the server log (erasure: a text refused its rewrite).`,
    );
  if ((r.counts.linkedin_not_revoked ?? 0) > 0)
    lines.push(
      "Their LinkedIn connection could not be revoked at LinkedIn (no answer, or the tenant's LinkedIn app or the server's key is missing): it is deleted here, but LinkedIn may still list Chorus as authorised; see the server log (erasure: a LinkedIn grant).",
    );
  if (r.exportedStatements > 0)
    lines.push(
      `${r.exportedStatements} statement(s) had been exported before: those copies still carry the names; Chorus's copies are pseudonymised.`,
    );
  lines.push("Removed or rewritten:");
  for (const [kind, count] of Object.entries(r.counts)) if (count > 0) lines.push(`  ${kind}: ${count}`);
  return lines.join("\n");
}
