import { open, unlink, type FileHandle } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { database } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { Slug } from "~/app/lib/validation.ts";
import { operatorMemberExport } from "~/app/modules/privacy/export-requests.server.ts";
import { renderExportSummary } from "~/app/modules/privacy/export-summary.ts";
import { CliError, parseFlags, type CommandResult } from "~/cli/args.ts";
import { findTenant } from "~/cli/commands/find-tenant.ts";

/**
 * `member export --tenant <slug> --email <address> [--format json|html] [--out file]`: everything
 * Chorus holds about the person in the tenant (GDPR Art. 15/20), the same document the member
 * downloads under "My data" — as JSON, or as the same readable HTML summary — printed, or written to
 * --out. The --out file is created (mode 600, never overwriting) before anything is recorded, so an
 * existing or unwritable file leaves no export behind. Recorded as an operator's export: in the
 * audit log (actor: none, via cli) and in the person's list of downloads, where they see it was
 * prepared by an operator.
 */
export async function memberExport(argv: string[]): Promise<CommandResult> {
  const flags = parseFlags(
    argv,
    {
      tenant: { type: "string" },
      email: { type: "string" },
      out: { type: "string" },
      format: { type: "string" },
      json: { type: "boolean" },
    },
    z.object({
      tenant: Slug,
      email: z.email({ error: "must be an email address" }).max(320),
      out: z.string().min(1).max(4096).optional(),
      format: z.enum(["json", "html"], { error: "must be json or html" }).default("json"),
      json: z.boolean().optional(),
    }),
  );
  const { db } = await database();
  const tenant = await findTenant(db, flags.tenant);

  const path = flags.out === undefined ? undefined : resolve(flags.out);
  let file: FileHandle | undefined;
  if (path !== undefined) {
    try {
      file = await open(path, "wx", 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        code === "EEXIST"
          ? `${path} exists; choose another --out file`
          : `cannot write ${path}: ${(error as Error).message}`,
        "write_failed",
        1,
      );
    }
  }

  let written = false;
  try {
    // written inside the transaction: a failed write records no export either
    const { doc, text } = await withTenant(db, tenant.id, async (tx) => {
      const doc = await operatorMemberExport(tx, { tenantId: tenant.id, email: flags.email });
      if (!doc)
        throw new CliError(
          `no member with the email "${flags.email}" in ${tenant.slug}`,
          "unknown_member",
          1,
        );
      const text = flags.format === "html" ? renderExportSummary(doc) : JSON.stringify(doc, null, 2);
      if (file) await file.writeFile(`${text}\n`, "utf8");
      return { doc, text };
    });
    if (!file || path === undefined)
      return { json: flags.format === "html" ? { format: "html", html: text } : doc, text };
    written = true;
    return {
      json: { written: path, format: doc.format, version: doc.version, as: flags.format },
      text: `Wrote the export of ${doc.person.email} in ${tenant.slug} (${flags.format}) to ${path}`,
    };
  } finally {
    if (file) {
      await file.close();
      // the file we created stays only when it holds the export
      if (!written && path !== undefined) await unlink(path).catch(() => undefined);
    }
  }
}
