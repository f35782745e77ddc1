import type { Generated } from "kysely";
import type { Locale, Network, Timestamp } from "~/db/columns.ts";

/** The tenant's privacy settings (migration 0020-privacy); no row: the defaults. */
export interface PrivacySettingsTable {
  tenant_id: string;
  /** audit events and credit access log kept this long (6–120, default 24) */
  audit_retention_months: Generated<number>;
  /** strict works-council mode: no individual figures for anyone but the person */
  strict_mode: Generated<boolean>;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** The disclosure label a share carries per network and language (0020-privacy). */
export interface DisclosureLabelsTable {
  tenant_id: string;
  network: Network;
  language: Locale;
  label: string;
  updated_at: Timestamp;
}

export interface PrivacyTables {
  privacy_settings: PrivacySettingsTable;
  disclosure_labels: DisclosureLabelsTable;
}
