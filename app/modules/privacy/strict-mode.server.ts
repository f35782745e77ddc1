import type { Tx } from "~/db/client.ts";
import { isStrictMode } from "~/app/modules/privacy/settings.server.ts";
import { figurePolicy, type FigurePolicy } from "~/app/modules/privacy/strict-mode.ts";

export {
  figurePolicy,
  maySee,
  STRICT_MIN_GROUP_SIZE,
  STRICT_MODE_RULES,
  type FigurePolicy,
} from "~/app/modules/privacy/strict-mode.ts";

/** The tenant's figure policy: what the strict works-council mode (strict-mode.ts) allows right now. */
export async function loadFigurePolicy(tx: Tx, tenantId: string): Promise<FigurePolicy> {
  return figurePolicy(await isStrictMode(tx, tenantId));
}
