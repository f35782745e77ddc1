import { randomUUID } from "node:crypto";
import { sql, type RawBuilder } from "kysely";
import { z } from "zod";
import type { DB, Tx } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { removeJobs } from "~/jobs/queue.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { logger } from "~/runtime/logger.server.ts";
import { markSeatsDirty } from "~/app/modules/billing/account.server.ts";
import { contentHash, type StatementContent } from "~/app/modules/goals/statement.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { assertKeepsAnAdmin } from "~/app/modules/tenancy/member-rules.server.ts";
import { readLinkedInGrant, revokeLinkedInGrant } from "~/app/modules/privacy/erase-linkedin.server.ts";
import { eraseFromOutbox } from "~/app/modules/privacy/erase-outbox.server.ts";
import { eraseFromQueueEvents } from "~/app/modules/privacy/erase-queue-events.server.ts";
import { dropExportsMentioning } from "~/app/modules/privacy/export-requests.server.ts";
import {
  containsAddress,
  erasureTerms,
  isPlaceholderEmail,
  mentions,
  nameWords,
  placeholderEmail,
  pseudonymFor,
  replaceInJson,
  urlTokenFor,
  type ErasureTerms,
} from "~/app/modules/privacy/erase-text.ts";

/*
 * GDPR Art. 17: a person is erased from one tenant. Their membership stays (its id carries the
 * ledger, shares, clicks, reach, kudos, agreements and statements, so the tenant's totals still add
 * up) but now belongs to a placeholder user named with a pseudonym; everything that named the person
 * is deleted or rewritten to the pseudonym:
 * - deleted: invitations to the address, social profiles, the LinkedIn grant (revoked at LinkedIn
 *   first), their single sign-on bindings in this tenant (sso_identities: the identity provider's
 *   subject), consents, guideline acknowledgements, onboarding, recognition and digest preferences,
 *   digest sends, their personal Slack digest subscription, data exports (theirs; others' that name them lose their content), failed-job payloads naming them, queued jobs naming them (Redis or
 *   in-process), development outbox mails to or about them, sign-in links for the address (all of
 *   them when the user row goes, else those into this tenant);
 * - rewritten: the user references of this tenant's rows (audit actor, invited by, token creator,
 *   link sharer) point at the placeholder; the directory's ids of them (SCIM externalId on the
 *   membership, and any audit data value equal to it or to one of their SSO subjects) are dropped;
 *   credit statements' embedded names (content_hash recomputed, pseudonymised_at set: a copy exported earlier keeps the names); every text and JSON
 *   column of this tenant's tables that mentions the address or the full name (audit data and
 *   subjects, kudos reasons, notes, suggestions, post texts, shares; an accepted agreement's texts
 *   with its pseudonymised_at, 0024), the tenant's Stripe webhook payloads (billing contact);
 * - the user row itself goes when no tenant holds a membership of theirs any more (memberships
 *   restrict its deletion since 0022, so another tenant's membership keeps it).
 * The erasure is recorded without the address or the name: an erasures row and a member.erased
 * audit event, both with the pseudonym.
 */

export const EraseMemberInput = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "erasure.errors.email" })),
  /** the admin page names the member by id and asks for the address as confirmation */
  memberId: z.uuid().optional(),
});
export type EraseMemberInput = z.input<typeof EraseMemberInput>;

export interface EraseMemberResult {
  pseudonym: string;
  /** false: the person belongs to another tenant, whose membership keeps their user row */
  userDeleted: boolean;
  /** statements of theirs exported before: those copies keep the names */
  exportedStatements: number;
  counts: Record<string, number>;
}

/** The tables whose rows belong to the person alone and go with them (membership_id column). */
const PERSONAL_TABLES = [
  "social_profiles",
  "linkedin_connections",
  "advocacy_consents",
  "guideline_acknowledgements",
  "onboarding_completions",
  "recognition_preferences",
  "digest_preferences",
  "digest_sends",
  "data_exports",
  // the weekly digest as a personal Slack message (opt-in): the digest job would look them up in Slack by address
  "chat_digest_subscriptions",
] as const;

