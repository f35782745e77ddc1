import Papa from "papaparse";
import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { ROLES, type Role } from "~/db/schema.ts";
import { afterCommit } from "~/db/tenant.ts";
import { ForbiddenError } from "~/app/lib/errors.ts";
import { Email, PersonName } from "~/app/lib/validation.ts";
import {
  queueInvitationEmails,
  writeInvitations,
  type InvitationDraft,
} from "~/app/modules/tenancy/invitation-records.server.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import { CSV_COLUMNS, CSV_MAX_BYTES, CSV_MAX_ROWS, TeamName } from "~/app/modules/tenancy/member-schemas.ts";

type Column = (typeof CSV_COLUMNS)[number];

/** Headers as people type them in German or English spreadsheets, after normalising case and separators. */
const HEADER_ALIASES: Record<string, Column> = {
  name: "name",
  full_name: "name",
  vollständiger_name: "name",
  email: "email",
  e_mail: "email",
  mail: "email",
  team: "team",
  abteilung: "team",
  manager_email: "manager_email",
  manager_e_mail: "manager_email",
  manager: "manager_email",
  führungskraft: "manager_email",
  führungskraft_email: "manager_email",
  führungskraft_e_mail: "manager_email",
  roles: "roles",
  role: "roles",
  rollen: "roles",
  rolle: "roles",
};
const ROLE_ALIASES: Record<string, Role> = {
  comms: "comms_lead",
  "comms lead": "comms_lead",
  kommunikation: "comms_lead",
  führungskraft: "manager",
  mitarbeiter: "employee",
  mitarbeiterin: "employee",
  "mitarbeiter:in": "employee",
  mitarbeitende: "employee",
};

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** One data row. An empty roles cell means "employee", the role everyone joins with. */
export const CsvMemberRow = z.object({
  name: PersonName,
  email: Email,
  team: z.preprocess(blankToUndefined, TeamName.optional()),
  manager_email: z.preprocess(blankToUndefined, Email.optional()),
  roles: z.preprocess(
    (v) =>
      typeof v === "string" && v.trim() !== ""
        ? v
            .split(/[|;]/)
            .map((r) => r.trim().toLowerCase())
            .filter(Boolean)
            .map((r) => ROLE_ALIASES[r] ?? r)
        : ["employee"],
    z.array(z.enum(ROLES, { error: "roleUnknown" })).min(1, "roles"),
  ),
});
export type CsvMemberRow = z.output<typeof CsvMemberRow>;

export interface CsvRowError {
  /** the spreadsheet row (the header is row 1); null for a problem with the whole file */
  row: number | null;
  field: Column | "file" | "row";
  /** an i18n key under admin.csv.errors (or validation) */
  message: string;
  params?: Record<string, string | number>;
}

export type ImportMembersResult =
  | { ok: true; invited: number; skipped: string[]; teamsCreated: number }
  | { ok: false; errors: CsvRowError[] };

interface ParsedRow {
  row: number;
  data: CsvMemberRow;
}

/**
 * Imports invitations from a CSV file (name,email,team,manager_email,roles). All or nothing: every
 * row is validated first, and if any is bad nothing is written and each problem comes back with its
 * row number. People who are already active members are skipped, unknown teams are created.
 *
 * A manager_email must be an active member or another row of the file. A member's id goes on the
 * invitation directly; a manager who is only being invited is remembered as pendingManagerEmail on
 * the invitation's audit event and linked when they join (see accept-invitation) — manager_id can
 * only point at a membership, and a membership must not exist before the person agreed to join.
 */
