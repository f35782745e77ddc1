/**
 * A local stand-in for LinkedIn: the OAuth 2.0 endpoints on www.linkedin.com, OpenID userinfo,
 * the Posts API and member post analytics on api.linkedin.com, speaking their wire format. The authorization page consents
 * at once (as a member clicking "Allow" would) and redirects back with code and state.
 * Also runnable on its own for e2e runs:
 *   npx tsx tests/fakes/linkedin.ts --port 4020 [--client-id ID --client-secret SECRET]
 * then LINKEDIN_AUTH_BASE_URL=LINKEDIN_API_BASE_URL=http://127.0.0.1:4020 and the same client id
 * and secret in the tenant's LinkedIn settings.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

export interface FakeLinkedInMember {
  sub: string;
  name: string;
  email: string;
}

export interface ReceivedPost {
  id: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeLinkedIn {
  url: string;
  clientId: string;
  clientSecret: string;
  /** the member who "signs in" at the next authorization (default: a fixed test member) */
  member: FakeLinkedInMember;
  posts: ReceivedPost[];
  /** access tokens handed out, for asserting they are not stored in clear */
  issuedTokens: string[];
  /** token requests received (form fields), for asserting the client authentication */
  tokenRequests: Record<string, string>[];
  /** the next authorization is refused by the member (error=user_cancelled_authorize) */
  denyNext(): void;
  /** the next authorization grants only these scopes (e.g. without w_member_social) */
  grantScopesNext(scopes: string[]): void;
  /** invalidates every issued token (as a revocation in LinkedIn's settings would) */
  revokeAll(): void;
  /** tokens revoked through POST /oauth/v2/revoke by an authenticated client (an erasure) */
  revokedTokens: string[];
  /**
   * Member post analytics (GET /rest/memberCreatorPostAnalytics): the figures LinkedIn reports for a
   * post URN. A post without figures answers with no elements.
   */
  setPostAnalytics(urn: string, figures: FakePostAnalytics): void;
  /** requests for this post URN answer with this HTTP status and LinkedIn's error body */
  failPostAnalytics(urn: string, status: number): void;
  /** analytics requests received: the query and the headers */
  analyticsRequests: { query: Record<string, string>; headers: IncomingHttpHeaders }[];
  clear(): void;
  close(): Promise<void>;
}

export interface FakePostAnalytics {
  IMPRESSION: number;
  MEMBERS_REACHED?: number;
  REACTION: number;
  COMMENT: number;
  RESHARE: number;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  challenge: string | null;
  challengeMethod: string | null;
  member: FakeLinkedInMember;
  expires: number;
}

interface IssuedToken {
  member: FakeLinkedInMember;
  scopes: string[];
  expires: number;
}

const TOKEN_TTL_SECONDS = 60 * 24 * 60 * 60; // LinkedIn: 60 days

