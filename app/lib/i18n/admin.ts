/** Admin pages: members, invitations, teams, settings. Filled in by the admin module. */
export const admin = {
  en: {},
  de: {},
} as const;