/**
 * Text and JSON columns the generic rewrite leaves alone: rewritten by id above (statements), the
 * erasure's own record, and rows already deleted.
 */
const NOT_REWRITTEN = new Set<string>([
  "credit_statements",
  "erasures",
  "job_failures",
  "sso_identities",
  ...PERSONAL_TABLES,
]);

/**
 * The company's own content and settings: here only the address, the full name and the local part
 * are replaced, not a single word of the name. German capitalises nouns, and many surnames are
 * nouns ("Koch", "Vogel", "Bauer"): "Unser Koch empfiehlt" in a post or the guidelines is not about
 * Jonas Koch. In texts about people (kudos, notes, comments, suggestions, escalations, audit, share
 * texts) "Danke, Herr Koch!" is, and is replaced.
 */
const CONTENT_TABLES = new Set<string>([
  "posts",
  "post_versions",
  "post_images",
  "captions",
  "guidelines",
  "topics",
  "teams",
  "disclosure_labels",
  "points_rules",
  "reach_settings",
  "billing_accounts",
  // a Teams or Slack channel's label ("Marketing · Koch-Team"), the Slack workspace's name
  "chat_channels",
  "slack_installations",
]);

/** Columns holding a URL, a slug or a link's destination (by name): never given the spaced pseudonym. */
const URL_COLUMN = /(^|_)(url|uri|href|slug|destination)$/;

interface Target {
  membershipId: string;
  userId: string;
  email: string;
  name: string;
  roles: string[];
  status: string;
  /** the directory's id of the person (SCIM externalId), if a directory provisioned them */
  scimExternalId: string | null;
}

/**
 * Erases the person with `input.email` from the tenant. `actor` is the admin doing it, or null for
 * an operator (the CLI). Refuses the actor's own membership and the tenant's last active admin.
 */
export async function eraseMember(
  db: DB,
  tenantId: string,
  actor: Member | null,
  rawInput: EraseMemberInput,
): Promise<EraseMemberResult> {
  // an admin erases in their own tenant only (the routes pass both from one request; this holds for any caller)
  if (actor && actor.tenantId !== tenantId) throw new ForbiddenError("tenant mismatch");
  const input = parseInput(EraseMemberInput, rawInput);
  const counts: Record<string, number> = {};

  // 1. Who, and their LinkedIn grant (read now: the erasure deletes it).
  const { target, grant, unrevocable, sharedWords } = await withTenant(db, tenantId, async (tx) => {
    const target = await findTarget(tx, tenantId, input);
    if (actor && target.membershipId === actor.id)
      throw new ConflictError("cannot erase yourself", "self_erasure");
    // every refusal before anything outside the database (LinkedIn, the queue); again under the row lock in step 3
    if (target.roles.includes("admin") && target.status === "active")
      await assertKeepsAnAdmin(tx, tenantId, target.membershipId);
    return {
      target,
      sharedWords: await othersNameWords(tx, tenantId, target.membershipId, target.name),
      ...(await readLinkedInGrant(tx, tenantId, target.membershipId)),
    };
  });
  const terms = erasureTerms(target.email, target.name, { sharedWords });

  // 2. Outside the database, before it forgets the person: revoke at LinkedIn, drop queued jobs
  //    (a pending mail would otherwise go out, fail, and store the address in job_failures).
  counts.linkedin_revoked = grant && (await revokeLinkedInGrant(grant)) ? 1 : 0;
  counts.linkedin_not_revoked = unrevocable + (grant && counts.linkedin_revoked === 0 ? 1 : 0);
  //    Only this tenant's jobs here: another tenant's mail naming a "Koch" is not about them.
  const scope = { tenantId, slug: await tenantSlug(db, tenantId) };
  const removedJobs = await removeJobs(
    (_name, payload) => payloadOfTenant(payload, scope) === "this" && payloadMentions(payload, terms, target),
  );

  // 3. The database, in one transaction.
  const result = await withTenant(db, tenantId, (tx) =>
    eraseInDatabase(tx, tenantId, actor, input, target, terms, counts),
  );

  // 3b. Jobs of no tenant (a sign-in mail) by the exact address or user id, once the person is gone
  //     from every tenant; the queue's event log (a failed mail's reason keeps the address after the
  //     job is gone; its entries name no tenant) for the jobs removed and, then, the address.
  if (result.userDeleted)
    removedJobs.push(
      ...(await removeJobs(
        (_name, payload) =>
          payloadOfTenant(payload, scope) === "none" &&
          namesAddressOrId(JSON.stringify(payload ?? null), target),
      )),
    );
  counts.queued_jobs = removedJobs.length;
  const gone = new Set(removedJobs.filter((id) => id !== ""));
  counts.queue_events = await eraseFromQueueEvents(
    (fields) =>
      gone.has(fields.jobId ?? "") ||
      (result.userDeleted && namesAddressOrId(Object.values(fields).join("\n"), target)),
  );

  // 4. Development outbox files (after the commit: a rolled-back erasure must not lose them).
  counts.outbox_mails = await eraseFromOutbox(terms).catch((err: unknown) => {
    logger.warn({ err, tenantId }, "erasure: the mail outbox could not be cleaned");
    return 0;
  });
  return { ...result, counts };
}

