import { sql } from "kysely";
import type { DB, Tx } from "~/db/client.ts";
import { afterCommit, withTenant } from "~/db/tenant.ts";
import type { DataExportStatus } from "~/db/tables/data-exports.ts";
import { enqueue } from "~/jobs/queue.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { ConflictError, DomainError, NotFoundError, RateLimitedError } from "~/app/lib/errors.ts";
import { queueEmail } from "~/app/modules/notifications/queue-email.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { collectMemberExport, type MemberExport } from "~/app/modules/privacy/export-member-data.server.ts";
import { literalTerms, type ErasureTerms } from "~/app/modules/privacy/erase-text.ts";

/** A download link works this long after the export is ready; then the content is dropped. */
export const EXPORT_TTL_DAYS = 7;
/** Exports a member may ask for per 24 hours (one pending at a time in any case). */
export const EXPORTS_PER_DAY = 3;
/**
 * A pending export older than this is given up (its job was lost: Redis was down when it was
 * queued, or a worker died): it shows as failed and no longer blocks a new one. A job builds an
 * export in seconds (three attempts within a minute), so an hour is generous; should a late job
 * still run, it finds the export no longer pending and does nothing.
 */
export const PENDING_GIVE_UP_HOURS = 1;
const PENDING_GIVE_UP_MS = PENDING_GIVE_UP_HOURS * 3600 * 1000;
const GAVE_UP = "not prepared in time";

/** Pending and older than PENDING_GIVE_UP_HOURS: its job was lost. */
const isStale = (status: DataExportStatus, createdAt: Date, now: Date) =>
  status === "pending" && createdAt.getTime() <= now.getTime() - PENDING_GIVE_UP_MS;

const DAY_MS = 24 * 3600 * 1000;

/** The download has expired: its content is gone (HTTP 410). */
export class ExportExpiredError extends DomainError {
  constructor() {
    super("this download has expired", "export_expired");
  }
}

export interface MyExport {
  id: string;
  status: DataExportStatus;
  byOperator: boolean;
  createdAt: Date;
  readyAt: Date | null;
  expiresAt: Date;
  downloadedAt: Date | null;
  /** ready and not yet expired */
  downloadable: boolean;
}

/** The member's own exports, newest first. */
export async function listMyExports(
  tx: Tx,
  member: Pick<Member, "id" | "tenantId">,
  now: Date = new Date(),
): Promise<MyExport[]> {
  const rows = await tx
    .selectFrom("data_exports")
    .select([
      "id",
      "status",
      "requested_by",
      "created_at",
      "ready_at",
      "expires_at",
      "downloaded_at",
      sql<boolean>`content is not null`.as("has_content"),
    ])
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .orderBy("created_at", "desc")
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    // a lost job's export shows as failed (as the next request or the retention job records it)
    status: isStale(r.status, r.created_at, now) ? "failed" : r.status,
    byOperator: r.requested_by === null,
    createdAt: r.created_at,
    readyAt: r.ready_at,
    expiresAt: r.expires_at,
    downloadedAt: r.downloaded_at,
    downloadable: r.status === "ready" && r.has_content && r.expires_at.getTime() > now.getTime(),
  }));
}

/**
 * "Prepare my download": a pending export and the job that builds it (after commit). At most one
 * pending export per member (also a unique index, for two clicks at once) and EXPORTS_PER_DAY per
 * 24 hours; a pending export older than PENDING_GIVE_UP_HOURS is marked failed first (its job was
 * lost, e.g. Redis was down when it was queued). Audited as privacy.export_requested.
 */
