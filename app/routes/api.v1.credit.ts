import type { Route } from "./+types/api.v1.credit";
import { withTenant } from "~/db/tenant.ts";
import {
  apiError,
  apiJson,
  handleApi,
  invalidInput,
  methodNotAllowed,
  requireApiToken,
} from "~/app/modules/api/http.server.ts";
import { ApiCreditQuery, toApiCreditList } from "~/app/modules/api/credit-schemas.ts";
import { PERIOD_HELP, periodOf, queryObject } from "~/app/modules/credit/query.ts";
import { logCreditAccess } from "~/app/modules/goals/access-log.server.ts";
import { listReleasedStatementsForTenant } from "~/app/modules/goals/statements.server.ts";

/**
 * GET /api/v1/credit?period=2026-Q4 (or ?from&to): the token's tenant's released statements for
 * HR systems, to tokens with the "credit" scope only (a CMS token gets 403 insufficient_scope).
 * Every statement handed out is written to the employee's access log ("api.read", with the token)
 * in the same transaction as the read.
 */
export async function loader({ request }: Route.LoaderArgs) {
  return handleApi(request, async () => {
    const { db, tenantId, tokenId } = await requireApiToken(request, "credit");
    const query = queryObject(new URL(request.url).searchParams);
    const parsed = ApiCreditQuery.safeParse(query);
    if (!parsed.success) {
      // the per-field messages, with the one sentence that says how to write a period
      const invalid = invalidInput(parsed.error, query);
      const { error } = (await invalid.json()) as { error: { fields?: Record<string, string[]> } };
      return apiError(400, "invalid_input", `Invalid period. ${PERIOD_HELP}`, error.fields);
    }
    const period = periodOf(parsed.data);
    const body = await withTenant(db, tenantId, async (tx) => {
      const rows = await listReleasedStatementsForTenant(tx, tenantId, period);
      const list = toApiCreditList(period, rows);
      for (const s of list.statements) {
        await logCreditAccess(tx, {
          tenantId,
          subjectMembershipId: s.employeeId,
          actor: { tokenId },
          action: "api.read",
          statementId: s.id,
        });
      }
      return list;
    });
    return apiJson(body);
  });
}

export function action({ request }: Route.ActionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
