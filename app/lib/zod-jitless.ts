import { config } from "zod/v4/core";

/**
 * In the browser, zod parses without compiling code (jitless). Otherwise zod probes once with
 * `new Function("")` whether it may compile fast parsers; our Content-Security-Policy forbids eval,
 * so the probe — caught by zod — still reports a CSP violation (Lighthouse: best practices < 100).
 * zod reads the setting when a schema is made (z.object), and route modules make theirs as they are
 * evaluated, before app/entry.client.tsx runs: so app/root.tsx imports this module first of all.
 * Never add 'unsafe-eval' to the CSP instead. The server keeps zod's compiled parsers.
 */
if (typeof document !== "undefined") config({ jitless: true });