export async function importMembersCsv(
  tx: Tx,
  actor: Member,
  tenant: TenantInfo,
  csvText: string,
): Promise<ImportMembersResult> {
  if (tenant.id !== actor.tenantId) throw new ForbiddenError("tenant mismatch");
  const parsed = parseCsv(csvText);
  if (!parsed.ok) return parsed;
  const { rows, errors } = parsed;

  const known = await knownPeople(tx, tenant.id, rows);
  const skipped = rows.filter((r) => known.active.has(r.data.email));
  const toInvite = rows.filter((r) => !known.active.has(r.data.email));
  const invitedEmails = new Set(toInvite.map((r) => r.data.email));
  for (const r of toInvite) {
    const manager = r.data.manager_email;
    if (manager && !known.active.has(manager) && !invitedEmails.has(manager)) {
      errors.push({
        row: r.row,
        field: "manager_email",
        message: "managerUnknown",
        params: { email: manager },
      });
    }
  }
  errors.push(...reportingCycles(toInvite, known.active));
  // Nothing has been written yet: refusing here loses nothing.
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };

  const { teamIds, created } = await ensureTeams(tx, tenant.id, toInvite);
  const drafts: InvitationDraft[] = toInvite.map((r) => ({
    email: r.data.email,
    name: r.data.name,
    roles: r.data.roles,
    teamId: r.data.team ? (teamIds.get(r.data.team.toLowerCase()) ?? null) : null,
    managerId: r.data.manager_email ? (known.active.get(r.data.manager_email) ?? null) : null,
  }));
  const written = await writeInvitations(tx, tenant.id, actor.userId, drafts);
  const draftByEmail = new Map(drafts.map((d) => [d.email, d]));
  const rowByEmail = new Map(toInvite.map((r) => [r.data.email, r.data]));
  const audit = written.map((w) => {
    const d = draftByEmail.get(w.email);
    const managerEmail = rowByEmail.get(w.email)?.manager_email ?? null;
    return {
      tenant_id: tenant.id,
      actor_user_id: actor.userId,
      action: "member.invited",
      subject: w.id,
      data: JSON.stringify({
        email: w.email,
        roles: d?.roles,
        teamId: d?.teamId,
        managerId: d?.managerId,
        pendingManagerEmail: d?.managerId ? null : managerEmail,
        source: "csv",
      }),
    };
  });
  audit.push({
    tenant_id: tenant.id,
    actor_user_id: actor.userId,
    action: "members.imported",
    subject: "csv",
    data: JSON.stringify({ invited: written.length, skipped: skipped.length, teamsCreated: created }),
  });
  await tx.insertInto("audit_events").values(audit).execute();
  afterCommit(tx, () => queueInvitationEmails(tenant, actor.name, written));
  return {
    ok: true,
    invited: written.length,
    skipped: skipped.map((r) => r.data.email),
    teamsCreated: created,
  };
}

type ParseOutcome =
  { ok: true; rows: ParsedRow[]; errors: CsvRowError[] } | { ok: false; errors: CsvRowError[] };

/** File-level checks, then every row through CsvMemberRow; duplicates within the file are row errors. */
export function parseCsv(csvText: string): ParseOutcome {
  if (new TextEncoder().encode(csvText).length > CSV_MAX_BYTES) return fileError("tooLarge", { max: "1 MB" });
  const text = csvText.replace(/^\uFEFF/, "");
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  // German Excel saves with ";" — then roles must be separated by "|" (or quoted).
  const delimiter = firstLine.includes(";") && !firstLine.includes(",") ? ";" : ",";
  const result = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const [header, ...body] = result.data;
  if (!header || header.every((h) => h.trim() === "")) return fileError("empty");

  const columns: (Column | undefined)[] = header.map(
    (h) =>
      HEADER_ALIASES[
        h
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, "_")
      ],
  );
  const unknown = header.filter((h, i) => h.trim() !== "" && !columns[i]);
  if (unknown.length)
    return fileError("unknownColumns", { columns: unknown.join(", "), expected: CSV_COLUMNS.join(",") });
  const missing = (["name", "email"] as const).filter((c) => !columns.includes(c));
  if (missing.length)
    return fileError("missingColumns", { columns: missing.join(", "), expected: CSV_COLUMNS.join(",") });

  const errors: CsvRowError[] = [];
  for (const e of result.errors) {
    // Papa's row index counts data rows of the whole input, header included.
    if (e.code !== "UndetectableDelimiter")
      errors.push({ row: typeof e.row === "number" ? e.row + 1 : null, field: "row", message: "malformed" });
  }
  const filled = body
    .map((cells, i) => ({ cells, row: i + 2 }))
    .filter(({ cells }) => cells.some((c) => c.trim() !== ""));
  if (filled.length === 0) return fileError("noRows");
  if (filled.length > CSV_MAX_ROWS)
    return fileError("tooManyRows", { max: CSV_MAX_ROWS, count: filled.length });

  const rows: ParsedRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { cells, row } of filled) {
    if (cells.slice(header.length).some((c) => c.trim() !== "")) {
      errors.push({ row, field: "row", message: "tooManyCells", params: { expected: header.length } });
      continue;
    }
    const record: Partial<Record<Column, string>> = {};
    columns.forEach((c, i) => {
      if (c) record[c] = cells[i] ?? "";
    });
    const check = CsvMemberRow.safeParse(record);
    if (!check.success) {
      for (const issue of check.error.issues)
        errors.push({ row, field: (issue.path[0] as Column | undefined) ?? "row", message: issue.message });
      continue;
    }
    const data = check.data;
    const seen = firstRowOf.get(data.email);
    if (seen !== undefined)
      errors.push({ row, field: "email", message: "duplicateEmail", params: { row: seen } });
    else firstRowOf.set(data.email, row);
    if (data.manager_email === data.email)
      errors.push({ row, field: "manager_email", message: "managerSelf" });
    rows.push({ row, data });
  }
  return { ok: true, rows, errors };
}

