/**
 * A local stand-in for the Stripe API, close enough to its wire format (form-encoded requests with
 * bracketed keys, JSON responses, errors as { error: { type, message } }, Idempotency-Key) that the
 * official client, pointed here with its host/port/protocol options, cannot tell the difference.
 * Covers what Chorus uses: customers, Checkout sessions, billing portal sessions, subscriptions
 * (retrieve, update) and invoices (list). A browser opening a Checkout URL "pays" at once.
 * Also runnable on its own for e2e runs:
 *   npx tsx tests/fakes/stripe.ts --port 12111
 * then STRIPE_API_BASE=http://127.0.0.1:12111; GET /_test/checkout-sessions lists the sessions.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import Stripe from "stripe";

type Json = Record<string, unknown>;

export interface FakeStripeRequest {
  method: string;
  path: string;
  params: Json;
  idempotencyKey: string | undefined;
}

export interface FakeSubscription extends Json {
  id: string;
  object: "subscription";
  customer: string;
  status: string;
  metadata: Record<string, string>;
  cancel_at_period_end: boolean;
  created: number;
  items: { object: "list"; data: FakeSubscriptionItem[]; has_more: false; url: string };
}

interface FakeSubscriptionItem extends Json {
  id: string;
  object: "subscription_item";
  price: { id: string; object: "price" };
  quantity: number;
  current_period_start: number;
  current_period_end: number;
}

export interface FakeStripe {
  url: string;
  /** every API request (not the /_test or browser pages), oldest first */
  requests: FakeStripeRequest[];
  customers: Map<string, Json>;
  checkoutSessions: Map<string, Json>;
  subscriptions: Map<string, FakeSubscription>;
  /** what a browser at the Checkout URL does: creates the subscription and completes the session */
  completeCheckout(
    sessionId: string,
    opts?: { status?: string },
  ): { session: Json; subscription: FakeSubscription };
  /** a subscription created straight away (as the Dashboard or an earlier checkout would) */
  createSubscription(input: {
    customer?: string;
    price: string;
    quantity: number;
    tenantId: string;
    status?: string;
  }): FakeSubscription;
  /** changes a subscription as Stripe would on its own (a failed payment, a cancellation) */
  setSubscription(
    id: string,
    patch: {
      status?: string;
      cancel_at_period_end?: boolean;
      current_period_end?: number;
      quantity?: number;
    },
  ): FakeSubscription;
  addInvoice(
    customer: string,
    invoice: { total: number; currency?: string; status?: string; subscription?: string; number?: string },
  ): Json;
  /** a Stripe event object of `type` about `object`, as it would be delivered */
  event(type: string, object: Json, opts?: { created?: number; id?: string }): Json;
  /** the next `count` API requests answer `status` (default 500) */
  failNext(count: number, status?: number): void;
  clear(): void;
  close(): Promise<void>;
}

/** The e2e run's billing: tests/e2e/start-app.ts starts the fake with these, billing.spec.ts signs with them. */
export const E2E_STRIPE = {
  port: 12111,
  secretKey: "sk_test_e2e_chorus",
  webhookSecret: "whsec_e2e_chorus",
  priceTeam: "price_e2e_team",
  priceBusiness: "price_e2e_business",
} as const;

/** Signs a payload the way Stripe does (stripe's own test helper): [body, Stripe-Signature header]. */
export function signWebhook(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
}

const now = () => Math.floor(Date.now() / 1000);
const MONTH = 30 * 24 * 60 * 60;

function id(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;
}

/** Stripe's form encoding: `a[b][0][c]=v` → { a: { b: [ { c: "v" } ] } }. */
export function parseStripeForm(raw: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.split(/\[|\]\[|\]/).filter((p) => p !== "");
    let node: Json = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Json;
    });
  }
  return arrayify(root) as Json;
}

function arrayify(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const obj = value as Json;
  const keys = Object.keys(obj);
  const mapped = Object.fromEntries(keys.map((k) => [k, arrayify(obj[k])]));
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k)))
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => mapped[k]);
  return mapped;
}

class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: Json = {},
  ) {
    super(message);
  }
}

const missing = (kind: string, value: string, param = "id") =>
  new StripeHttpError(404, "invalid_request_error", `No such ${kind}: '${value}'`, {
    code: "resource_missing",
    param,
  });
const required = (param: string) =>
  new StripeHttpError(400, "invalid_request_error", `Missing required param: ${param}.`, {
    code: "parameter_missing",
    param,
  });

