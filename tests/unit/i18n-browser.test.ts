import { describe, expect, it, vi } from "vitest";
import { loadNamespaces } from "~/app/lib/i18n/browser.ts";
import { runtimeKey } from "~/app/lib/i18n/keys.ts";
import { en } from "~/app/lib/i18n/resources.ts";

/*
 * The browser's page texts (app/lib/i18n/browser.ts): a namespace the page did not declare is imported
 * as soon as a text asks for one of its keys, and the page then reads the right text.
 */
describe("browser texts", () => {
  it("imports the namespace of a key a page did not declare, also when a later key of the call is there", async () => {
    const i18n = await loadNamespaces("en", ["common"]);
    expect(i18n.hasResourceBundle("en", "content")).toBe(false);
    const keys = [runtimeKey("content.status.draft"), runtimeKey("errors.generic")];
    expect(i18n.t(keys)).toBe(en.common.errors.generic);
    await vi.waitFor(() => expect(i18n.hasResourceBundle("en", "content")).toBe(true));
    expect(i18n.t(keys)).toBe(en.content.status.draft);
  });

  it("imports it for a single missing key too", async () => {
    const i18n = await loadNamespaces("en", ["common"]);
    i18n.t(runtimeKey("goals.title"));
    await vi.waitFor(() => expect(i18n.hasResourceBundle("en", "goals")).toBe(true));
    expect(i18n.t(runtimeKey("goals.title"))).toBe(en.goals.title);
  });
});