function fileError(message: string, params?: Record<string, string | number>): ParseOutcome {
  return { ok: false, errors: [{ row: null, field: "file", message, ...(params ? { params } : {}) }] };
}

/** Active members among the file's people and managers: email → membership id. */
async function knownPeople(
  tx: Tx,
  tenantId: string,
  rows: ParsedRow[],
): Promise<{ active: Map<string, string> }> {
  const emails = [
    ...new Set(rows.flatMap((r) => [r.data.email, ...(r.data.manager_email ? [r.data.manager_email] : [])])),
  ];
  if (emails.length === 0) return { active: new Map() };
  const found = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.email", "memberships.id"])
    .where("memberships.tenant_id", "=", tenantId)
    .where("memberships.status", "=", "active")
    .where("users.email", "in", emails)
    .execute();
  return { active: new Map(found.map((f) => [f.email, f.id])) };
}

/** Reporting lines among new people in the file must not loop (A reports to B, B to A). */
function reportingCycles(rows: ParsedRow[], active: Map<string, string>): CsvRowError[] {
  const managerOf = new Map(rows.map((r) => [r.data.email, r.data.manager_email]));
  const errors: CsvRowError[] = [];
  for (const r of rows) {
    const seen = new Set([r.data.email]);
    let next = r.data.manager_email;
    while (next && !active.has(next) && managerOf.has(next)) {
      if (seen.has(next)) {
        if (next === r.data.email)
          errors.push({ row: r.row, field: "manager_email", message: "managerCycle" });
        break;
      }
      seen.add(next);
      next = managerOf.get(next);
    }
  }
  return errors;
}

/** Teams by lower-cased name; unknown ones are created with the spelling of their first row. */
async function ensureTeams(
  tx: Tx,
  tenantId: string,
  rows: ParsedRow[],
): Promise<{ teamIds: Map<string, string>; created: number }> {
  const existing = await tx
    .selectFrom("teams")
    .select(["id", "name"])
    .where("tenant_id", "=", tenantId)
    .execute();
  const teamIds = new Map(existing.map((t) => [t.name.toLowerCase(), t.id]));
  const missing = new Map<string, string>();
  for (const r of rows) {
    const name = r.data.team;
    if (name && !teamIds.has(name.toLowerCase()) && !missing.has(name.toLowerCase()))
      missing.set(name.toLowerCase(), name);
  }
  if (missing.size > 0) {
    const inserted = await tx
      .insertInto("teams")
      .values([...missing.values()].map((name) => ({ tenant_id: tenantId, name })))
      .returning(["id", "name"])
      .execute();
    for (const t of inserted) teamIds.set(t.name.toLowerCase(), t.id);
  }
  return { teamIds, created: missing.size };
}