export async function startFakeLinkedIn(
  opts: {
    port?: number;
    host?: string;
    clientId?: string;
    clientSecret?: string;
    member?: FakeLinkedInMember;
  } = {},
): Promise<FakeLinkedIn> {
  const clientId = opts.clientId ?? "fake-client-id";
  const clientSecret = opts.clientSecret ?? "fake-client-secret";
  const codes = new Map<string, PendingCode>();
  const tokens = new Map<string, IssuedToken>();
  const posts: ReceivedPost[] = [];
  const issuedTokens: string[] = [];
  const tokenRequests: Record<string, string>[] = [];
  const revokedTokens: string[] = [];
  let deny = false;
  let grantOverride: string[] | null = null;
  let postCounter = 7_100_000_000_000_000_000n;
  const postAnalytics = new Map<string, FakePostAnalytics>();
  const analyticsFailures = new Map<string, number>();
  const analyticsRequests: { query: Record<string, string>; headers: IncomingHttpHeaders }[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendJson(res, 500, { status: 500, message: String(err) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;

    if (path === "/_test/posts" && req.method === "GET") return sendJson(res, 200, posts);
    if (path === "/_test/posts" && req.method === "DELETE") {
      clear();
      return sendJson(res, 200, { cleared: true });
    }

    if (path === "/oauth/v2/authorization" && req.method === "GET") return authorize(url, res);
    if (path === "/oauth/v2/accessToken") {
      if (req.method !== "POST")
        return oauthError(res, 405, "invalid_request", "Unable to retrieve access token: method not allowed");
      return exchange(req, res);
    }
    if (path === "/oauth/v2/revoke" && req.method === "POST") return revoke(req, res);
    if (path === "/v2/userinfo" && req.method === "GET") {
      const token = bearer(req);
      if (!token) return apiError(res, 401, "Empty oauth2 access token", "EMPTY_ACCESS_TOKEN");
      if (!token.scopes.includes("openid"))
        return apiError(
          res,
          403,
          "Not enough permissions to access: userinfo.GET.NO_VERSION",
          "ACCESS_DENIED",
        );
      const m = token.member;
      const [given = m.name, ...rest] = m.name.split(" ");
      return sendJson(res, 200, {
        sub: m.sub,
        email_verified: true,
        name: m.name,
        locale: { country: "DE", language: "de" },
        given_name: given,
        family_name: rest.join(" "),
        email: m.email,
      });
    }
    if (path === "/rest/memberCreatorPostAnalytics") {
      if (req.method !== "GET") return apiError(res, 405, "Method not allowed", "METHOD_NOT_ALLOWED");
      return memberPostAnalytics(req, url, res);
    }
    if (path === "/rest/posts") {
      if (req.method !== "POST") return apiError(res, 405, "Method not allowed", "METHOD_NOT_ALLOWED");
      return createPost(req, res);
    }
    return apiError(res, 404, `No virtual resource found`, "RESOURCE_NOT_FOUND");
  }

  function authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const redirectUri = q.get("redirect_uri");
    if (q.get("client_id") !== clientId)
      return sendHtml(res, 400, "Bummer, something went wrong. (invalid client_id)");
    if (!redirectUri || !/^https?:\/\//.test(redirectUri))
      return sendHtml(res, 400, "The redirect_uri does not match the registered value");
    const back = new URL(redirectUri);
    const state = q.get("state");
    if (state) back.searchParams.set("state", state);
    if (q.get("response_type") !== "code") {
      back.searchParams.set("error", "invalid_request");
      back.searchParams.set("error_description", "response_type must be code");
      return redirect(res, back);
    }
    if (deny) {
      deny = false;
      back.searchParams.set("error", "user_cancelled_authorize");
      back.searchParams.set("error_description", "The user cancelled the authorization");
      return redirect(res, back);
    }
    const requested = (q.get("scope") ?? "").split(/[\s,]+/).filter(Boolean);
    const scopes = grantOverride ?? requested;
    grantOverride = null;
    const code = randomBytes(24).toString("base64url");
    codes.set(code, {
      clientId,
      redirectUri,
      scopes,
      challenge: q.get("code_challenge"),
      challengeMethod: q.get("code_challenge_method"),
      member: fake.member,
      expires: Date.now() + 10 * 60 * 1000,
    });
    back.searchParams.set("code", code);
    return redirect(res, back);
  }

  /** Token revocation (RFC 7009 as LinkedIn serves it): client credentials and the token, form encoded; an unknown token is no error. */
  async function revoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    if (form.client_id !== clientId || form.client_secret !== clientSecret)
      return oauthError(res, 401, "invalid_client", "Client authentication failed");
    if (!form.token)
      return oauthError(res, 400, "invalid_request", 'A required parameter "token" is missing');
    tokens.delete(form.token);
    revokedTokens.push(form.token);
    res.writeHead(200);
    res.end();
  }

  async function exchange(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      return oauthError(res, 400, "invalid_request", 'A required parameter "grant_type" is missing');
    }
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    tokenRequests.push(form);
    for (const field of ["grant_type", "code", "redirect_uri", "client_id", "client_secret"]) {
      if (!form[field])
        return oauthError(res, 400, "invalid_request", `A required parameter "${field}" is missing`);
    }
    if (form.grant_type !== "authorization_code")
      return oauthError(res, 400, "unsupported_grant_type", "Unsupported grant type");
    if (form.client_id !== clientId || form.client_secret !== clientSecret)
      return oauthError(res, 401, "invalid_client", "Client authentication failed");
    const pending = codes.get(form.code ?? "");
    if (!pending || pending.expires < Date.now()) {
      return oauthError(
        res,
        400,
        "invalid_request",
        "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.",
      );
    }
    codes.delete(form.code ?? ""); // single use
    if (pending.redirectUri !== form.redirect_uri)
      return oauthError(
        res,
        400,
        "invalid_request",
        "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code.",
      );
    if (pending.challenge !== null) {
      const verifier = form.code_verifier ?? "";
      const expected =
        pending.challengeMethod === "S256"
          ? createHash("sha256").update(verifier).digest("base64url")
          : verifier;
      if (!verifier || expected !== pending.challenge) {
        return oauthError(
          res,
          400,
          "invalid_request",
          "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code.",
        );
      }
    }
    const accessToken = `AQ${randomBytes(32).toString("base64url")}`;
    tokens.set(accessToken, {
      member: pending.member,
      scopes: pending.scopes,
      expires: Date.now() + TOKEN_TTL_SECONDS * 1000,
    });
    issuedTokens.push(accessToken);
    // LinkedIn joins granted scopes with commas
    sendJson(res, 200, {
      access_token: accessToken,
      expires_in: TOKEN_TTL_SECONDS,
      scope: pending.scopes.join(","),
      token_type: "Bearer",
      id_token: "not-verified-by-chorus",
    });
  }

  async function createPost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = bearer(req);
    if (!token) return apiError(res, 401, "Invalid access token", "REVOKED_ACCESS_TOKEN");
    const version = header(req.headers["linkedin-version"]);
    if (!version)
      return apiError(
        res,
        400,
        "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
        "VERSION_MISSING",
      );
    if (!/^\d{6}$/.test(version))
      return apiError(res, 426, `Requested version ${version} is not active`, "NONEXISTENT_VERSION");
    if (header(req.headers["x-restli-protocol-version"]) !== "2.0.0")
      return apiError(res, 400, "X-Restli-Protocol-Version 2.0.0 is required", "PROTOCOL_VERSION");
    if (!String(req.headers["content-type"] ?? "").startsWith("application/json"))
      return apiError(res, 415, "Unsupported media type", "UNSUPPORTED_MEDIA_TYPE");
    if (!token.scopes.includes("w_member_social"))
      return apiError(
        res,
        403,
        "Not enough permissions to access: partnerApiPostsExternal.CREATE.20240101",
        "ACCESS_DENIED",
      );
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(await readBody(req));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("not an object");
      body = parsed as Record<string, unknown>;
    } catch {
      return apiError(res, 400, "Unable to parse the request body", "INVALID_BODY");
    }
    for (const field of ["author", "commentary", "visibility", "distribution", "lifecycleState"]) {
      if (body[field] === undefined)
        return apiError(
          res,
          422,
          `/${field} :: field is required but not found and has no default value`,
          "FIELD_MISSING",
        );
    }
    if (body.author !== `urn:li:person:${token.member.sub}`)
      return apiError(
        res,
        403,
        `Unpermitted fields present in REQUEST_BODY: Data Processing Exception while processing fields [/author]`,
        "ACCESS_DENIED",
      );
    const content = body.content as { article?: { source?: unknown; title?: unknown } } | undefined;
    if (
      content?.article &&
      (typeof content.article.source !== "string" || typeof content.article.title !== "string")
    ) {
      return apiError(res, 422, "/content/article :: source and title are required", "FIELD_MISSING");
    }
    postCounter += 1n;
    const id = `urn:li:share:${postCounter}`;
    posts.push({ id, headers: req.headers, body });
    res.writeHead(201, { "x-restli-id": id, "x-linkedin-id": id, "content-length": "0" });
    res.end();
  }

  /**
   * Member Post Statistics, as documented at
   * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/post-statistics
   * q=entity, entity=(share:<encoded urn>) or (ugc:<encoded urn>), one queryType, aggregation TOTAL;
   * answers { paging, elements: [{ count, metricType: { "<union member>": queryType } }] }.
   */
  function memberPostAnalytics(req: IncomingMessage, url: URL, res: ServerResponse): void {
    // Rest.li 2.0 wants the URN inside the tuple percent-encoded: decode the raw query ourselves
    const rawEntity = /(?:^|&)entity=([^&]*)/.exec(url.search.slice(1))?.[1] ?? "";
    const query = Object.fromEntries(url.searchParams);
    analyticsRequests.push({ query: { ...query, entity: rawEntity }, headers: req.headers });
    const token = bearer(req);
    if (!token) return apiError(res, 401, "Invalid access token", "REVOKED_ACCESS_TOKEN");
    const version = header(req.headers["linkedin-version"]);
    if (!version)
      return apiError(
        res,
        400,
        "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
        "VERSION_MISSING",
      );
    if (!/^\d{6}$/.test(version))
      return apiError(res, 426, `Requested version ${version} is not active`, "NONEXISTENT_VERSION");
    if (header(req.headers["x-restli-protocol-version"]) !== "2.0.0")
      return apiError(res, 400, "X-Restli-Protocol-Version 2.0.0 is required", "PROTOCOL_VERSION");
    if (!token.scopes.includes("r_member_postAnalytics"))
      return apiError(
        res,
        403,
        "Not enough permissions to access: memberCreatorPostAnalytics.FINDER-entity",
        "ACCESS_DENIED",
      );
    if (query.q !== "entity") return apiError(res, 400, "q must be entity or me", "INVALID_PARAM");
    const m = /^\((share|ugc):(urn%3Ali%3A(?:share|ugcPost)%3A\d+)\)$/.exec(rawEntity);
    if (!m)
      return apiError(
        res,
        400,
        `Invalid entity ${rawEntity}: expected (share:<encoded urn>) or (ugc:<encoded urn>)`,
        "INVALID_PARAM",
      );
    const urn = decodeURIComponent(m[2]!);
    if ((m[1] === "share") !== urn.startsWith("urn:li:share:"))
      return apiError(res, 400, `Entity type does not match ${urn}`, "INVALID_PARAM");
    const queryType = query.queryType ?? "";
    if (!["IMPRESSION", "MEMBERS_REACHED", "RESHARE", "REACTION", "COMMENT"].includes(queryType))
      return apiError(res, 400, `Invalid queryType ${queryType}`, "INVALID_PARAM");
    if (query.aggregation !== "TOTAL" && query.aggregation !== "DAILY")
      return apiError(res, 400, `Invalid aggregation ${query.aggregation ?? ""}`, "INVALID_PARAM");
    const failure = analyticsFailures.get(urn);
    if (failure)
      return apiError(
        res,
        failure,
        failure >= 500 ? "Internal Server Error" : "Request failed",
        failure >= 500 ? "INTERNAL_SERVER_ERROR" : "REQUEST_FAILED",
      );
    const figures = postAnalytics.get(urn);
    const count = figures?.[queryType as keyof FakePostAnalytics];
    const elements =
      count === undefined
        ? []
        : [
            {
              count,
              metricType: {
                "com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1": queryType,
              },
            },
          ];
    sendJson(res, 200, { paging: { start: 0, count: 10, links: [] }, elements });
  }

  function bearer(req: IncomingMessage): IssuedToken | undefined {
    const auth = req.headers.authorization;
    if (!auth?.startsWith("Bearer ")) return undefined;
    const token = tokens.get(auth.slice("Bearer ".length));
    return token && token.expires > Date.now() ? token : undefined;
  }

  function clear(): void {
    posts.length = 0;
    issuedTokens.length = 0;
    tokenRequests.length = 0;
    revokedTokens.length = 0;
    postAnalytics.clear();
    analyticsFailures.clear();
    analyticsRequests.length = 0;
    deny = false;
    grantOverride = null;
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;

  const fake: FakeLinkedIn = {
    url: `http://${address}:${port}`,
    clientId,
    clientSecret,
    member: opts.member ?? { sub: "782bbtaQ", name: "Erika Mustermann", email: "erika@example.test" },
    posts,
    issuedTokens,
    tokenRequests,
    denyNext() {
      deny = true;
    },
    grantScopesNext(scopes) {
      grantOverride = scopes;
    },
    revokeAll() {
      tokens.clear();
    },
    revokedTokens,
    setPostAnalytics(urn, figures) {
      postAnalytics.set(urn, figures);
    },
    failPostAnalytics(urn, status) {
      analyticsFailures.set(urn, status);
    },
    analyticsRequests,
    clear,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return fake;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function redirect(res: ServerResponse, to: URL): void {
  res.writeHead(302, { location: to.toString() });
  res.end();
}

function sendHtml(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><title>LinkedIn</title><p>${text.replace(/[<>&]/g, "")}</p>`);
}

/** The OAuth endpoints' error shape. */
function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description });
}

/** The REST API's error shape. */
function apiError(res: ServerResponse, status: number, message: string, code: string): void {
  sendJson(res, status, { status, serviceErrorCode: 100, code, message });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > -1 ? process.argv[i + 1] : undefined;
  };
  const fake = await startFakeLinkedIn({
    port: Number(arg("--port") ?? 4020),
    clientId: arg("--client-id"),
    clientSecret: arg("--client-secret"),
  });
  console.log(
    `fake LinkedIn listening on ${fake.url} (set LINKEDIN_AUTH_BASE_URL=${fake.url} LINKEDIN_API_BASE_URL=${fake.url}; client id ${fake.clientId}, secret ${fake.clientSecret}); inspect GET ${fake.url}/_test/posts`,
  );
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
