import { z } from "zod";
import { NETWORKS, type Network } from "~/db/schema.ts";

/**
 * Share of a sharer's followers who see a post, per network, when the network reports nothing:
 * deliberately modest organic-reach rates (the tenant sets its own on the reach settings page).
 * Figures built on them are always labelled "estimated".
 */
export const DEFAULT_IMPRESSION_FACTORS: Readonly<Record<Network, number>> = {
  linkedin: 0.1,
  x: 0.05,
  facebook: 0.05,
  xing: 0.05,
  bluesky: 0.1,
  mastodon: 0.1,
  threads: 0.05,
};

export interface ReachSettings {
  impressionFactors: Record<Network, number>;
  /** per 1,000 impressions, in `currency` */
  cpm: number;
  /** per click, in `currency` */
  cpc: number;
  currency: string;
  /** team and group figures are shown only for groups of at least this many people */
  minGroupSize: number;
  /** raw click events are deleted this many days after the click (rollups stay) */
  clickRetentionDays: number;
  /** tenant-local day: raw clicks of earlier days are gone (null: nothing deleted yet) */
  clicksPurgedBefore: string | null;
}

export const DEFAULT_REACH_SETTINGS: ReachSettings = {
  impressionFactors: { ...DEFAULT_IMPRESSION_FACTORS },
  cpm: 8,
  cpc: 1.2,
  currency: "EUR",
  minGroupSize: 5,
  clickRetentionDays: 90,
  clicksPurgedBefore: null,
};

const factor = z.coerce
  .number({ error: "number" })
  .min(0, { error: "factor_range" })
  .max(1, { error: "factor_range" });

/** The reach settings form (admin); factors are fractions of followers (0–1). */
export const ReachSettingsInput = z.object({
  impressionFactors: z.object(
    Object.fromEntries(NETWORKS.map((n) => [n, factor])) as Record<Network, typeof factor>,
  ),
  cpm: z.coerce
    .number({ error: "number" })
    .min(0, { error: "money_range" })
    .max(10_000, { error: "money_range" }),
  cpc: z.coerce
    .number({ error: "number" })
    .min(0, { error: "money_range" })
    .max(10_000, { error: "money_range" }),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, { error: "currency" }),
  minGroupSize: z.coerce
    .number({ error: "number" })
    .int({ error: "integer" })
    .min(2, { error: "group_range" })
    .max(1000, { error: "group_range" }),
  clickRetentionDays: z.coerce
    .number({ error: "number" })
    .int({ error: "integer" })
    .min(7, { error: "retention_range" })
    .max(730, { error: "retention_range" }),
});
export type ReachSettingsInput = z.infer<typeof ReachSettingsInput>;

const percent = z.coerce
  .number({ error: "number" })
  .min(0, { error: "percent_range" })
  .max(100, { error: "percent_range" });

/** The reach settings page's form: factors as percentages of followers (0–100), stored as fractions. */
export const ReachSettingsForm = ReachSettingsInput.omit({ impressionFactors: true }).extend({
  impressionPercents: z.object(
    Object.fromEntries(NETWORKS.map((n) => [n, percent])) as Record<Network, typeof percent>,
  ),
});
export type ReachSettingsForm = z.infer<typeof ReachSettingsForm>;

/** Percent → fraction, rounded so 12.5 % is stored as 0.125 and not 0.12500000000000003. */
export function reachSettingsFromForm(form: ReachSettingsForm): ReachSettingsInput {
  const { impressionPercents, ...rest } = form;
  const impressionFactors = Object.fromEntries(
    NETWORKS.map((n) => [n, Math.round(impressionPercents[n] * 10_000) / 1_000_000]),
  ) as Record<Network, number>;
  return { ...rest, impressionFactors };
}

/** The form's values for the saved settings. */
export function reachSettingsToForm(settings: ReachSettings): ReachSettingsForm {
  const impressionPercents = Object.fromEntries(
    NETWORKS.map((n) => [n, Math.round(settings.impressionFactors[n] * 1_000_000) / 10_000]),
  ) as Record<Network, number>;
  return {
    impressionPercents,
    cpm: settings.cpm,
    cpc: settings.cpc,
    currency: settings.currency,
    minGroupSize: settings.minGroupSize,
    clickRetentionDays: settings.clickRetentionDays,
  };
}