/** The words of the other members' (and invitees') names in this tenant: a first name they share stays in text (see erasureTerms). */
async function othersNameWords(tx: Tx, tenantId: string, M: string, name: string): Promise<string[]> {
  const members = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("users.name")
    .where("memberships.tenant_id", "=", tenantId)
    .where("memberships.id", "<>", M)
    .execute();
  // an invitation under their own name (to whichever address) is theirs, not another person's
  const invited = await tx
    .selectFrom("invitations")
    .select("name")
    .where("tenant_id", "=", tenantId)
    .where("name", "is not", null)
    .where(sql`lower(name)`, "<>", name.toLowerCase())
    .execute();
  return [...members, ...invited].flatMap((r) => nameWords(r.name ?? ""));
}

function payloadMentions(payload: unknown, terms: ErasureTerms, target: Target): boolean {
  const text = JSON.stringify(payload ?? null);
  return mentions(text, terms) || text.includes(target.userId);
}

function namesAddressOrId(text: string, target: Target): boolean {
  return containsAddress(text, target.email) || text.includes(target.userId);
}

async function tenantSlug(db: DB, tenantId: string): Promise<string> {
  return withTenant(
    db,
    tenantId,
    async (tx) =>
      (await tx.selectFrom("tenants").select("slug").where("id", "=", tenantId).executeTakeFirstOrThrow())
        .slug,
  );
}

/**
 * Whose a queued job is: "this" tenant's when a tenantId (tenant_id) in it or a link into the
 * tenant (/t/<slug>/…, a mail's button) names it, "other" when only other tenants are named, "none"
 * when no tenant is (a sign-in mail).
 */
