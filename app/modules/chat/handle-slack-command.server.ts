import { z } from "zod";
import type { DB, Tx } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { DomainError, RateLimitedError } from "~/app/lib/errors.ts";
import { consume, memberActions } from "~/app/lib/rate-limit.server.ts";
import { textsFor } from "~/app/lib/i18n/texts.ts";
import { logger } from "~/runtime/logger.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { createSuggestion } from "~/app/modules/content/create-suggestion.server.ts";
import { visibleTo } from "~/app/modules/content/list-hub-posts.server.ts";
import { hubUrl, shareLinks, suggestUrl } from "~/app/modules/chat/share-links.ts";
import {
  escape,
  slackPostListMessage,
  type SlackListPost,
  type SlackMessage,
} from "~/app/modules/chat/slack-blocks.ts";
import { parseSlackCommandText } from "~/app/modules/chat/slack-command-text.ts";
import { isAllowedResponseUrl, slackClient } from "~/app/modules/chat/slack-config.server.ts";
import { openSlackBotToken, resolveSlackTeam } from "~/app/modules/chat/slack-installation.server.ts";
import { isOwnSlackPerson } from "~/app/modules/chat/slack-own-person.ts";

/** How many posts `/chorus` lists. */
export const SLACK_COMMAND_POSTS = 5;
/** Locale when no tenant is known (Chorus's default, as resolve-locale's last resort). */
const FALLBACK_LOCALE: Locale = "de";

export interface SlackCommandWork {
  teamId: string;
  userId: string;
  text: string;
  responseUrl: string;
}

export type SlackCommandOutcome =
  "not_installed" | "no_member" | "listed" | "help" | "suggested" | "bad_url" | "rate_limited" | "failed";

