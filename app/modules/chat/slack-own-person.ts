import { z } from "zod";

/** A Slack user's workspaces as users.info and users.lookupByEmail report them. */
export const SlackUserTeams = z.object({
  /** the person's own workspace: another company's for an external member of a Slack Connect channel */
  team_id: z.string().optional(),
  /** Enterprise Grid: the organisation's workspaces the person belongs to */
  enterprise_user: z.object({ teams: z.array(z.string()).optional() }).optional(),
});

/**
 * Only the workspace's own people speak for (and hear from) its company: an external member (Slack
 * Connect) has an address their own company's Slack admins vouch for, and could be given a member's.
 * Own: the person's team_id is the installation's workspace, or (Enterprise Grid) the workspace is
 * among their enterprise_user.teams.
 */
export function isOwnSlackPerson(user: z.infer<typeof SlackUserTeams>, teamId: string): boolean {
  return user.team_id === teamId || (user.enterprise_user?.teams?.includes(teamId) ?? false);
}
