import { expect, test } from "~/tests/e2e/support/test.ts";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";
import { startFakeDns, type FakeDns } from "~/tests/fakes/dns.ts";
import { startFakeOidcProvider, type FakeOidcProvider } from "~/tests/fakes/oidc-provider.ts";

// An admin connects the company's OpenID provider in the UI (a real one: tests/fakes/oidc-provider.ts,
// on loopback), claims the company's e-mail domain and verifies it by its DNS TXT record (the app asks
// tests/fakes/dns.ts, SSO_DNS_SERVERS in tests/e2e/start-app.ts), and lets new colleagues in just in
// time. Then a colleague who is not a member yet signs in from the sign-in page through the provider
// and lands in the company as an employee.
const run = Date.now().toString(36);
const slug = `sso-${run}`;
const company = `Single Sign ${run}`;
const domain = `sso-${run}.test`;
const adminEmail = `ada-${run}@sso-admin.test`;
const newcomer = { sub: `nina-${run}`, email: `nina@${domain}`, name: "Nina Neu" };

let dns: FakeDns;
let idp: FakeOidcProvider;

test.beforeAll(async () => {
  dns = await startFakeDns({ port: 4053 });
  idp = await startFakeOidcProvider({
    kind: "oidc",
    clients: [
      {
        clientId: "chorus-e2e",
        clientSecret: "chorus-e2e-secret",
        redirectUris: ["http://localhost:3100/sso/callback"],
      },
    ],
    account: { ...newcomer, email_verified: true },
  });
});

test.afterAll(async () => {
  await idp?.close();
  await dns?.close();
});

test("an admin connects an OpenID provider and verifies the domain; a new colleague signs in through it", async ({
  page,
  browser,
  signIn,
  newCompany,
}) => {
  await newCompany({ name: company, slug, admin: { name: "Ada Admin", email: adminEmail } });
  await signIn(adminEmail, { page, path: `/t/${slug}` });
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Single sign-on" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Single sign-on" })).toBeVisible();
  await expect(page.getByText("No identity provider connected.")).toBeVisible();
  await expect(page.getByText("No domains yet.")).toBeVisible();
  await expect(page.getByLabel("Redirect URI")).toHaveValue("http://localhost:3100/sso/callback");
  await expectNoSeriousA11yViolations(page);

  // the provider: another OpenID Connect provider, by its discovery URL
  await page.getByRole("radio", { name: "Another OpenID Connect provider" }).check();
  await page.getByLabel("Discovery URL").fill(idp.discoveryUrl);
  await page.getByLabel("Name on the sign-in button").fill("Acme Login");
  await page.getByLabel("Client ID").fill("chorus-e2e");
  await page.getByLabel("Client secret").fill("chorus-e2e-secret");
  await page.getByRole("checkbox", { name: "Add new colleagues when they first sign in" }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByText(`Issuer found: ${idp.issuer}`)).toBeVisible();
  await expect(page.getByText("Connected: people can sign in with Acme Login.")).toBeVisible();
  // the secret is write-only
  await expect(page.getByLabel("Client secret")).toHaveValue("");

  // the domain: claimed, then proven by its TXT record
  await page.getByRole("textbox", { name: /^Domain/ }).fill(domain.toUpperCase());
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByText("Domain added.")).toBeVisible();
  const row = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: domain }) });
  await expect(row.getByText("Not verified")).toBeVisible();
  await expect(row.getByRole("textbox", { name: /^Name \(host\)/ })).toHaveValue(`_chorus.${domain}`);
  const value = await row.getByRole("textbox", { name: /^Value/ }).inputValue();
  expect(value).toMatch(/^chorus-domain-verification=[0-9a-f]{32}$/);

  // not there yet: refused with the reason
  await row.getByRole("button", { name: "Verify by DNS" }).click();
  await expect(row.getByRole("alert")).toContainText("No TXT record");
  dns.setTxt(`_chorus.${domain}`, [value]);
  await row.getByRole("button", { name: "Verify by DNS" }).click();
  await expect(row.getByText(`${domain} is verified.`)).toBeVisible();
  await expect(row.getByText("Verified by DNS")).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // a colleague who is not a member yet, in a browser of their own
  const context = await browser.newContext();
  const colleague = await context.newPage();
  await colleague.goto("/login");
  await colleague.getByLabel("Work email").fill(newcomer.email);
  await colleague.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(
    colleague.getByRole("heading", { name: "Your company signs in with its own account" }),
  ).toBeVisible();
  const button = colleague.getByRole("button", { name: new RegExp(`Sign in with Acme Login.*${company}`) });
  await expect(button).toBeVisible();
  await expect(colleague.getByRole("button", { name: "Email me a sign-in link instead" })).toBeVisible();
  await button.click();

  // through the provider (it signs the configured account in at once) and back, into the company
  await expect(colleague).toHaveURL(new RegExp(`/t/${slug}$`));
  // a member now, as an employee (just in time), never more
  await expect(
    colleague.getByRole("navigation", { name: "Main navigation" }).getByText("Nina Neu · Employee"),
  ).toBeVisible();
  expect(idp.authorizationRequests.at(-1)).toMatchObject({ login_hint: newcomer.email });
  await context.close();
});
