import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { database } from "../../db/client.ts";
import { withTenant } from "../../db/tenant.ts";
import { Slug } from "../../app/lib/validation.ts";
import { operatorMemberExport } from "../../app/modules/privacy/export-requests.server.ts";
import { CliError, parseFlags, type CommandResult } from "../args.ts";
import { findTenant } from "./find-tenant.ts";

/**
 * `member export --tenant <slug> --email <address> [--out file]`: everything Chorus holds about the
 * person in the tenant (GDPR Art. 15/20), the same JSON document the member downloads under
 * "My data" — printed, or written to --out (created with mode 600; an existing file is not
 * overwritten). Recorded as an operator's export: in the audit log (actor: none, via cli) and in
 * the person's list of downloads, where they see it was prepared by an operator.
 */
export async function memberExport(argv: string[]): Promise<CommandResult> {
  const flags = parseFlags(
    argv,
    { tenant: { type: "string" }, email: { type: "string" }, out: { type: "string" }, json: { type: "boolean" } },
    z.object({
      tenant: Slug,
      email: z.email({ error: "must be an email address" }).max(320),
      out: z.string().min(1).max(4096).optional(),
      json: z.boolean().optional(),
    }),
  );
  const { db } = await database();
  const tenant = await findTenant(db, flags.tenant);
  const doc = await withTenant(db, tenant.id, (tx) => operatorMemberExport(tx, { tenantId: tenant.id, email: flags.email }));
  if (!doc) throw new CliError(`no member with the email "${flags.email}" in ${tenant.slug}`, "unknown_member", 1);
  const text = JSON.stringify(doc, null, 2);
  if (flags.out === undefined) return { json: doc, text };
  const path = resolve(flags.out);
  try {
    await writeFile(path, `${text}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === "EEXIST" ? `${path} exists; choose another --out file` : `cannot write ${path}: ${(error as Error).message}`, "write_failed", 1);
  }
  return { json: { written: path, format: doc.format, version: doc.version }, text: `Wrote the export of ${doc.person.email} in ${tenant.slug} to ${path}` };
}
