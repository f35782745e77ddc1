import { z } from "zod";
import { Email, PersonName, safeString } from "~/app/lib/validation.ts";
import { invalidValue, mutability } from "~/app/modules/scim/errors.ts";
import {
  ENTERPRISE_USER_SCHEMA,
  parseScimPath,
  pathValuePairs,
  ScimBoolean,
  type ScimPatchOperation,
} from "~/app/modules/scim/patch.ts";

/**
 * The User resource as Chorus reads it (POST and PUT bodies) and what a PATCH amounts to. Chorus
 * stores one name per person, the address they sign in with (userName), whether they are active,
 * the directory's externalId and the manager. Every other attribute a directory sends (title,
 * phoneNumbers, addresses, department, …) is accepted and not stored, so default attribute
 * mappings work without editing.
 */

/** An absent or null optional attribute: directories send both. */
const optional = <S extends z.ZodType>(schema: S) => schema.nullish().transform((v) => v ?? undefined);

const NamePart = safeString({ error: "must be a string" }).trim().max(120, "is too long");

export const ScimName = z.object({
  formatted: optional(NamePart),
  givenName: optional(NamePart),
  familyName: optional(NamePart),
});

/** The manager as Entra and Okta send it: `{ "value": "<id>" }`, the bare id, or null / "" for none. */
export const ScimManager = z
  .union([z.string().trim(), z.object({ value: z.string().trim().nullish() }).loose(), z.null()])
  .transform((m): string | null => {
    const id = typeof m === "string" ? m : (m?.value ?? null);
    return id === null || id === "" ? null : id;
  });

export const ScimExternalId = z.string().trim().min(1).max(255);

export const ScimUserInput = z
  .object({
    userName: Email,
    name: optional(ScimName),
    displayName: optional(NamePart),
    active: optional(ScimBoolean),
    externalId: optional(ScimExternalId),
    [ENTERPRISE_USER_SCHEMA]: optional(z.object({ manager: ScimManager.optional() }).loose()),
  })
  .loose();
export type ScimUserInput = z.output<typeof ScimUserInput>;

/**
 * What a request changes. An absent key changes nothing; `externalId` / `managerId` null clears.
 * The name is one string in Chorus: `name` is the whole new name when the request says it, or the
 * parts it names (`givenName` alone replaces the first word of the stored name, `familyName` alone
 * the rest), see nextName.
 */
export interface ScimUserChange {
  email?: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  active?: boolean;
  externalId?: string | null;
  managerId?: string | null;
}

/**
 * The name a full resource (POST, PUT) asks for: displayName (what Chorus shows), else given and
 * family name, else formatted, else the address's local part.
 */
export function requestedName(input: Pick<ScimUserInput, "name" | "displayName" | "userName">): string {
  const parts = [input.name?.givenName, input.name?.familyName].filter((p) => p !== undefined && p !== "");
  const name =
    input.displayName ||
    (parts.length > 0 ? parts.join(" ") : undefined) ||
    input.name?.formatted ||
    input.userName.split("@")[0]!;
  return validName(name);
}

function validName(name: string): string {
  const parsed = PersonName.safeParse(name);
  if (!parsed.success) throw invalidValue("The name must be 1–120 characters of text.");
  return parsed.data;
}

/** A full resource as a change: what PUT replaces (the manager only when the extension is present). */
export function changeFromResource(input: ScimUserInput): ScimUserChange {
  const extension = input[ENTERPRISE_USER_SCHEMA];
  return {
    email: input.userName,
    name: requestedName(input),
    active: input.active ?? true,
    externalId: input.externalId ?? null,
    ...(extension && "manager" in extension ? { managerId: extension.manager ?? null } : {}),
  };
}

/** The stored name with the parts a PATCH names replaced (first word = given name, the rest = family name). */
export function nextName(
  stored: string,
  change: Pick<ScimUserChange, "name" | "givenName" | "familyName">,
): string {
  if (change.name !== undefined) return validName(change.name);
  if (change.givenName === undefined && change.familyName === undefined) return stored;
  const space = stored.indexOf(" ");
  const given = change.givenName ?? (space < 0 ? stored : stored.slice(0, space));
  const family = change.familyName ?? (space < 0 ? "" : stored.slice(space + 1));
  return validName([given, family].filter((p) => p !== "").join(" "));
}

const parse = <S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> => {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidValue(`${what} has an invalid value.`);
  return parsed.data;
};

/**
 * A PATCH's operations (RFC 7644 §3.5.2) as one change, later operations winning. Paths Chorus does
 * not store are skipped. Removing userName is a mutability error (it is required); removing
 * externalId or the manager clears them.
 */
export function changeFromPatch(operations: readonly ScimPatchOperation[]): ScimUserChange {
  const change: ScimUserChange = {};
  let displayName: string | undefined;
  let formatted: string | undefined;
  for (const operation of operations) {
    for (const [rawPath, value] of pathValuePairs(operation)) {
      const path = parseScimPath(rawPath);
      const remove = operation.op === "remove";
      if (path.schema === "enterprise") {
        if (
          path.attribute === "manager" &&
          (path.subAttribute === undefined || path.subAttribute === "value")
        )
          change.managerId = remove ? null : parse(ScimManager, value ?? null, "manager");
        continue;
      }
      switch (path.attribute) {
        case "username":
          if (remove) throw mutability("userName is required and cannot be removed.");
          change.email = parse(Email, value, "userName");
          break;
        case "active":
          if (!remove) change.active = parse(ScimBoolean, value, "active");
          break;
        case "externalid":
          change.externalId = remove ? null : (parse(optional(ScimExternalId), value, "externalId") ?? null);
          break;
        case "displayname":
          if (!remove) displayName = parse(NamePart, value, "displayName");
          break;
        case "name": {
          if (remove) break;
          const sub = path.subAttribute;
          if (sub === undefined) {
            const name = parse(ScimName, value, "name");
            if (name.givenName !== undefined) change.givenName = name.givenName;
            if (name.familyName !== undefined) change.familyName = name.familyName;
            if (name.formatted !== undefined) formatted = name.formatted;
          } else if (sub === "givenname") change.givenName = parse(NamePart, value, "name.givenName");
          else if (sub === "familyname") change.familyName = parse(NamePart, value, "name.familyName");
          else if (sub === "formatted") formatted = parse(NamePart, value, "name.formatted");
          break;
        }
        case "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user":
          break;
        default:
        // not stored in Chorus: accepted and ignored (title, emails, phoneNumbers, addresses, …)
      }
    }
  }
  // the same precedence as requestedName: displayName, given and family name together, formatted;
  // a lone given or family name replaces its part of the stored name (nextName)
  const both =
    change.givenName !== undefined && change.familyName !== undefined
      ? [change.givenName, change.familyName].filter((p) => p !== "").join(" ")
      : undefined;
  const whole = displayName || both || formatted;
  if (whole) {
    change.name = whole;
    delete change.givenName;
    delete change.familyName;
  }
  return change;
}
