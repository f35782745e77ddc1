import { flatten, parse, type Filter } from "scim2-parse-filter";
import { invalidFilter } from "~/app/modules/scim/errors.ts";

/**
 * SCIM filters (RFC 7644 §3.4.2.2) as Chorus answers them: a conjunction of `eq` comparisons on the
 * attributes a resource names. That covers what directories send — Entra ID `userName eq "…"`,
 * `externalId eq "…"`, `displayName eq "…"`, `id eq "…" and members[value eq "…"]`; Okta the same
 * with `userName eq` — and keeps every filter an indexed lookup. Anything else (or, not, co, sw, pr,
 * an unknown attribute) is a 400 invalidFilter, as §3.4.2.2 asks for a filter we cannot honour,
 * rather than a wrong result. Parsing is scim2-parse-filter's (a maintained parser), we only walk
 * its tree.
 */

export interface ScimCondition {
  /** the attribute as the resource spells it (`userName`, `emails.value`, `members.value`) */
  attribute: string;
  value: string | number | boolean | null;
}

/** Longer filters are refused before parsing: nothing a directory sends comes near it. */
export const MAX_FILTER_LENGTH = 1_000;

const CORE_SCHEMA_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(?:user|group):/i;

/**
 * The filter's conditions, all of which must hold. `attributes` lists the supported attribute paths
 * in their canonical spelling; SCIM attribute names are case-insensitive (RFC 7643 §2.1), so
 * `USERNAME eq "x"` matches `userName`, and a core schema URN prefix is dropped.
 */
export function parseScimFilter(text: string, attributes: readonly string[]): ScimCondition[] {
  if (text.length > MAX_FILTER_LENGTH)
    throw invalidFilter(`The filter is longer than ${MAX_FILTER_LENGTH} characters.`);
  let tree: Filter;
  try {
    // flatten turns `emails[type eq "work"].value eq "x"` into `emails.type eq … and emails.value eq …`
    tree = flatten(parse(text));
  } catch {
    throw invalidFilter("The filter is not valid SCIM filter syntax (RFC 7644 §3.4.2.2).");
  }
  const byLowerName = new Map(attributes.map((a) => [a.toLowerCase(), a]));
  const conditions: ScimCondition[] = [];
  const walk = (node: Filter): void => {
    if (node.op === "and" && "filters" in node) {
      for (const child of node.filters) walk(child);
      return;
    }
    if (node.op === "eq" && "attrPath" in node && "compValue" in node) {
      const name = node.attrPath.replace(CORE_SCHEMA_PREFIX, "").toLowerCase();
      const attribute = byLowerName.get(name);
      if (!attribute)
        throw invalidFilter(
          `Filtering on ${node.attrPath} is not supported; supported: ${attributes.join(", ")}.`,
        );
      conditions.push({ attribute, value: node.compValue });
      return;
    }
    throw invalidFilter(
      `Only "eq" comparisons joined by "and" are supported (the filter uses "${node.op}").`,
    );
  };
  walk(tree);
  return conditions;
}

/** The string values a filter requires of `attribute` (several: no resource can match them all). */
export function conditionValues(conditions: readonly ScimCondition[], attribute: string): string[] {
  return conditions.filter((c) => c.attribute === attribute).map((c) => String(c.value));
}
