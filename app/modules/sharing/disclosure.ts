import { LOCALES, NETWORKS, type Locale, type Network } from "../../../db/schema.ts";
import { hasDisclosure, withDisclosure } from "./schemas.ts";

/*
 * Disclosure labels (issue 13): the words a share must carry so readers see it is commercial
 * communication. In Germany § 5a (4) UWG and the Medienstaatsvertrag require marking it; a post
 * by an employee about their employer counts as such, and when the employee is rewarded for it
 * (points, prizes) it is advertising ("#Werbung"). The tenant sets a label per network and
 * language (disclosure_labels); tenants.share_disclosure is the fallback for the rest. The label
 * goes into the share text automatically, in the language of the caption, and counts toward the
 * network's length.
 */

/** The tenant's labels as stored: per network and language, and the one fallback. */
export interface DisclosureLabels {
  labels: { network: Network; language: Locale; label: string }[];
  /** tenants.share_disclosure: for networks and languages without their own label */
  fallback: string | null;
}

/** Every network's label in each language, resolved (null: none required). */
export type ResolvedDisclosures = Record<Network, Record<Locale, string | null>>;

/** What we suggest: "#Mitarbeiter"/"#employee", or "#Werbung"/"#ad" when shares are rewarded. */
export const SUGGESTED_LABELS: Record<"employee" | "incentivised", Record<Locale, string>> = {
  employee: { de: "#Mitarbeiter", en: "#employee" },
  incentivised: { de: "#Werbung", en: "#ad" },
};

export function suggestedLabel(language: Locale, incentivised: boolean): string {
  return SUGGESTED_LABELS[incentivised ? "incentivised" : "employee"][language];
}

const clean = (label: string | null | undefined): string | null => {
  const trimmed = label?.trim();
  return trimmed ? trimmed : null;
};

/** The label a share on `network` in `language` must carry: its own, else the fallback, else none. */
export function resolveDisclosure(set: DisclosureLabels, network: Network, language: Locale): string | null {
  const own = set.labels.find((l) => l.network === network && l.language === language);
  return clean(own?.label) ?? clean(set.fallback);
}

export function resolveAll(set: DisclosureLabels): ResolvedDisclosures {
  return Object.fromEntries(NETWORKS.map((n) => [n, Object.fromEntries(LOCALES.map((l) => [l, resolveDisclosure(set, n, l)]))])) as ResolvedDisclosures;
}

/**
 * The labels a text on this network may carry: the one of its language, or — own words, language
 * unknown — any of the network's languages. Empty: none required.
 */
export function acceptedDisclosures(set: DisclosureLabels, network: Network, language: Locale | null): string[] {
  const languages = language ? [language] : [...LOCALES];
  return [...new Set(languages.map((l) => resolveDisclosure(set, network, l)).filter((l): l is string => l !== null))];
}

/** Does the text carry one of the accepted labels (case-insensitive)? */
export function carriesDisclosure(text: string, accepted: readonly string[]): boolean {
  return accepted.length === 0 || accepted.some((label) => hasDisclosure(text, label));
}

/** The text with the label appended when it lacks it (never twice; "#mitarbeiter" counts as "#Mitarbeiter"). */
export function insertDisclosure(text: string, label: string | null): string {
  return withDisclosure(text, label);
}
