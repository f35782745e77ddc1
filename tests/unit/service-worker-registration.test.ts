import { afterEach, describe, expect, it, vi } from "vitest";
import { registerServiceWorker } from "~/app/lib/service-worker.ts";

/*
 * app/lib/service-worker.ts: public/sw.js is registered in production builds only, in secure contexts,
 * never on a tracked link (/s/), and only after the page's load event.
 */

function browser({ pathname = "/t/demo", secure = true, readyState = "complete", withWorker = true } = {}) {
  const register = vi.fn(() => Promise.resolve({}));
  const listeners: (() => void)[] = [];
  vi.stubGlobal("navigator", withWorker ? { serviceWorker: { register } } : {});
  vi.stubGlobal("location", { pathname });
  vi.stubGlobal("document", { readyState });
  vi.stubGlobal("window", {
    isSecureContext: secure,
    addEventListener: (type: string, fn: () => void) => type === "load" && listeners.push(fn),
  });
  return { register, load: () => listeners.forEach((fn) => fn()) };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe("registerServiceWorker", () => {
  it("registers /sw.js for the whole app in a production build", () => {
    vi.stubEnv("PROD", true);
    const { register } = browser();
    registerServiceWorker();
    expect(register).toHaveBeenCalledWith("/sw.js", { scope: "/" });
  });

  it("waits for the page's load event when the page is still loading", () => {
    vi.stubEnv("PROD", true);
    const { register, load } = browser({ readyState: "interactive" });
    registerServiceWorker();
    expect(register).not.toHaveBeenCalled();
    load();
    expect(register).toHaveBeenCalledTimes(1);
  });

  it.each<[string, { prod?: boolean; pathname?: string; secure?: boolean; withWorker?: boolean }]>([
    ["in development (a worker would keep stale modules)", { prod: false }],
    ["on a tracked link", { pathname: "/s/abc" }],
    ["outside a secure context", { secure: false }],
    ["in a browser without service workers", { withWorker: false }],
  ])("registers nothing %s", (_, { prod = true, ...where }) => {
    vi.stubEnv("PROD", prod);
    const { register, load } = browser(where);
    registerServiceWorker();
    load();
    expect(register).not.toHaveBeenCalled();
  });
});