const SlackUser = z.object({
  id: z.string(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  /** present on some workspaces; when it says false the address is not proven, so it matches nobody */
  is_email_confirmed: z.boolean().optional(),
  profile: z.object({ email: z.string().max(320).optional() }).optional(),
  /** the person's own workspace: another company's for an external member of a Slack Connect channel */
  team_id: z.string().optional(),
  /** Enterprise Grid: the organisation's workspaces the person belongs to */
  enterprise_user: z.object({ teams: z.array(z.string()).optional() }).optional(),
});

/**
 * A /chorus command (commands route → handle-slack-command job): answers ephemerally at the
 * command's response_url. The person is matched to a member by the e-mail address Slack has verified
 * for them (users.info, profile.email; not when Slack says is_email_confirmed: false): an ACTIVE
 * member of the workspace's company with that address. Lists and suggestions act as that member,
 * through the same rules as the hub and the suggestion form. Opens its own transactions: the tenant
 * is known only from the team id, and Slack is called between them.
 */
export async function handleSlackCommand(
  db: DB,
  work: SlackCommandWork,
  now = new Date(),
): Promise<SlackCommandOutcome> {
  // before anything else, the bot token's users.info included (respond() looks again)
  if (!isAllowedResponseUrl(work.responseUrl)) throw new Error("response_url is not Slack's");
  const tenantId = await resolveSlackTeam(db, work.teamId);
  if (!tenantId) {
    await respond(work.responseUrl, plain(textsFor(FALLBACK_LOCALE)("chatMessages.command.notInstalled")));
    return "not_installed";
  }
  const context = await withTenant(db, tenantId, async (tx) => ({
    tenant: await tx
      .selectFrom("tenants")
      .select(["slug", "name", "default_locale"])
      .where("id", "=", tenantId)
      .executeTakeFirstOrThrow(),
    installation: await openSlackBotToken(tx, tenantId),
  }));
  const { tenant } = context;
  if (!context.installation) {
    await respond(
      work.responseUrl,
      plain(textsFor(tenant.default_locale)("chatMessages.command.notInstalled")),
    );
    return "not_installed";
  }
  const command = parseSlackCommandText(work.text);
  let email: string | undefined;
  try {
    const info = await slackClient(context.installation.botToken).users.info({ user: work.userId });
    const user = SlackUser.safeParse(info.user);
    if (
      user.success &&
      !user.data.deleted &&
      !user.data.is_bot &&
      user.data.is_email_confirmed !== false &&
      isOwnSlackPerson(user.data, work.teamId)
    )
      email = matchableEmail(user.data.profile?.email);
  } catch (err) {
    logger.warn(
      { err: err instanceof Error ? err.message : String(err), tenantId },
      "slack users.info failed",
    );
    await respond(work.responseUrl, plain(textsFor(tenant.default_locale)("chatMessages.command.failed")));
    return "failed";
  }
  const found = email
    ? await withTenant(db, tenantId, (tx) => activeMemberByEmail(tx, tenantId, email))
    : undefined;
  const locale = found?.locale ?? tenant.default_locale;
  const t = textsFor(locale);
  if (command.kind === "help") {
    await respond(work.responseUrl, plain(t("chatMessages.command.help")));
    return "help";
  }
  if (!found) {
    await respond(work.responseUrl, plain(t("chatMessages.command.noMember", { tenantName: tenant.name })));
    return "no_member";
  }
  const member = found.member;
  if (command.kind === "list") {
    const posts = await withTenant(db, tenantId, (tx) => newestPosts(tx, member, tenant.slug, locale, now));
    const base = appUrl();
    await respond(
      work.responseUrl,
      slackPostListMessage({
        locale,
        tenantName: tenant.name,
        posts,
        links: { hub: hubUrl(base, tenant.slug), suggest: suggestUrl(base, tenant.slug) },
      }),
    );
    return "listed";
  }
  // The suggestion form's limit (requireMember's LIMITED_ACTIONS, the same bucket): every suggestion
  // mails each comms lead, and Slack must not be the way around it.
  try {
    await consume(memberActions("suggestion"), member.id);
  } catch (err) {
    if (!(err instanceof RateLimitedError)) throw err;
    await respond(work.responseUrl, plain(t("chatMessages.command.tooMany")));
    return "rate_limited";
  }
  try {
    await withTenant(db, tenantId, (tx) =>
      createSuggestion(tx, member, {
        url: command.url,
        reason: command.reason || t("chatMessages.command.defaultReason"),
      }),
    );
  } catch (err) {
    if (!(err instanceof DomainError) || err.status !== 400) throw err;
    await respond(work.responseUrl, plain(t("chatMessages.command.badUrl")));
    return "bad_url";
  }
  // filed: a failing answer from here on is logged, never retried (a retry would file it twice)
  await respond(work.responseUrl, plain(t("chatMessages.command.suggested", { url: command.url }))).catch(
    (err: unknown) => logger.warn({ err, tenantId }, "slack command answer not delivered"),
  );
  return "suggested";
}

/**
 * Slack's address as users.email holds it (lower case), or undefined when lower-casing changes what
 * it says: String#toLowerCase folds a few characters outside ASCII into ASCII letters (U+212A KELVIN
 * SIGN → "k", U+0130 → "i" + a dot), which would let another address match a member's.
 */
function matchableEmail(raw: string | undefined): string | undefined {
  const email = raw?.trim();
  if (!email) return undefined;
  const lowered = email.toLowerCase();
  const ascii = (s: string) => s.replace(/[^ -~]/g, "").length;
  return ascii(lowered) === ascii(email) ? lowered : undefined;
}

async function activeMemberByEmail(
  tx: Tx,
  tenantId: string,
  email: string,
): Promise<{ member: Member; locale: Locale | null } | undefined> {
  const m = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select([
      "memberships.id",
      "memberships.roles",
      "memberships.team_id",
      "memberships.manager_id",
      "users.id as user_id",
      "users.name",
      "users.email",
      "users.locale",
    ])
    .where("memberships.tenant_id", "=", tenantId)
    .where("memberships.status", "=", "active")
    .where("users.email", "=", email)
    .executeTakeFirst();
  if (!m) return undefined;
  return {
    member: {
      id: m.id,
      tenantId,
      userId: m.user_id,
      name: m.name,
      email: m.email,
      roles: m.roles,
      teamId: m.team_id,
      managerId: m.manager_id,
    },
    locale: m.locale,
  };
}

/** The member's newest posts to share (as the hub shows them to them), with share links in `locale`. */
async function newestPosts(
  tx: Tx,
  member: Member,
  tenantSlug: string,
  locale: Locale,
  now: Date,
): Promise<SlackListPost[]> {
  const posts = await tx
    .selectFrom("posts")
    .select(["posts.id", "posts.title"])
    .where((eb) => visibleTo(eb, member, now))
    .orderBy("posts.published_at", "desc")
    .orderBy("posts.id")
    .limit(SLACK_COMMAND_POSTS)
    .execute();
  if (posts.length === 0) return [];
  const ids = posts.map((p) => p.id);
  const captions = await tx
    .selectFrom("captions")
    .select(["id", "post_id", "network"])
    .where("tenant_id", "=", member.tenantId)
    .where("post_id", "in", ids)
    .where("language", "=", locale)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const topics = await tx
    .selectFrom("post_topics")
    .innerJoin("topics", (j) =>
      j
        .onRef("topics.id", "=", "post_topics.topic_id")
        .onRef("topics.tenant_id", "=", "post_topics.tenant_id"),
    )
    .select(["post_topics.post_id", "topics.name"])
    .where("post_topics.tenant_id", "=", member.tenantId)
    .where("post_topics.post_id", "in", ids)
    .orderBy("topics.name")
    .execute();
  const first = (postId: string, network: string) =>
    captions.find((c) => c.post_id === postId && c.network === network)?.id ?? null;
  const base = appUrl();
  return posts.map((p) => ({
    id: p.id,
    title: p.title,
    topics: topics.filter((tp) => tp.post_id === p.id).map((tp) => tp.name),
    links: shareLinks(base, tenantSlug, p.id, { linkedin: first(p.id, "linkedin"), x: first(p.id, "x") }),
  }));
}

/** A text answer: Slack reads `text` as mrkdwn, so &, < and > (a company name, a link, the help's "<link>") are escaped. */
const plain = (text: string): SlackMessage => ({ text: escape(text), blocks: [] });

/**
 * An ephemeral answer at the command's response_url: only Slack's hooks host (isAllowedResponseUrl;
 * the route refused others already, this is the second look), no redirects, 10 seconds.
 */
async function respond(responseUrl: string, message: SlackMessage): Promise<void> {
  if (!isAllowedResponseUrl(responseUrl)) throw new Error("response_url is not Slack's");
  const body = {
    response_type: "ephemeral",
    replace_original: false,
    text: message.text,
    ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
  };
  const res = await fetch(responseUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json; charset=utf-8" },
    body: JSON.stringify(body),
    redirect: "error",
    signal: AbortSignal.timeout(10_000),
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}
