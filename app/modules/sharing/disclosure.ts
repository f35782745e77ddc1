import { LOCALES, NETWORKS, type Locale, type Network } from "~/db/schema.ts";
import { disclosurePattern, hasDisclosure, withDisclosure } from "~/app/modules/sharing/schemas.ts";

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
  return Object.fromEntries(
    NETWORKS.map((n) => [n, Object.fromEntries(LOCALES.map((l) => [l, resolveDisclosure(set, n, l)]))]),
  ) as ResolvedDisclosures;
}

/**
 * The labels a text on this network may carry: the one of its language, or — own words, language
 * unknown — any of the network's languages. Empty: none required.
 */
export function acceptedDisclosures(
  set: DisclosureLabels,
  network: Network,
  language: Locale | null,
): string[] {
  const languages = language ? [language] : [...LOCALES];
  return [
    ...new Set(
      languages.map((l) => resolveDisclosure(set, network, l)).filter((l): l is string => l !== null),
    ),
  ];
}

/** Does the text carry one of the accepted labels (case-insensitive)? */
export function carriesDisclosure(text: string, accepted: readonly string[]): boolean {
  return accepted.length === 0 || accepted.some((label) => hasDisclosure(text, label));
}

/** The text with the label appended when it lacks it (never twice; "#mitarbeiter" counts as "#Mitarbeiter"). */
export function insertDisclosure(text: string, label: string | null): string {
  return withDisclosure(text, label);
}

/**
 * The share page's label: the caption's language decides (a caption chosen by id), own words the
 * language the person chose.
 */
export function labelFor(
  disclosures: ResolvedDisclosures,
  captions: readonly { id: string; language: Locale }[],
  network: Network,
  captionId: string,
  own: Locale,
): string | null {
  return disclosures[network][captions.find((c) => c.id === captionId)?.language ?? own];
}

/**
 * Switching the caption's language or network: the label the page inserted before (`oldLabel`) is
 * taken out — its last occurrence as a whole word, since the page appends it — and the new one
 * goes in, once. `oldLabel` null: the page inserted nothing, so nothing is taken out (what the
 * person typed stays). The same label (any case) stays where it is.
 */
export function swapLabel(text: string, oldLabel: string | null, newLabel: string | null): string {
  const old = clean(oldLabel)?.normalize("NFC");
  const next = clean(newLabel);
  let out = text.normalize("NFC");
  if (old && !(next && next.normalize("NFC").toLocaleLowerCase() === old.toLocaleLowerCase())) {
    const last = [...out.matchAll(disclosurePattern(old, "giu"))].at(-1);
    if (last) {
      const before = out.slice(0, last.index).replace(/\s+$/u, "");
      const after = out.slice(last.index + last[0].length);
      out = before === "" ? after.trimStart() : before + after;
    }
  }
  return insertDisclosure(out, next);
}

/**
 * The words that mark a post as advertising (§ 5a (4) UWG: a post the employee is rewarded for),
 * as whole words, with or without "#": "#Werbung", "Anzeige", "#ad", "#advertisement".
 */
export const AD_MARKERS = ["Werbung", "Anzeige", "ad", "advertisement"] as const;

export function marksAdvertising(label: string | null): boolean {
  const text = clean(label);
  return text !== null && AD_MARKERS.some((m) => disclosurePattern(m, "iu").test(text.normalize("NFC")));
}

/**
 * While shares are rewarded: every network and language whose resolved label carries no
 * advertising marker (or no label at all). Empty when shares are not rewarded. A warning, not a
 * refusal: the tenant's counsel decides.
 */
export function unmarkedWhileRewarded(
  resolved: ResolvedDisclosures,
  incentivised: boolean,
): { network: Network; language: Locale; label: string | null }[] {
  if (!incentivised) return [];
  return NETWORKS.flatMap((network) =>
    LOCALES.map((language) => ({ network, language, label: resolved[network][language] })),
  ).filter((c) => !marksAdvertising(c.label));
}
