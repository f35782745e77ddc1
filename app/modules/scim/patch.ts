import { z } from "zod";
import { invalidPath } from "~/app/modules/scim/errors.ts";
import { parseScimFilter, type ScimCondition } from "~/app/modules/scim/filter.ts";

/**
 * PATCH (RFC 7644 §3.5.2) as the directories send it. Entra ID writes the operation names
 * capitalised ("Replace", "Add", "Remove") and booleans as strings ("False"), and puts several
 * attributes into one path-less replace; Okta writes lower-case ops and real booleans. Both pass.
 */

export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** A SCIM boolean: true/false, or Entra's "True"/"False" strings. */
export const ScimBoolean = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["true", "false"]))
    .transform((s) => s === "true"),
]);

/** At most this many operations in one PATCH (Entra sends one per changed attribute, or one with many). */
export const MAX_PATCH_OPERATIONS = 1_000;

export const ScimPatchOperation = z.object({
  op: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["add", "remove", "replace"], { error: 'op must be "add", "remove" or "replace"' })),
  path: z.string().trim().min(1).max(500).optional(),
  value: z.unknown().optional(),
});
export type ScimPatchOperation = z.output<typeof ScimPatchOperation>;

export const ScimPatchRequest = z.object({
  // Optional in practice: some clients leave it out; when present it must name PatchOp.
  schemas: z
    .array(z.string())
    .refine((s) => s.includes(PATCH_OP_SCHEMA), `schemas must contain ${PATCH_OP_SCHEMA}`)
    .optional(),
  Operations: z.array(ScimPatchOperation).min(1).max(MAX_PATCH_OPERATIONS),
});
export type ScimPatchRequest = z.output<typeof ScimPatchRequest>;

/** A parsed attribute path: `name.givenName`, `emails[type eq "work"].value`, `members[value eq "…"]`. */
export interface ScimPath {
  /** "core", or "enterprise" for the enterprise User extension's attributes */
  schema: "core" | "enterprise";
  /** lower case (SCIM names are case-insensitive): `name`, `emails`, `members`, `manager` */
  attribute: string;
  /** the value filter in brackets, if any */
  filter?: ScimCondition[];
  /** lower case: `givenname`, `value` */
  subAttribute?: string;
}

const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(?:user|group):/i;
const ENTERPRISE_PREFIX = /^urn:ietf:params:scim:schemas:extension:enterprise:2\.0:user:/i;
const PATH = /^([A-Za-z$][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z$][\w$-]*))?$/;

/**
 * Parses a PATCH path. Value filters are the same `eq`/`and` subset as list filters, on the
 * sub-attributes `filterAttributes` names. A path that does not parse is 400 invalidPath.
 */
export function parseScimPath(
  path: string,
  filterAttributes: readonly string[] = ["value", "type"],
): ScimPath {
  let rest = path.trim();
  let schema: ScimPath["schema"] = "core";
  if (ENTERPRISE_PREFIX.test(rest)) {
    schema = "enterprise";
    rest = rest.replace(ENTERPRISE_PREFIX, "");
  } else rest = rest.replace(CORE_PREFIX, "");
  const match = PATH.exec(rest);
  if (!match) throw invalidPath(`The path "${path}" is not a SCIM attribute path.`);
  const [, attribute, filter, subAttribute] = match;
  return {
    schema,
    attribute: attribute!.toLowerCase(),
    ...(filter !== undefined ? { filter: parseScimFilter(filter, filterAttributes) } : {}),
    ...(subAttribute !== undefined ? { subAttribute: subAttribute.toLowerCase() } : {}),
  };
}

/**
 * A path-less add or replace carries an object whose keys are attribute paths themselves (Entra:
 * `{"active": false, "name.givenName": "x"}`, or the extension URN with an object of its own):
 * one [path, value] pair per attribute, the extension's object opened up.
 */
export function pathValuePairs(operation: ScimPatchOperation): [string, unknown][] {
  if (operation.path !== undefined) return [[operation.path, operation.value]];
  const value = operation.value;
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw invalidPath(`A ${operation.op} without a path needs an object of attributes as its value.`);
  const pairs: [string, unknown][] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (key.toLowerCase() === ENTERPRISE_USER_SCHEMA.toLowerCase() && inner && typeof inner === "object") {
      for (const [extKey, extValue] of Object.entries(inner))
        pairs.push([`${ENTERPRISE_USER_SCHEMA}:${extKey}`, extValue]);
    } else if (key.toLowerCase() !== "schemas") pairs.push([key, inner]);
  }
  return pairs;
}
