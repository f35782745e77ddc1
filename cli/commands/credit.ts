import { z } from "zod";
import { database } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { Slug } from "~/app/lib/validation.ts";
import { creditSnapshot, type CreditSnapshot } from "~/app/modules/credit/snapshot.server.ts";
import { parsePeriod } from "~/app/modules/goals/period.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { CliError, parseFlags, type CommandResult } from "~/cli/args.ts";
import { findTenant } from "~/cli/commands/find-tenant.ts";

/**
 * `credit show --tenant <slug> --email <address> [--period 2026-Q4] [--json]`: one person's current
 * figures as their statement would compute them — for support ("why does my statement say 3?").
 * An operator's look at someone's figures is a look: it is written to the audit log.
 * The strict works-council mode (privacy/strict-mode.ts) does not apply: it governs who in the
 * tenant (colleagues, managers, comms leads, admins) sees another person's figures; the operator is
 * the processor's support, answering the person's own question, with shell access to the database
 * anyway. What the command shows must go to the person only, never to their manager.
 */
export async function creditShow(argv: string[]): Promise<CommandResult> {
  const flags = parseFlags(
    argv,
    {
      tenant: { type: "string" },
      email: { type: "string" },
      period: { type: "string" },
      json: { type: "boolean" },
    },
    z.object({
      tenant: Slug,
      email: z.email({ error: "must be an email address" }).max(320),
      period: z.string().max(40).optional(),
      json: z.boolean().optional(),
    }),
  );
  const period = flags.period === undefined ? undefined : parsePeriod({ period: flags.period });
  if (period === null)
    throw new CliError(`invalid --period "${flags.period}": use 2026-Q4, 2026-H2 or 2026`, "invalid_input");
  const { db } = await database();
  const tenant = await findTenant(db, flags.tenant);
  const snapshot = await withTenant(db, tenant.id, async (tx) => {
    const found = await creditSnapshot(tx, { tenantId: tenant.id, email: flags.email, period });
    if (found) {
      await recordAudit(tx, {
        tenantId: tenant.id,
        actorUserId: null,
        action: "credit.shown_to_operator",
        subject: found.memberId,
        data: { period: found.period.label, via: "cli" },
      });
    }
    return found;
  });
  if (!snapshot)
    throw new CliError(`no member with the email "${flags.email}" in ${tenant.slug}`, "unknown_member", 1);
  return { json: toJson(snapshot), text: toText(snapshot) };
}

/** snake_case, as the issue's operators' format names it */
function toJson(s: CreditSnapshot) {
  return {
    tenant: s.tenant,
    member: s.member,
    period: { label: s.period.label, starts_on: s.period.startsOn, ends_on: s.period.endsOn },
    agreement: s.agreement
      ? {
          id: s.agreement.id,
          status: s.agreement.status,
          starts_on: s.agreement.startsOn,
          ends_on: s.agreement.endsOn,
        }
      : null,
    as_of: s.asOf,
    points: s.points,
    shares: { verified: s.shares.verified, self_reported: s.shares.selfReported, counted: s.shares.counted },
    unique_clicks: { counted: s.uniqueClicks.counted, held_back: s.uniqueClicks.heldBack },
    objectives: s.objectives.map((o) => ({
      position: o.position,
      title: o.title,
      metric: o.metric,
      target: o.target,
      weight: o.weight,
      actual: o.actual,
      attainment_percent: o.attainmentPercent,
      weighted_percent: o.weightedPercent,
      excluded: o.excludedCount,
    })),
    overall_percent: s.overallPercent,
  };
}

function toText(s: CreditSnapshot): string {
  const lines = [
    `${s.member.name} <${s.member.email}> in ${s.tenant.slug}, ${s.period.label} (${s.period.startsOn} to ${s.period.endsOn}), as of ${s.asOf}`,
    s.agreement
      ? `Agreement ${s.agreement.id}: ${s.agreement.status}, counts ${s.agreement.startsOn} to ${s.agreement.endsOn}`
      : "No goal agreement for this period.",
    `Points:        ${s.points}`,
    `Shares:        ${s.shares.counted} counted (${s.shares.verified} verified, ${s.shares.selfReported} self-reported)`,
    `Unique clicks: ${s.uniqueClicks.counted} counted, ${s.uniqueClicks.heldBack} held back`,
  ];
  if (s.objectives.length > 0) {
    lines.push("", "POS  METRIC                 TARGET     ACTUAL  ATTAINMENT  WEIGHT  EXCLUDED  TITLE");
    for (const o of s.objectives) {
      lines.push(
        [
          String(o.position).padEnd(4),
          o.metric.padEnd(22),
          String(o.target).padStart(6),
          String(o.actual).padStart(10),
          `${o.attainmentPercent}%`.padStart(11),
          `${o.weight}%`.padStart(7),
          String(o.excludedCount).padStart(9),
          ` ${o.title}`,
        ].join(" "),
      );
    }
    lines.push(`Overall: ${s.overallPercent}%`);
  }
  return lines.join("\n");
}
