import { redirect } from "react-router";
import { database, type DB } from "~/db/client.ts";
import { toResponse } from "~/app/lib/errors.ts";
import { can, type Permission } from "~/app/lib/permissions.ts";
import { consume, memberActions, type MemberAction } from "~/app/lib/rate-limit.server.ts";
import { findMembership } from "~/app/modules/tenancy/find-membership.server.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import { readSessionToken } from "~/app/modules/auth/cookie.server.ts";
import { validateSessionToken, type ValidSession } from "~/app/modules/auth/session.server.ts";

/** The session of this request, or null. Memoised per Request so loaders in one render share it. */
const memo = new WeakMap<Request, Promise<ValidSession | null>>();
export function getSession(request: Request): Promise<ValidSession | null> {
  let p = memo.get(request);
  if (!p) {
    const token = readSessionToken(request);
    p = token ? database().then(({ db }) => validateSessionToken(db, token)) : Promise.resolve(null);
    memo.set(request, p);
  }
  return p;
}

export async function requireSession(request: Request): Promise<ValidSession> {
  const session = await getSession(request);
  if (!session) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return session;
}

export interface MemberContext {
  db: DB;
  session: ValidSession;
  tenant: TenantInfo;
  member: Member;
}

/**
 * Permissions whose every form post creates records or sends mail, and the rate-limit bucket each
 * counts against (MEMBER_ACTION_LIMIT per member in 10 minutes): content.create (new posts, edits,
 * submissions and decisions, which mail the author), content.suggest, kudos.give,
 * escalations.report (mails the comms team), members.invite (invitations, CSV imports, resends),
 * goals.manage (proposing and revising goal agreements, which mails the employee),
 * suggestions.review (accepting or declining a suggestion, which mails its author). A share is a
 * post to the share page, the one action behind content.view. Counted here, in the one gate every
 * action passes, so no route can forget it; reads (GET, HEAD) never count. A permission held for
 * harmless posts too (tenant.view: the language, marking read) is not listed; a route behind it
 * whose posts all write or mail names its bucket itself (requireMember's `countsAs`).
 */
const LIMITED_ACTIONS: Partial<Record<Permission, MemberAction>> = {
  "content.create": "post",
  "content.suggest": "suggestion",
  "content.view": "share",
  "kudos.give": "kudos",
  "escalations.report": "escalation",
  "members.invite": "invitation",
  "goals.manage": "goal",
  "suggestions.review": "review",
};

/**
 * The one gate in loaders and actions: a signed-in, active member of the tenant in the URL holding
 * `permission`. Not a member (or no such tenant) → 404, so tenants cannot be probed; lacking the
 * permission → 403; a form post over the member's action limit (see LIMITED_ACTIONS, or `countsAs`
 * for a route whose permission also covers harmless posts) → 429 with Retry-After.
 */
export async function requireMember(
  request: Request,
  params: { tenant?: string },
  permission: Permission = "tenant.view",
  options: { countsAs?: MemberAction } = {},
): Promise<MemberContext> {
  const session = await requireSession(request);
  const { db } = await database();
  const found = params.tenant ? await findMembership(db, params.tenant, session.user.id) : undefined;
  if (!found) throw new Response("not_found", { status: 404, statusText: "Not Found" });
  if (!can(found.member.roles, permission))
    throw new Response("forbidden", { status: 403, statusText: "Forbidden" });
  const action = options.countsAs ?? LIMITED_ACTIONS[permission];
  if (action && request.method !== "GET" && request.method !== "HEAD") {
    try {
      await consume(memberActions(action), found.member.id);
    } catch (error) {
      throw toResponse(error) ?? error;
    }
  }
  return { db, session, ...found };
}