export function payloadOfTenant(
  payload: unknown,
  scope: { tenantId: string; slug: string },
): "this" | "other" | "none" {
  const named = new Set<string>();
  const walk = (value: unknown, key: string) => {
    if (typeof value === "string") {
      if (key === "tenantId" || key === "tenant_id") named.add(value === scope.tenantId ? "this" : "other");
      for (const m of value.matchAll(/\/t\/([A-Za-z0-9_-]+)(?=[/?#]|$)/g))
        named.add(m[1] === scope.slug ? "this" : "other");
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value !== null && typeof value === "object")
      for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(payload, "");
  return named.has("this") ? "this" : named.has("other") ? "other" : "none";
}

async function findTarget(
  tx: Tx,
  tenantId: string,
  input: z.output<typeof EraseMemberInput>,
  lock = false,
): Promise<Target> {
  let query = tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select([
      "memberships.id as membershipId",
      "users.id as userId",
      "users.email",
      "users.name",
      "memberships.roles",
      "memberships.status",
      "memberships.scim_external_id as scimExternalId",
    ])
    .where("memberships.tenant_id", "=", tenantId);
  query = input.memberId
    ? query.where("memberships.id", "=", input.memberId)
    : query.where(sql`lower(users.email)`, "=", input.email);
  // inside the erasure's transaction: a second erasure of the same person waits here, then finds the placeholder
  if (lock) query = query.forUpdate("memberships");
  const target = await query.executeTakeFirst();
  if (!target || isPlaceholderEmail(target.email)) throw new NotFoundError("member");
  // the admin page's confirmation: the address typed must be this member's
  if (target.email.toLowerCase() !== input.email)
    throw new ValidationError("the address does not match the member", {
      email: ["erasure.errors.mismatch"],
    });
  return target;
}

async function eraseInDatabase(
  tx: Tx,
  tenantId: string,
  actor: Member | null,
  input: z.output<typeof EraseMemberInput>,
  found: Target,
  terms: ErasureTerms,
  counts: Record<string, number>,
): Promise<Omit<EraseMemberResult, "counts">> {
  // again inside this transaction: the person may have been erased (or changed) meanwhile
  const target = await findTarget(tx, tenantId, { ...input, memberId: found.membershipId }, true);
  if (target.roles.includes("admin") && target.status === "active")
    await assertKeepsAnAdmin(tx, tenantId, target.membershipId);
  const M = target.membershipId;
  const U = target.userId;

  const tenant = await tx
    .selectFrom("tenants")
    .select(["slug", "default_locale"])
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  const erasureId = randomUUID();
  const pseudonym = pseudonymFor(erasureId, tenant.default_locale as Locale);
  const placeholder = await tx
    .insertInto("users")
    .values({ email: placeholderEmail(erasureId), name: pseudonym, locale: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const P = placeholder.id;
  // this transaction is an erasure: 0022/0024's triggers let frozen texts change (with pseudonymised_at) only now
  await sql`select set_config('app.erasure', 'on', true)`.execute(tx);
  // Stripe's webhook payloads name the billing contact (0024: the function reads the address and name of
  // this tenant's member U itself and rewrites them, without the app role reading a payload) — before U leaves the membership
  await sql`select erase_stripe_event_mentions(${U}::uuid, ${pseudonym})`.execute(tx);

  // The membership changes hands: its figures stay, the person leaves. The directory's id of the
  // person (SCIM externalId: Okta's user id, Entra's mailNickname) names them as the address does,
  // and kept here it would clash with the person's next provisioning (unique per tenant).
  await tx
    .updateTable("memberships")
    .set({ user_id: P, status: "deactivated", scim_external_id: null })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", M)
    .execute();
  // Their single sign-on bindings here: the identity provider's subject (Entra's oid, Google's sub)
  // names the person as the address does. Read before they go: audit data that carries one of
  // these identifiers (none written today: auth.sso_sign_in and member.joined name the provider,
  // not the subject) loses it below with the externalId.
  const identities = await tx
    .deleteFrom("sso_identities")
    .where("tenant_id", "=", tenantId)
    .where("user_id", "=", U)
    .returning("subject")
    .execute();
  counts.sso_identities = identities.length;
  const directoryIds = [
    ...identities.map((i) => i.subject),
    ...(target.scimExternalId ? [target.scimExternalId] : []),
  ];
  await sql`update audit_events set data = data - 'externalId'
             where tenant_id = ${tenantId} and subject = ${M} and data->>'externalId' is not null`.execute(
    tx,
  );
  if (directoryIds.length > 0)
    await sql`update audit_events e
                 set data = e.data - array(select k.key from jsonb_each(e.data) k
                                            where jsonb_typeof(k.value) = 'string' and k.value #>> '{}' = any(${directoryIds}::text[]))
               where e.tenant_id = ${tenantId} and (e.subject = ${M} or e.actor_user_id = ${U})
                 and exists (select 1 from jsonb_each(e.data) k
                              where jsonb_typeof(k.value) = 'string' and k.value #>> '{}' = any(${directoryIds}::text[]))`.execute(
      tx,
    );
  await markSeatsDirty(tx, tenantId);

  // This tenant's references to the user row.
  counts.audit_actor = n(
    (
      await tx
        .updateTable("audit_events")
        .set({ actor_user_id: P })
        .where("tenant_id", "=", tenantId)
        .where("actor_user_id", "=", U)
        .executeTakeFirst()
    ).numUpdatedRows,
  );
  counts.invitations_sent = n(
    (
      await tx
        .updateTable("invitations")
        .set({ invited_by: P })
        .where("tenant_id", "=", tenantId)
        .where("invited_by", "=", U)
        .executeTakeFirst()
    ).numUpdatedRows,
  );
  counts.api_tokens = n(
    (
      await tx
        .updateTable("api_tokens")
        .set({ created_by: P })
        .where("tenant_id", "=", tenantId)
        .where("created_by", "=", U)
        .executeTakeFirst()
    ).numUpdatedRows,
  );
  counts.link_codes = n(
    (
      await tx
        .updateTable("link_codes")
        .set({ sharer_user_id: P })
        .where("tenant_id", "=", tenantId)
        .where("sharer_user_id", "=", U)
        .executeTakeFirst()
    ).numUpdatedRows,
  );

  // What was theirs alone.
  counts.invitations = n(
    (
      await tx
        .deleteFrom("invitations")
        .where("tenant_id", "=", tenantId)
        .where(sql`lower(email)`, "=", target.email.toLowerCase())
        .executeTakeFirst()
    ).numDeletedRows,
  );
  for (const table of PERSONAL_TABLES) {
    const deleted =
      await sql`delete from ${sql.table(table)} where tenant_id = ${tenantId} and membership_id = ${M}`.execute(
        tx,
      );
    counts[table] = n(deleted.numAffectedRows ?? 0n);
  }
  // other members' stored exports that name them (their manager's, a kudos partner's): content dropped, a fresh one can be asked for
  // as the text rewrite finds them (a kudos reason's "Frau Quastenhuber"): exports are not rewritten
  counts.other_exports = await dropExportsMentioning(tx, tenantId, terms);
  const failures = await sql`
    delete from job_failures
     where tenant_id = ${tenantId}
       and (${matchesTerms(sql`payload::text`, terms)} or payload::text like ${`%${M}%`} or payload::text like ${`%${U}%`})`.execute(
    tx,
  );
  counts.job_failures = n(failures.numAffectedRows ?? 0n);

  const statements = await pseudonymiseStatements(tx, tenantId, M, terms, pseudonym);
  counts.statements = statements.rewritten;
  const texts = await rewriteTexts(tx, tenantId, terms, pseudonym, urlTokenFor(erasureId), U, P);
  counts.texts = texts.rewritten;
  counts.texts_frozen = texts.frozen;

  // The user row, unless another tenant still has a membership of theirs (the foreign key refuses).
  const userDeleted = await deleteUserIfUnused(tx, U);
  const tokens = await tx
    .deleteFrom("sign_in_tokens")
    .where(sql`lower(email)`, "=", target.email.toLowerCase())
    .$if(!userDeleted, (q) => q.where("tenant_slug", "=", tenant.slug))
    .executeTakeFirst();
  counts.sign_in_links = n(tokens.numDeletedRows);

  await tx
    .insertInto("erasures")
    .values({
      id: erasureId,
      tenant_id: tenantId,
      pseudonym,
      membership_id: M,
      erased_by: actor?.id ?? null,
      counts: JSON.stringify(counts),
    })
    .execute();
  await recordAudit(tx, {
    tenantId,
    actorUserId: actor?.userId ?? null,
    action: "member.erased",
    subject: pseudonym,
    data: { membershipId: M, userDeleted, counts },
  });
  return { pseudonym, userDeleted, exportedStatements: statements.exported };
}

function n(value: bigint | number): number {
  return Number(value);
}

/** SQL: whether a text mentions the person (see erasureTerms). */
function matchesTerms(text: RawBuilder<unknown>, terms: ErasureTerms): RawBuilder<boolean> {
  return terms.cs
    ? sql<boolean>`(${text} ~* ${terms.ci} or ${text} ~ ${terms.cs})`
    : sql<boolean>`(${text} ~* ${terms.ci})`;
}

/** SQL: the text with the person replaced by the pseudonym (see erasureTerms). */
function replacedTerms(
  text: RawBuilder<unknown>,
  terms: ErasureTerms,
  pseudonym: string,
): RawBuilder<string> {
  const ci = sql<string>`regexp_replace(${text}, ${terms.ci}, ${pseudonym}, 'gi')`;
  return terms.cs ? sql<string>`regexp_replace(${ci}, ${terms.cs}, ${pseudonym}, 'g')` : ci;
}

/**
 * Statements that name the person (as employee, as manager, or in a closed-early note) get the
 * pseudonym, a new content_hash and pseudonymised_at. Returns how many, and how many of the
 * person's statements had been exported (credit_access_log export.*): those copies keep the names.
 */
async function pseudonymiseStatements(
  tx: Tx,
  tenantId: string,
  M: string,
  terms: ErasureTerms,
  pseudonym: string,
): Promise<{ rewritten: number; exported: number }> {
  const rows = await tx
    .selectFrom("credit_statements")
    .select(["id", "content"])
    .where("tenant_id", "=", tenantId)
    .where((eb) =>
      eb.or([eb("employee_id", "=", M), eb("manager_id", "=", M), matchesTerms(sql`content::text`, terms)]),
    )
    .execute();
  let rewritten = 0;
  for (const row of rows) {
    const content = replaceInJson(row.content, terms, pseudonym) as StatementContent;
    // by id as well: a short name (see erasureTerms) is not replaced as text
    if (content.employee?.membershipId === M) content.employee = { ...content.employee, name: pseudonym };
    if (content.manager?.membershipId === M) content.manager = { ...content.manager, name: pseudonym };
    const json = JSON.stringify(content);
    if (json === JSON.stringify(row.content)) continue;
    await sql`update credit_statements set content = ${json}::jsonb, content_hash = ${contentHash(content)}, pseudonymised_at = clock_timestamp()
               where tenant_id = ${tenantId} and id = ${row.id}`.execute(tx);
    rewritten++;
  }
  const exported = await tx
    .selectFrom("credit_access_log")
    .select(sql<string>`count(distinct statement_id)`.as("n"))
    .where("tenant_id", "=", tenantId)
    .where("subject_membership_id", "=", M)
    .where("action", "in", ["export.csv", "export.pdf", "export.json", "api.read"])
    .where("statement_id", "is not", null)
    .executeTakeFirstOrThrow();
  return { rewritten, exported: Number(exported.n) };
}

/**
 * Every text and JSON column of this tenant's tables the app role may read and change: the address
 * and the name become the pseudonym (see erasureTerms), the user id the placeholder's. Found from the
 * catalog, so a table added later is covered without being listed here. A table with a
 * pseudonymised_at column gets it set with the rewrite: its triggers let texts frozen otherwise (an
 * accepted agreement's comment, its objectives' titles, 0024) change only together with it. A text
 * the longer pseudonym would push past a length check (a kudos reason at 280 characters) is cut to
 * its old length, ending in "…". What still refuses is left as it is and counted in `frozen`
 * rather than failing the whole erasure (nothing known does since 0024; the tests require 0).
 */
async function rewriteTexts(
  tx: Tx,
  tenantId: string,
  allTerms: ErasureTerms,
  pseudonym: string,
  urlToken: string,
  U: string,
  P: string,
): Promise<{ rewritten: number; frozen: number }> {
  const { rows: columns } = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    marked: boolean;
  }>`
    select c.table_name, c.column_name, c.data_type,
           exists (select 1 from information_schema.columns m where m.table_schema = 'public' and m.table_name = c.table_name and m.column_name = 'pseudonymised_at') as marked
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
     where c.table_schema = 'public'
       and c.data_type in ('text', 'character varying', 'json', 'jsonb')
       and exists (select 1 from information_schema.columns k where k.table_schema = 'public' and k.table_name = c.table_name and k.column_name = 'tenant_id')
       -- to_regclass, not the name: the planner may test these before the schema filter, on rows of
       -- pg_catalog (public.pg_proc does not exist, and by name that is an error, not false)
       and has_column_privilege(to_regclass(format('public.%I', c.table_name)), c.column_name, 'SELECT')
       and has_column_privilege(to_regclass(format('public.%I', c.table_name)), c.column_name, 'UPDATE')
     order by c.table_name, c.column_name`.execute(tx);
  const counted = { rewritten: 0, frozen: 0 };
  for (const { table_name, column_name, data_type, marked } of columns) {
    if (NOT_REWRITTEN.has(table_name)) continue;
    const json = data_type === "json" || data_type === "jsonb";
    // a URL, slug or destination: the company's content and tracked links (every colleague's share)
    // stay as they are; a URL of a person's own (a suggestion's /team/jonas-koch) gets the URL-safe token
    const url = !json && URL_COLUMN.test(column_name);
    if (url && (CONTENT_TABLES.has(table_name) || table_name === "link_codes")) continue;
    const terms = CONTENT_TABLES.has(table_name) ? { ...allTerms, cs: null } : allTerms;
    const col = sql.ref(column_name);
    const asText = json ? sql`${col}::text` : sql`${col}`;
    const replaced = replacedTerms(sql`replace(${asText}, ${U}, ${P})`, terms, url ? urlToken : pseudonym);
    const found = sql`(${matchesTerms(asText, terms)} or strpos(${asText}, ${U}) > 0)`;
    const mark = marked ? sql`, pseudonymised_at = clock_timestamp()` : sql``;
    const update = (value: RawBuilder<unknown>, where: RawBuilder<unknown>) =>
      sql`update ${sql.table(table_name)} set ${col} = ${value}${mark} where tenant_id = ${tenantId} and ${found} and ${where}`.execute(
        tx,
      );
    const whole = json ? sql`(${replaced})::${sql.raw(data_type)}` : replaced;
    const all = await frozenOr(tx, () => update(whole, sql`true`));
    if (all !== "frozen") {
      counted.rewritten += all;
      continue;
    }
    // one row refused the column's update: row by row, a text that grew too long cut to its old length
    const cut = sql`(case when char_length(${replaced}) > char_length(${col}) then left(${replaced}, char_length(${col}) - 1) || '…' else ${replaced} end)`;
    const { rows } = await sql<{
      at: string;
    }>`select ctid::text as at from ${sql.table(table_name)} where tenant_id = ${tenantId} and ${found}`.execute(
      tx,
    );
    for (const { at } of rows) {
      let one = await frozenOr(tx, () => update(whole, sql`ctid = ${at}::tid`));
      if (one === "frozen" && !json) one = await frozenOr(tx, () => update(cut, sql`ctid = ${at}::tid`));
      if (one === "frozen") {
        counted.frozen++;
        logger.warn(
          { tenantId, table: table_name, column: column_name },
          "erasure: a text refused its rewrite",
        );
      } else counted.rewritten += one;
    }
  }
  return counted;
}

/** Runs an update in a savepoint; "frozen" when a trigger refused it (check_violation, 23514). */
async function frozenOr(
  tx: Tx,
  run: () => Promise<{ numAffectedRows?: bigint }>,
): Promise<number | "frozen"> {
  await sql`savepoint erase_text`.execute(tx);
  try {
    const result = await run();
    await sql`release savepoint erase_text`.execute(tx);
    return n(result.numAffectedRows ?? 0n);
  } catch (error) {
    await sql`rollback to savepoint erase_text`.execute(tx);
    if ((error as { code?: string }).code === "23514") return "frozen";
    throw error;
  }
}

/** Deletes the user row when no membership refers to it any more; false when one still does (another tenant). */
async function deleteUserIfUnused(tx: Tx, userId: string): Promise<boolean> {
  await sql`savepoint erase_user`.execute(tx);
  try {
    const result = await tx.deleteFrom("users").where("id", "=", userId).executeTakeFirst();
    await sql`release savepoint erase_user`.execute(tx);
    return result.numDeletedRows > 0n;
  } catch (error) {
    // 23503: memberships_user_id_fkey (0022) — a membership in another tenant, invisible here under RLS
    if ((error as { code?: string }).code !== "23503") throw error;
    await sql`rollback to savepoint erase_user`.execute(tx);
    return false;
  }
}
