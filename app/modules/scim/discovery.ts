import { ENTERPRISE_USER_SCHEMA } from "~/app/modules/scim/patch.ts";

/**
 * What /scim/v2 tells a directory about itself (RFC 7644 §4, RFC 7643 §5–7): the features
 * (PATCH yes, bulk, sorting, ETags and password changes no), the resource types and the attributes
 * Chorus stores. Attributes a directory sends beyond these are accepted and not stored.
 */

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export { ENTERPRISE_USER_SCHEMA };
const SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

export function serviceProviderConfig(baseUrl: string, maxResults: number) {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: `${baseUrl.replace(/\/scim\/v2$/, "")}/`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description:
          'A Chorus API token with the "scim" scope (Admin → API tokens), sent as Authorization: Bearer <token>.',
        specUri: "https://www.rfc-editor.org/info/rfc6750",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "A member of the company (an employee account; never an advocacy opt-in)",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "A team",
      schema: GROUP_SCHEMA,
      schemaExtensions: [],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

type Attribute = {
  name: string;
  type: "string" | "boolean" | "complex" | "reference" | "dateTime";
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  subAttributes?: Attribute[];
  referenceTypes?: string[];
};

const attr = (name: string, description: string, more: Partial<Attribute> = {}): Attribute => ({
  name,
  type: "string",
  multiValued: false,
  description,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...more,
});

const USER_ATTRIBUTES: Attribute[] = [
  attr("userName", "The work e-mail address; a person signs in with it.", {
    required: true,
    uniqueness: "server",
  }),
  attr("name", "The person's name.", {
    type: "complex",
    subAttributes: [
      attr("formatted", "The full name."),
      attr("givenName", "First name."),
      attr("familyName", "Last name."),
    ],
  }),
  attr("displayName", "The name shown in Chorus (used when no given and family name are sent)."),
  attr("active", "false deactivates the member at once: sessions end, tokens are revoked.", {
    type: "boolean",
  }),
  attr("emails", "The work address; the primary or work one must equal userName.", {
    type: "complex",
    multiValued: true,
    subAttributes: [
      attr("value", "The address."),
      attr("type", 'Only "work" is used.'),
      attr("primary", "Whether it is the primary address.", { type: "boolean" }),
    ],
  }),
  attr("externalId", "The directory's own id of the person.", { caseExact: true }),
];

const ENTERPRISE_ATTRIBUTES: Attribute[] = [
  attr("manager", "The manager: their SCIM id here. Sets the reporting line.", {
    type: "complex",
    subAttributes: [
      attr("value", "The manager's id (the id of a User resource here)."),
      attr("displayName", "The manager's name.", { mutability: "readOnly" }),
    ],
  }),
];

const GROUP_ATTRIBUTES: Attribute[] = [
  attr("displayName", "The team's name.", { required: true }),
  attr("members", "The team's members.", {
    type: "complex",
    multiValued: true,
    subAttributes: [
      attr("value", "A member's id (the id of a User resource here).", { mutability: "immutable" }),
      attr("display", "The member's name.", { mutability: "readOnly" }),
    ],
  }),
  attr("externalId", "The directory's own id of the group.", { caseExact: true }),
];

export function schemas(baseUrl: string) {
  const schema = (id: string, name: string, description: string, attributes: Attribute[]) => ({
    schemas: [SCHEMA_SCHEMA],
    id,
    name,
    description,
    attributes,
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${id}` },
  });
  return [
    schema(USER_SCHEMA, "User", "A member of the company", USER_ATTRIBUTES),
    schema(ENTERPRISE_USER_SCHEMA, "EnterpriseUser", "The reporting line", ENTERPRISE_ATTRIBUTES),
    schema(GROUP_SCHEMA, "Group", "A team", GROUP_ATTRIBUTES),
  ];
}