export async function requestMemberExport(
  tx: Tx,
  member: Member,
  now: Date = new Date(),
): Promise<{ id: string }> {
  // an export whose job was lost does not block the member (nor wait for the daily retention job)
  await tx
    .updateTable("data_exports")
    .set({ status: "failed", error: GAVE_UP })
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("status", "=", "pending")
    .where("created_at", "<=", new Date(now.getTime() - PENDING_GIVE_UP_MS))
    .execute();
  const recent = await tx
    .selectFrom("data_exports")
    .select(["status", "created_at"])
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("requested_by", "is not", null)
    .where("created_at", ">", new Date(now.getTime() - DAY_MS))
    .orderBy("created_at")
    .execute();
  const pending = await tx
    .selectFrom("data_exports")
    .select("id")
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (pending) throw new ConflictError("an export is already being prepared", "export_pending");
  if (recent.length >= EXPORTS_PER_DAY) {
    const oldest = recent[recent.length - EXPORTS_PER_DAY]!.created_at.getTime();
    throw new RateLimitedError(Math.max(60, Math.ceil((oldest + DAY_MS - now.getTime()) / 1000)));
  }
  let row: { id: string };
  try {
    row = await tx
      .insertInto("data_exports")
      .values({
        tenant_id: member.tenantId,
        membership_id: member.id,
        requested_by: member.id,
        status: "pending",
        expires_at: new Date(now.getTime() + EXPORT_TTL_DAYS * DAY_MS),
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  } catch (error) {
    // the one-pending index: another request won the race
    if ((error as { code?: string }).code === "23505")
      throw new ConflictError("an export is already being prepared", "export_pending");
    throw error;
  }
  await recordAudit(tx, {
    tenantId: member.tenantId,
    actorUserId: member.userId,
    action: "privacy.export_requested",
    subject: member.id,
    data: { exportId: row.id },
  });
  afterCommit(tx, () =>
    enqueue(
      "export-member-data",
      { tenantId: member.tenantId, exportId: row.id },
      { jobId: `export-member-data-${row.id}` },
    ),
  );
  return row;
}

/**
 * The job's work: collects the document, stores it, marks the export ready (expiring
 * EXPORT_TTL_DAYS later) and mails the person the link — once. Idempotent: the row is locked and
 * anything but a pending export is left alone, and the mail's key is the export's id.
 */
export async function buildMemberExport(
  tx: Tx,
  input: { tenantId: string; exportId: string },
  now: () => Date = () => new Date(),
): Promise<"built" | "skipped"> {
  const row = await tx
    .selectFrom("data_exports")
    .select(["id", "membership_id", "status"])
    .where("tenant_id", "=", input.tenantId)
    .where("id", "=", input.exportId)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.status !== "pending") return "skipped";
  const at = now();
  const doc = await collectMemberExport(
    tx,
    { tenantId: input.tenantId, membershipId: row.membership_id },
    at,
  );
  const expiresAt = new Date(at.getTime() + EXPORT_TTL_DAYS * DAY_MS);
  await tx
    .updateTable("data_exports")
    .set({
      status: "ready",
      content: JSON.stringify(doc),
      ready_at: at,
      expires_at: expiresAt,
      error: null,
    })
    .where("tenant_id", "=", input.tenantId)
    .where("id", "=", row.id)
    .execute();
  const url = `${appUrl()}/t/${doc.tenant.slug}/my-data/${row.id}`;
  afterCommit(tx, () =>
    queueEmail({
      to: doc.person.email,
      locale: doc.locale,
      template: "data-export-ready",
      idempotencyKey: `data-export-ready:${row.id}`,
      props: {
        url,
        pageUrl: `${appUrl()}/t/${doc.tenant.slug}/my-data`,
        tenantName: doc.tenant.name,
        expiresAt: expiresAt.toISOString(),
      },
    }),
  );
  return "built";
}

/** The job gave up: the export is marked failed (the member sees it and may ask again). */
export async function failMemberExport(
  tx: Tx,
  input: { tenantId: string; exportId: string },
  error: string,
): Promise<void> {
  await tx
    .updateTable("data_exports")
    .set({ status: "failed", error: error.slice(0, 500), content: null })
    .where("tenant_id", "=", input.tenantId)
    .where("id", "=", input.exportId)
    .where("status", "=", "pending")
    .execute();
}

/**
 * The member's own ready export for download; another member's export, another tenant's, a pending
 * or failed one: NotFoundError (404, nothing revealed); an expired one: ExportExpiredError (410).
 * Marks it downloaded and audits privacy.export_downloaded.
 */
export async function downloadMyExport(
  tx: Tx,
  member: Member,
  exportId: string,
  format: "json" | "html",
  now: Date = new Date(),
): Promise<MemberExport> {
  const row = await tx
    .selectFrom("data_exports")
    .select(["id", "status", "content", "expires_at"])
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("id", "=", exportId)
    .executeTakeFirst();
  if (!row || row.status !== "ready") throw new NotFoundError("export");
  if (row.expires_at.getTime() <= now.getTime() || row.content === null) throw new ExportExpiredError();
  await tx
    .updateTable("data_exports")
    .set({ downloaded_at: now })
    .where("tenant_id", "=", member.tenantId)
    .where("id", "=", row.id)
    .execute();
  await recordAudit(tx, {
    tenantId: member.tenantId,
    actorUserId: member.userId,
    action: "privacy.export_downloaded",
    subject: member.id,
    data: { exportId: row.id, format },
  });
  return row.content as MemberExport;
}

/**
 * An operator's export (`chorus member export`): the same document, built here and now, recorded as
 * an export the person sees in their list (requested by an operator, downloadable by them for
 * EXPORT_TTL_DAYS) and audited as privacy.export_requested with actor null (no mail is sent: the
 * operator hands it over). Null when no member of the tenant has that email.
 */
export async function operatorMemberExport(
  tx: Tx,
  input: { tenantId: string; email: string },
  now: Date = new Date(),
): Promise<MemberExport | null> {
  const found = await tx
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("m.id")
    .where("m.tenant_id", "=", input.tenantId)
    .where(sql<string>`lower(u.email)`, "=", sql<string>`lower(${input.email})`)
    .executeTakeFirst();
  if (!found) return null;
  const row = await tx
    .insertInto("data_exports")
    .values({
      tenant_id: input.tenantId,
      membership_id: found.id,
      requested_by: null,
      status: "ready",
      ready_at: now,
      created_at: now,
      expires_at: new Date(now.getTime() + EXPORT_TTL_DAYS * DAY_MS),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    tenantId: input.tenantId,
    actorUserId: null,
    action: "privacy.export_requested",
    subject: found.id,
    data: { exportId: row.id, via: "cli" },
  });
  const doc = await collectMemberExport(tx, { tenantId: input.tenantId, membershipId: found.id }, now);
  await tx
    .updateTable("data_exports")
    .set({ content: JSON.stringify(doc) })
    .where("tenant_id", "=", input.tenantId)
    .where("id", "=", row.id)
    .execute();
  return doc;
}

/**
 * For erasure: another member's stored export may name the erased person (their manager, the other
 * side of a kudos, who looked at their figures, who acted on an audit event). Drops the content of
 * every export in the tenant whose text contains one of `needles` (name, email; case-insensitive),
 * or that the erasure's patterns find (its ErasureTerms: a surname alone, a slug), in plain or
 * JSON-escaped form (a stored export is JSON: "O\"Neil"), so the download answers 410 and the member
 * can ask for a fresh one. Returns how many were dropped.
 */
export async function dropExportsMentioning(
  tx: Tx,
  tenantId: string,
  needles: readonly string[] | ErasureTerms,
): Promise<number> {
  const terms = Array.isArray(needles) ? literalTerms(needles) : (needles as ErasureTerms);
  if (!terms) return 0;
  const text = sql`content::text`;
  const found = terms.cs
    ? sql<boolean>`(${text} ~* ${terms.ci} or ${text} ~ ${terms.cs})`
    : sql<boolean>`(${text} ~* ${terms.ci})`;
  const result = await tx
    .updateTable("data_exports")
    .set({ content: null })
    .where("tenant_id", "=", tenantId)
    .where("content", "is not", null)
    .where(found)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Retention (called by the retention job): drops the content of every export whose download
 * expired (the row stays: the member sees it existed) and gives up exports pending longer than
 * PENDING_GIVE_UP_HOURS. Runs per tenant (row level security). Returns how many rows changed.
 */
export async function purgeExpiredExports(
  db: DB,
  now: Date = new Date(),
  opts: { tenantId?: string } = {},
): Promise<{ purged: number; failed: number }> {
  const tenantIds = opts.tenantId
    ? [opts.tenantId]
    : (await db.selectFrom("tenants").select("id").orderBy("id").execute()).map((t) => t.id);
  let purged = 0;
  let failed = 0;
  for (const tenantId of tenantIds) {
    await withTenant(db, tenantId, async (tx) => {
      const dropped = await tx
        .updateTable("data_exports")
        .set({ content: null })
        .where("tenant_id", "=", tenantId)
        .where("content", "is not", null)
        .where("expires_at", "<=", now)
        .executeTakeFirst();
      purged += Number(dropped.numUpdatedRows);
      const gaveUp = await tx
        .updateTable("data_exports")
        .set({ status: "failed", error: GAVE_UP })
        .where("tenant_id", "=", tenantId)
        .where("status", "=", "pending")
        .where("created_at", "<=", new Date(now.getTime() - PENDING_GIVE_UP_MS))
        .executeTakeFirst();
      failed += Number(gaveUp.numUpdatedRows);
    });
  }
  return { purged, failed };
}
