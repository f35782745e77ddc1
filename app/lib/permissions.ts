import type { Role } from "~/db/schema.ts";
import { ForbiddenError } from "~/app/lib/errors.ts";

/** Every permission a route or API may ask for, and the roles that grant it. */
export const PERMISSIONS = {
  "tenant.view": ["admin", "comms_lead", "manager", "employee"],
  "tenant.settings": ["admin"],
  /** the identity provider, SSO domains, require-SSO and just-in-time membership (issue 16) */
  "tenant.sso": ["admin"],
  "members.view": ["admin"],
  "members.manage": ["admin"],
  "members.invite": ["admin"],
  "teams.manage": ["admin"],
  "tokens.manage": ["admin"],
  "content.create": ["admin", "comms_lead"],
  "content.approve": ["comms_lead"],
  "content.suggest": ["admin", "comms_lead", "manager", "employee"],
  "suggestions.review": ["comms_lead"],
  "topics.manage": ["admin", "comms_lead"],
  "advocacy.join": ["admin", "comms_lead", "manager", "employee"],
  "guidelines.manage": ["admin"],
  "linkedin.configure": ["admin"],
  "escalations.report": ["admin", "comms_lead", "manager", "employee"],
  "escalations.handle": ["comms_lead"],
  "content.view": ["admin", "comms_lead", "manager", "employee"],
  "goals.manage": ["manager"],
  "recognition.manage": ["admin"],
  "kudos.give": ["admin", "comms_lead", "manager", "employee"],
  "credit.export": ["manager"],
  "analytics.view": ["admin", "comms_lead"],
  "billing.manage": ["admin"],
  /** Teams and Slack channels: which posts go where, quiet hours, limits; the Teams app package (issue 17) */
  "integrations.manage": ["admin", "comms_lead"],
  /** adding Chorus to the company's Slack workspace, and removing it */
  "integrations.install": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}

/** The check a use case starts with: throws ForbiddenError unless one of the actor's roles grants `permission`. */
export function requirePermission(actor: { roles: readonly Role[] }, permission: Permission): void {
  if (!can(actor.roles, permission)) throw new ForbiddenError(permission);
}

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(roles, p));
}
