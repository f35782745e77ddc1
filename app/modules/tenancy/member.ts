import type { Locale, Role } from "~/db/schema.ts";

/** Who is acting, inside which tenant — resolved from the session, never from the URL alone. */
export interface Member {
  id: string;
  tenantId: string;
  userId: string;
  name: string;
  email: string;
  roles: Role[];
  teamId: string | null;
  managerId: string | null;
}

export interface TenantInfo {
  id: string;
  slug: string;
  name: string;
  defaultLocale: Locale;
  timeZone: string;
}
