import type { AgreementStatus } from "~/db/tables/recognition.ts";
import type { ReleaseMode } from "~/app/modules/goals/settings.ts";

/**
 * What a manager sees of a direct report's figures on the goal agreement page — the matrix the
 * consent text (app/modules/advocacy/consent-text.ts) describes; change both together.
 *
 * - before acceptance (proposed, commented, withdrawn): the objectives, targets and status only —
 *   the employee has agreed to nothing yet
 * - accepted, while the period runs:
 *   - works-council mode ('employee' release, the default): per objective the measured figure and
 *     its attainment, and the overall attainment; not the activities behind them (days, posts)
 *   - 'automatic' release, and the employee consented to automatic release: also the activities —
 *     their statement would reach the manager without a separate release anyway
 * - closed: nothing live; the figures are in the statement, which the manager sees once it is
 *   released (by the employee, or automatically where both the tenant and the employee chose that)
 *
 * - strict works-council mode (privacy_settings.strict_mode, app/modules/privacy/strict-mode.ts):
 *   never anything live, whatever the release mode — only released statements
 *
 * Every view that shows figures is written to the employee's credit access log.
 */
export type ManagerFigures =
  | { shown: "all" }
  | { shown: "attainment" }
  | { shown: "none"; reason: "not_accepted" | "closed" | "strict_mode" };

export function managerFigures(
  status: AgreementStatus,
  releaseMode: ReleaseMode,
  employeeConsentsToAutoRelease: boolean,
  strictMode = false,
): ManagerFigures {
  if (status === "accepted" && strictMode) return { shown: "none", reason: "strict_mode" };
  if (status === "accepted")
    return releaseMode === "automatic" && employeeConsentsToAutoRelease
      ? { shown: "all" }
      : { shown: "attainment" };
  if (status === "closed") return { shown: "none", reason: "closed" };
  return { shown: "none", reason: "not_accepted" };
}
