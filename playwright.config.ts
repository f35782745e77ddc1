import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests through the real UI of a production build (`npm run test:e2e` builds first).
 * Two local servers are started for the run: a fake Resend API that records emails
 * (tests/e2e/support/mail.ts reads them) and the app on its own fresh PostgreSQL database
 * (tests/e2e/start-app.ts). Chromium is Debian's: Playwright cannot download browsers here.
 */
const APP_PORT = 3100;
const APP_URL = `http://localhost:${APP_PORT}`;
const RESEND_PORT = 4010;
// a fake Teams Workflows receiver for the channels an admin adds (tests/e2e/chat-admin.spec.ts)
const TEAMS_WEBHOOK_PORT = 4020;
// The app's database for this run, named once here: tests/e2e/start-app.ts creates it, and the
// workers (tests/e2e/support/database.ts) open it to make sessions and companies directly. Workers
// load this file again, but inherit the runner's environment, so they keep the runner's name.
process.env.CHORUS_E2E_DATABASE ??= `chorus_e2e_${Date.now()}`;

export default defineConfig({
  testDir: "tests/e2e",
  // One app, one database: tests share state, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  // No retries: a flaky test is a bug to fix, not to paper over.
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  use: {
    baseURL: APP_URL,
    browserName: "chromium",
    // Fixed so results do not depend on the machine's LANG/TZ; tests that need German use test.use().
    locale: "en-US",
    timezoneId: "UTC",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium" }],
  webServer: [
    {
      name: "resend",
      command: `npx tsx tests/fakes/resend.ts --port ${RESEND_PORT}`,
      url: `http://127.0.0.1:${RESEND_PORT}/_test/emails`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      name: "teams-webhook",
      command: `npx tsx tests/fakes/teams-webhook.ts --port ${TEAMS_WEBHOOK_PORT}`,
      url: `http://127.0.0.1:${TEAMS_WEBHOOK_PORT}/_test/received`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      name: "app",
      command: "npx tsx tests/e2e/start-app.ts",
      // /healthz rather than the bare port: a 2xx means the server is really serving. "localhost":
      // Node 20 tries ::1 and 127.0.0.1, so it works whichever the server binds.
      url: `${APP_URL}/healthz`,
      env: {
        NODE_ENV: "production",
        PORT: String(APP_PORT),
        APP_URL,
      },
      reuseExistingServer: false,
      timeout: 120_000,
      // SIGTERM lets start-app.ts drop its database; SIGKILL follows if that hangs.
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      stdout: process.env.E2E_APP_LOGS ? "pipe" : "ignore",
      stderr: "pipe",
    },
  ],
});
