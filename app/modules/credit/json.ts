import { createI18n } from "~/app/lib/i18n/resources.ts";
import {
  EXCLUSION_REASONS,
  type ExclusionReason,
  type StatementContent,
} from "~/app/modules/goals/statement.ts";
import type { Period } from "~/app/modules/goals/period.ts";
import { isoTime, type ExportableStatement } from "~/app/modules/credit/exportable.ts";

/**
 * The JSON export: each statement's locked content exactly as stored, with its hash and release
 * time, so anyone can re-check the hash (SHA-256 of canonicalJson(content), app/modules/goals/statement.ts).
 */
export interface CreditJsonExport {
  format: "chorus.credit-statements";
  version: 1;
  period: { kind: Period["kind"]; label: string; startsOn: string; endsOn: string };
  exportedAt: string;
  /** pseudonymisedAt only on a statement an erasure pseudonymised: a copy exported before carries the names and the old hash */
  statements: {
    id: string;
    employeeId: string;
    contentHash: string;
    releasedAt: string | null;
    pseudonymisedAt?: string;
    content: StatementContent;
  }[];
  /**
   * What the reason codes of excluded activities mean (version-2 content: activities[].excluded),
   * in English and German. Outside the hashed content: it explains, it is not part of what was locked.
   */
  exclusionReasons: Record<ExclusionReason, { en: string; de: string }>;
}

function exclusionReasonTexts(): CreditJsonExport["exclusionReasons"] {
  const en = createI18n("en");
  const de = createI18n("de");
  return Object.fromEntries(
    EXCLUSION_REASONS.map((r) => [r, { en: en.t(`goals.excluded.${r}`), de: de.t(`goals.excluded.${r}`) }]),
  ) as CreditJsonExport["exclusionReasons"];
}

export function creditJson(
  statements: readonly ExportableStatement[],
  period: Period,
  exportedAt: Date = new Date(),
): CreditJsonExport {
  return {
    format: "chorus.credit-statements",
    version: 1,
    period: { kind: period.kind, label: period.label, startsOn: period.startsOn, endsOn: period.endsOn },
    exportedAt: exportedAt.toISOString(),
    statements: statements.map((s) => ({
      id: s.id,
      employeeId: s.employeeId,
      contentHash: s.contentHash,
      releasedAt: isoTime(s.releasedAt),
      ...(s.pseudonymisedAt ? { pseudonymisedAt: isoTime(s.pseudonymisedAt)! } : {}),
      content: s.content,
    })),
    exclusionReasons: exclusionReasonTexts(),
  };
}
