import { z } from "zod";
import { ROLES } from "~/db/schema.ts";
import { Email, LocaleField, PersonName, safeText, TimeZone } from "~/app/lib/validation.ts";

/**
 * Input schemas of the member, team and settings use cases. Not *.server.ts: the admin forms
 * validate with the same schemas in the browser. Messages are i18n keys (validation.* or
 * admin.errors.*).
 */

/** At least one role; duplicates (two ticked boxes with one value) collapse. */
export const RoleList = z
  .array(z.enum(ROLES, { error: "roles" }), { error: "roles" })
  .min(1, "roles")
  .transform((roles) => [...new Set(roles)]);

export const InviteMemberInput = z.object({
  name: PersonName,
  email: Email,
  roles: RoleList,
  teamId: z.uuid("teamUnknown").optional(),
  /** either the manager's membership id (the form) or their email (scripts, the API) */
  managerId: z.uuid("managerUnknown").optional(),
  managerEmail: Email.optional(),
});
export type InviteMemberInput = z.input<typeof InviteMemberInput>;

export const InvitationRef = z.object({ invitationId: z.uuid("notFound") });
export type InvitationRef = z.input<typeof InvitationRef>;

export const MemberRef = z.object({ memberId: z.uuid("notFound") });

/** "No team" / "no manager": null, or missing (conform turns an empty select into undefined). */
const optionalId = (message: string) =>
  z
    .uuid(message)
    .nullish()
    .transform((v) => v ?? null);

export const UpdateMemberInput = z.object({
  memberId: z.uuid("notFound"),
  roles: RoleList,
  teamId: optionalId("teamUnknown"),
  managerId: optionalId("managerUnknown"),
});
export type UpdateMemberInput = z.input<typeof UpdateMemberInput>;

export const TeamName = safeText({ max: 80 });
export const CreateTeamInput = z.object({ name: TeamName });
export const RenameTeamInput = z.object({ teamId: z.uuid("notFound"), name: TeamName });
export const DeleteTeamInput = z.object({ teamId: z.uuid("notFound") });

export const UpdateTenantSettingsInput = z.object({
  name: safeText({ max: 120 }),
  defaultLocale: LocaleField,
  timeZone: TimeZone,
});
export type UpdateTenantSettingsInput = z.input<typeof UpdateTenantSettingsInput>;

export const CSV_MAX_BYTES = 1024 * 1024;
export const CSV_MAX_ROWS = 1000;
export const CSV_COLUMNS = ["name", "email", "team", "manager_email", "roles"] as const;
export const CSV_EXAMPLE = [
  CSV_COLUMNS.join(","),
  "Anna Schmidt,anna.schmidt@example.com,Vertrieb,,admin|manager",
  "Jonas Weber,jonas.weber@example.com,Vertrieb,anna.schmidt@example.com,employee",
  "Lea Braun,lea.braun@example.com,Marketing,anna.schmidt@example.com,comms_lead;employee",
].join("\n");