export async function startFakeStripe(opts: { port?: number; host?: string } = {}): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = [];
  const customers = new Map<string, Json>();
  const checkoutSessions = new Map<string, Json>();
  const subscriptions = new Map<string, FakeSubscription>();
  const invoices: Json[] = [];
  const portalSessions = new Map<string, Json>();
  const idempotent = new Map<string, { raw: string; status: number; body: unknown }>();
  let failures = { remaining: 0, status: 500 };
  let base = "";

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof StripeHttpError)
        return sendJson(res, err.status, { error: { type: err.type, message: err.message, ...err.extra } });
      sendJson(res, 500, { error: { type: "api_error", message: String(err) } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    const method = req.method ?? "GET";

    if (path === "/_test/checkout-sessions" && method === "GET")
      return sendJson(res, 200, [...checkoutSessions.values()]);
    if (path === "/_test/requests" && method === "GET") return sendJson(res, 200, requests);
    if (path.startsWith("/checkout/") && method === "GET") {
      const sessionId = decodeURIComponent(path.slice("/checkout/".length));
      const { session } = completeCheckout(sessionId);
      const back = String(session.success_url ?? "").replace("{CHECKOUT_SESSION_ID}", sessionId);
      return sendHtml(
        res,
        `<h1>Fake Stripe Checkout</h1><p>Paid: ${escapeHtml(sessionId)}</p><p><a href="${escapeHtml(back)}">Return to the merchant</a></p>`,
      );
    }
    if (path.startsWith("/portal/") && method === "GET") {
      const portal = portalSessions.get(decodeURIComponent(path.slice("/portal/".length)));
      if (!portal) return sendHtml(res, "<h1>Unknown portal session</h1>", 404);
      return sendHtml(
        res,
        `<h1>Fake Stripe customer portal</h1><p><a href="${escapeHtml(String(portal.return_url))}">Return to the merchant</a></p>`,
      );
    }
    if (!path.startsWith("/v1/"))
      throw new StripeHttpError(
        404,
        "invalid_request_error",
        `Unrecognized request URL (${method}: ${path}).`,
      );

    const auth = req.headers.authorization;
    if (!auth?.startsWith("Bearer sk_") && !auth?.startsWith("Bearer rk_")) {
      throw new StripeHttpError(
        401,
        "invalid_request_error",
        "You did not provide an API key. You need to provide your API key in the Authorization header.",
      );
    }
    const raw = method === "GET" || method === "DELETE" ? url.searchParams.toString() : await readBody(req);
    const params = parseStripeForm(raw);
    const key = header(req.headers["idempotency-key"]);
    requests.push({ method, path, params, idempotencyKey: key });
    if (failures.remaining > 0) {
      failures.remaining--;
      throw new StripeHttpError(failures.status, "api_error", "An unexpected error occurred (fake).");
    }
    if (key && method === "POST") {
      const seen = idempotent.get(`${path} ${key}`);
      if (seen && seen.raw !== raw) {
        throw new StripeHttpError(
          400,
          "idempotency_error",
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (seen) return sendJson(res, seen.status, seen.body, { "idempotent-replayed": "true" });
    }
    const body = route(method, path, params);
    if (key && method === "POST") idempotent.set(`${path} ${key}`, { raw, status: 200, body });
    sendJson(res, 200, body);
  }

  function route(method: string, path: string, params: Json): unknown {
    const parts = path.split("/").filter(Boolean).slice(1); // after "v1"
    if (method === "POST" && path === "/v1/customers") {
      const customer = {
        id: id("cus"),
        object: "customer",
        created: now(),
        email: params.email ?? null,
        name: params.name ?? null,
        metadata: params.metadata ?? {},
        preferred_locales: params.preferred_locales ?? [],
      };
      customers.set(customer.id, customer);
      return customer;
    }
    if (method === "GET" && parts[0] === "customers" && parts[1])
      return customers.get(parts[1]) ?? throwIt(missing("customer", parts[1]));
    if (method === "POST" && path === "/v1/checkout/sessions") return createCheckoutSession(params);
    if (method === "GET" && parts[0] === "checkout" && parts[1] === "sessions" && parts[2])
      return checkoutSessions.get(parts[2]) ?? throwIt(missing("checkout.session", parts[2], "session"));
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      const customer = String(params.customer ?? "");
      if (!customer) throw required("customer");
      if (!customers.has(customer)) throw missing("customer", customer, "customer");
      const session = {
        id: id("bps"),
        object: "billing_portal.session",
        customer,
        return_url: params.return_url ?? null,
        created: now(),
        livemode: false,
        url: "",
      };
      session.url = `${base}/portal/${session.id}`;
      portalSessions.set(session.id, session);
      return session;
    }
    if (parts[0] === "subscriptions" && parts[1]) {
      const sub = subscriptions.get(parts[1]) ?? throwIt(missing("subscription", parts[1]));
      if (method === "GET") return sub;
      if (method === "POST") return updateSubscription(sub, params);
    }
    if (method === "GET" && path === "/v1/invoices") {
      const customer = typeof params.customer === "string" ? params.customer : undefined;
      const limit = Number(params.limit ?? 10);
      const data = invoices
        .filter((i) => !customer || i.customer === customer)
        .sort((a, b) => Number(b.created) - Number(a.created))
        .slice(0, limit);
      return { object: "list", data, has_more: false, url: "/v1/invoices" };
    }
    throw new StripeHttpError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  }

  function createCheckoutSession(params: Json): Json {
    if (params.mode !== "subscription")
      throw new StripeHttpError(400, "invalid_request_error", "The fake supports mode=subscription only.", {
        param: "mode",
      });
    const items = params.line_items as Json[] | undefined;
    if (!items?.length) throw required("line_items");
    for (const [i, item] of items.entries()) {
      if (!item.price) throw required(`line_items[${i}][price]`);
      if (!/^\d+$/.test(String(item.quantity ?? ""))) throw required(`line_items[${i}][quantity]`);
    }
    if (!params.success_url) throw required("success_url");
    const customer = params.customer ? String(params.customer) : null;
    if (customer && !customers.has(customer)) throw missing("customer", customer, "customer");
    const session: Json = {
      id: id("cs_test"),
      object: "checkout.session",
      mode: "subscription",
      status: "open",
      payment_status: "unpaid",
      customer,
      client_reference_id: params.client_reference_id ?? null,
      metadata: params.metadata ?? {},
      subscription: null,
      locale: params.locale ?? null,
      success_url: params.success_url,
      cancel_url: params.cancel_url ?? null,
      created: now(),
      livemode: false,
      // not part of a real session object; kept so tests can assert what was ordered
      line_items_requested: items.map((i) => ({ price: String(i.price), quantity: Number(i.quantity) })),
      subscription_data_requested: params.subscription_data ?? {},
      url: "",
    };
    session.url = `${base}/checkout/${String(session.id)}`;
    checkoutSessions.set(String(session.id), session);
    return session;
  }

  function newSubscription(
    customer: string,
    price: string,
    quantity: number,
    metadata: Record<string, string>,
    status: string,
  ): FakeSubscription {
    const start = now();
    const subId = id("sub");
    const sub: FakeSubscription = {
      id: subId,
      object: "subscription",
      customer,
      status,
      metadata,
      cancel_at_period_end: false,
      created: start,
      livemode: false,
      items: {
        object: "list",
        has_more: false,
        url: `/v1/subscription_items?subscription=${subId}`,
        data: [
          {
            id: id("si"),
            object: "subscription_item",
            price: { id: price, object: "price" },
            quantity,
            current_period_start: start,
            current_period_end: start + MONTH,
          },
        ],
      },
    };
    subscriptions.set(sub.id, sub);
    return sub;
  }

  function completeCheckout(sessionId: string, o: { status?: string } = {}) {
    const session = checkoutSessions.get(sessionId) ?? throwIt(missing("checkout.session", sessionId));
    if (session.status === "complete")
      return { session, subscription: subscriptions.get(String(session.subscription))! };
    let customer = session.customer ? String(session.customer) : null;
    if (!customer) {
      customer = id("cus");
      customers.set(customer, { id: customer, object: "customer", created: now(), metadata: {} });
    }
    const item = (session.line_items_requested as { price: string; quantity: number }[])[0]!;
    const metadata = ((session.subscription_data_requested as Json).metadata ?? {}) as Record<string, string>;
    const subscription = newSubscription(customer, item.price, item.quantity, metadata, o.status ?? "active");
    Object.assign(session, {
      status: "complete",
      payment_status: "paid",
      customer,
      subscription: subscription.id,
    });
    invoices.push(invoiceFor(customer, { total: 0, subscription: subscription.id, status: "paid" }));
    return { session, subscription };
  }

  function updateSubscription(sub: FakeSubscription, params: Json): FakeSubscription {
    if (sub.status === "canceled")
      throw new StripeHttpError(
        400,
        "invalid_request_error",
        "A canceled subscription can only update its cancellation_details and metadata.",
      );
    const items = (params.items ?? []) as Json[];
    for (const change of items) {
      const item =
        sub.items.data.find((i) => i.id === change.id) ??
        throwIt(
          new StripeHttpError(
            400,
            "invalid_request_error",
            `Invalid subscription_item: ${String(change.id)}`,
            { param: "items" },
          ),
        );
      if (change.quantity !== undefined) item.quantity = Number(change.quantity);
      if (change.price !== undefined) item.price = { id: String(change.price), object: "price" };
    }
    if (params.cancel_at_period_end !== undefined)
      sub.cancel_at_period_end = params.cancel_at_period_end === "true";
    if (params.metadata) sub.metadata = { ...sub.metadata, ...(params.metadata as Record<string, string>) };
    return sub;
  }

  function invoiceFor(
    customer: string,
    i: { total: number; currency?: string; status?: string; subscription?: string; number?: string },
  ): Json {
    const invoiceId = id("in");
    const sub = i.subscription ? subscriptions.get(i.subscription) : undefined;
    return {
      id: invoiceId,
      object: "invoice",
      customer,
      number: i.number ?? `FAKE-${String(invoices.length + 1).padStart(4, "0")}`,
      created: now() + invoices.length,
      total: i.total,
      currency: i.currency ?? "eur",
      status: i.status ?? "paid",
      hosted_invoice_url: `${base}/invoices/${invoiceId}`,
      parent: sub
        ? {
            type: "subscription_details",
            quote_details: null,
            subscription_details: { subscription: sub.id, metadata: sub.metadata },
          }
        : null,
    };
  }

  const fake: FakeStripe = {
    url: "",
    requests,
    customers,
    checkoutSessions,
    subscriptions,
    completeCheckout,
    createSubscription({ customer, price, quantity, tenantId, status }) {
      let cus = customer;
      if (!cus) {
        cus = id("cus");
        customers.set(cus, {
          id: cus,
          object: "customer",
          created: now(),
          metadata: { tenant_id: tenantId },
        });
      }
      return newSubscription(cus, price, quantity, { tenant_id: tenantId }, status ?? "active");
    },
    setSubscription(subId, patch) {
      const sub = subscriptions.get(subId) ?? throwIt(missing("subscription", subId));
      if (patch.status !== undefined) sub.status = patch.status;
      if (patch.cancel_at_period_end !== undefined) sub.cancel_at_period_end = patch.cancel_at_period_end;
      if (patch.current_period_end !== undefined)
        sub.items.data[0]!.current_period_end = patch.current_period_end;
      if (patch.quantity !== undefined) sub.items.data[0]!.quantity = patch.quantity;
      return sub;
    },
    addInvoice(customer, invoice) {
      const created = invoiceFor(customer, invoice);
      invoices.push(created);
      return created;
    },
    event(type, object, o = {}) {
      return {
        id: o.id ?? id("evt"),
        object: "event",
        api_version: "2026-10-28.endive",
        created: o.created ?? now(),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        data: { object: structuredClone(object) },
      };
    },
    failNext(count, status = 500) {
      failures = { remaining: count, status };
    },
    clear() {
      requests.length = 0;
      customers.clear();
      checkoutSessions.clear();
      subscriptions.clear();
      invoices.length = 0;
      portalSessions.clear();
      idempotent.clear();
      failures = { remaining: 0, status: 500 };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  base = `http://${address}:${port}`;
  fake.url = base;
  return fake;
}

function throwIt(error: Error): never {
  throw error;
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

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sendHtml(res: ServerResponse, body: string, status = 200): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake Stripe</title></head><body><main>${body}</main></body></html>`,
  );
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "request-id": `req_${randomBytes(8).toString("hex")}`,
    ...headers,
  });
  res.end(JSON.stringify(body));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const portArg = process.argv.indexOf("--port");
  const port = portArg > -1 ? Number(process.argv[portArg + 1]) : 12111;
  const fake = await startFakeStripe({ port });
  console.log(`fake Stripe listening on ${fake.url} (set STRIPE_API_BASE=${fake.url})`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
