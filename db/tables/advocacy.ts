import type { Generated } from "kysely";
import type { CreatedAt, Timestamp } from "~/db/columns.ts";

export const DATA_CHOICES = ["keep", "anonymise"] as const;
/** What happens to a member's past shares when they leave the programme. */
export type DataChoice = (typeof DATA_CHOICES)[number];
export const ONBOARDING_PATHS = ["beginner", "experienced"] as const;
export type OnboardingPath = (typeof ONBOARDING_PATHS)[number];

/**
 * One joining of the advocacy programme. Never deleted or overwritten: leaving sets withdrawn_at,
 * rejoining adds a new row, so the history shows which consent text was agreed to and when.
 * At most one open (not withdrawn) row per membership.
 */
export interface AdvocacyConsentsTable {
  id: Generated<string>;
  tenant_id: string;
  membership_id: string;
  /** the consent text version agreed to (CONSENT_VERSION at the time) */
  consent_version: string;
  granted_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  /** set on leaving: what the member chose for their past data */
  data_choice: DataChoice | null;
}

/** The tenant's social media guidelines; every publication is a new version (1, 2, …). */
export interface GuidelinesTable {
  id: Generated<string>;
  tenant_id: string;
  version: number;
  /** Markdown (the safe subset rendered by app/ui/markdown.tsx) */
  body_de: string;
  body_en: string;
  published_at: CreatedAt;
  /** the publishing admin's membership (null once that membership is gone) */
  published_by: string | null;
}

export interface GuidelineAcknowledgementsTable {
  id: Generated<string>;
  tenant_id: string;
  membership_id: string;
  version: number;
  acknowledged_at: CreatedAt;
}

export interface OnboardingCompletionsTable {
  id: Generated<string>;
  tenant_id: string;
  membership_id: string;
  path: OnboardingPath;
  completed_at: CreatedAt;
}

/** Table types of the advocacy module (migration db/migrations/0004-advocacy.ts). */
export interface AdvocacyTables {
  advocacy_consents: AdvocacyConsentsTable;
  guidelines: GuidelinesTable;
  guideline_acknowledgements: GuidelineAcknowledgementsTable;
  onboarding_completions: OnboardingCompletionsTable;
}
