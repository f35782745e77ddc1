// ESLint flat config. Deliberately not type-aware: `npm run typecheck` already runs tsc, and the
// type-checked presets would make `npm run lint` several times slower for little extra signal.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// One way to format (docs/CONVENTIONS.md, "Words and formats"): Intl formatters come from
// app/lib/intl.ts, made once per locale and options; constructing one costs up to half a millisecond.
const SHARED_INTL = {
  selector:
    "NewExpression[callee.object.name='Intl'][callee.property.name=/^(DateTimeFormat|NumberFormat|RelativeTimeFormat)$/]",
  message:
    "Use dateTimeFormat / numberFormat / relativeTimeFormat from ~/app/lib/intl.ts (one shared formatter per locale and options).",
};

export default defineConfig([
  globalIgnores([
    "build/",
    ".react-router/",
    "node_modules/",
    ".data/",
    "test-results/",
    "playwright-report/",
    "coverage/",
  ]),

  {
    files: ["**/*.{js,mjs,cjs,ts,mts,cts,tsx}"],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { ecmaVersion: "latest", sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // tsc reports undefined names with real knowledge of globals (DOM, node); ESLint's
      // version would need a hand-kept globals list and only duplicates it.
      "no-undef": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          args: "after-used",
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      // One import style: project files by their path from the repository root (`~/app/lib/errors`,
      // `~/db/tenant`), declared once in tsconfig.json's `paths`. Only React Router's generated
      // `./+types/<route>` stay relative.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.{1,2}/(?!\\+types/)",
              message: "Import project files with `~/` and their path from the repository root.",
            },
            {
              regex: "^~/(?!.*\\.(ts|tsx|css|json)(\\?.*)?$)",
              message: "Name the file with its extension: `~/app/lib/errors.ts`.",
            },
          ],
        },
      ],
    },
  },

  // One transaction style: a use case takes `tx: Tx` and never opens a transaction; its caller (route
  // loader/action, job handler, CLI command, test) runs `withTenant(db, tenantId, (tx) => useCase(tx, …))`,
  // and side effects that must wait for the commit go through afterCommit(tx, fn). Only the files
  // below open withTenant themselves, each for a reason it states: it works across many transactions
  // or tenants by design (batches, rollups, purges, the erasure's steps, digests), it must not hold a
  // transaction across a network call (Stripe, LinkedIn, a preview fetch, Redis before a write that
  // names the queued job), it turns a rolled-back refusal into a result, or it starts from a global
  // key (a slug, a token, a Stripe event) and has to find the tenant first.
  {
    files: ["app/modules/**/*.{ts,tsx}"],
    ignores: [
      "app/modules/api/api-tokens.server.ts",
      "app/modules/api/http.server.ts",
      "app/modules/billing/checkout.server.ts",
      "app/modules/billing/overview.server.ts",
      "app/modules/billing/portal.server.ts",
      "app/modules/billing/seat-sync.server.ts",
      "app/modules/billing/webhooks/tenant.server.ts",
      "app/modules/content/fill-post-preview.server.ts",
      "app/modules/content/post-page.server.ts",
      "app/modules/content/publish-due-posts.server.ts",
      "app/modules/goals/close.server.ts",
      "app/modules/jobs-admin/job-failures.server.ts",
      "app/modules/privacy/erase-member.server.ts",
      "app/modules/privacy/export-requests.server.ts",
      "app/modules/privacy/retention.server.ts",
      "app/modules/profiles/rotate-secrets.server.ts",
      "app/modules/reach/digest.server.ts",
      "app/modules/reach/period-rollup.server.ts",
      "app/modules/reach/provider-metrics.server.ts",
      "app/modules/reach/retention.server.ts",
      "app/modules/reach/rollup.server.ts",
      "app/modules/recognition/award.server.ts",
      "app/modules/tenancy/accept-invitation.server.ts",
      "app/modules/tenancy/create-tenant.server.ts",
      "app/modules/tenancy/find-membership.server.ts",
      "app/modules/tenancy/seed-demo.server.ts",
      "app/modules/tracking/drain-clicks.server.ts",
      // single sign-on, admin side: the OIDC discovery fetch and the DNS TXT lookup run between
      // transactions, never inside one; the sign-in page starts from an e-mail domain or a slug
      "app/modules/sso/configure-identity-provider.server.ts",
      "app/modules/sso/verify-sso-domain-by-dns.server.ts",
      "app/modules/sso/find-sso-sign-in-options.server.ts",
      // reads the claim, then hands over to startSsoSignIn, which takes db (provider discovery)
      "app/modules/sso/start-domain-verification-sign-in.server.ts",
      // single sign-on, the flow: the tenant is known only from the flow's cookie, and the
      // discovery fetch and the code exchange run between transactions, never inside one
      "app/modules/sso/start-sso-sign-in.server.ts",
      "app/modules/sso/complete-sso-sign-in.server.ts",
      // Teams/Slack delivery: the send is a network call between transactions (claim, send,
      // record); the sweep and the weekly chat digests work through every tenant
      "app/modules/chat/deliver-chat-message.server.ts",
      "app/modules/chat/chat-digests.server.ts",
      // adding a Teams channel: the test card to the Workflows webhook is a network call between
      // the tenant read and the insert; nothing is saved unless it arrived
      "app/modules/chat/add-teams-channel.server.ts",
      // Slack: the test message (add-slack-channel) and the OAuth code exchange (complete-slack-install)
      // are network calls between transactions; a request from Slack (events, /chorus) names only
      // the workspace, so the tenant is found first (resolve_slack_team), and Slack is called between
      "app/modules/chat/add-slack-channel.server.ts",
      "app/modules/chat/complete-slack-install.server.ts",
      "app/modules/chat/handle-slack-event.server.ts",
      "app/modules/chat/handle-slack-command.server.ts",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["~/db/tenant.ts", "~/db/tenant"].map((name) => ({
            name,
            importNames: ["withTenant"],
            message:
              "A use case takes `tx: Tx`; its caller opens withTenant. Side effects after the commit: afterCommit(tx, fn).",
          })),
          patterns: [
            {
              regex: "^\\.{1,2}/(?!\\+types/)",
              message: "Import project files with `~/` and their path from the repository root.",
            },
            {
              regex: "^~/(?!.*\\.(ts|tsx|css|json)(\\?.*)?$)",
              message: "Name the file with its extension: `~/app/lib/errors.ts`.",
            },
          ],
        },
      ],
    },
  },

  // Hooks and the React Compiler's rules only mean something in components.
  {
    files: ["**/*.tsx"],
    extends: [reactHooks.configs.flat.recommended],
  },

  // One validation path: a route reads a form only through conform's parseWithZod and a schema named
  // for what it validates (`parseWithZod(await request.formData(), { schema: ApprovePostInput })`),
  // never field by field or through a cast. Reading the pending form of the page itself
  // (`navigation.formData?.get("intent")`) is not parsing and stays allowed.
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name=/^(get|getAll|has)$/][callee.object.type='Identifier'][callee.object.name=/^(formData|form|fd)$/]",
          message:
            "Parse the form with parseWithZod(await request.formData(), { schema: …Input }) instead of reading fields by hand.",
        },
        {
          selector:
            "CallExpression[callee.property.name=/^(get|getAll|has)$/][callee.object.type='AwaitExpression'][callee.object.argument.callee.property.name='formData']",
          message:
            "Parse the form with parseWithZod(await request.formData(), { schema: …Input }) instead of reading fields by hand.",
        },
        {
          selector:
            "CallExpression[callee.object.name='Object'][callee.property.name='fromEntries'] > AwaitExpression > CallExpression[callee.property.name='formData']",
          message:
            "Parse the form with parseWithZod(await request.formData(), { schema: …Input }), not Object.fromEntries + safeParse.",
        },
        {
          selector: "TSAsExpression > TSAsExpression.expression[typeAnnotation.type='TSUnknownKeyword']",
          message: "No `as unknown as` in routes: parse the value with its schema (or narrow it) instead.",
        },
        {
          selector: "JSXAttribute[name.name='style']",
          message:
            "No style objects: compose the design system's classes (app/styles/, docs/CONVENTIONS.md#styling); a per-row value is an SVG attribute or a <meter>.",
        },
        SHARED_INTL,
      ],
    },
  },

  // One design system (docs/CONVENTIONS.md#styling): components compose classes, never style objects
  // (routes get the same selector in their block above).
  {
    files: ["app/ui/**/*.tsx", "app/root.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "JSXAttribute[name.name='style']",
          message:
            "No style objects: compose the design system's classes (app/styles/, docs/CONVENTIONS.md#styling); a per-row value is an SVG attribute or a <meter>.",
        },
        SHARED_INTL,
      ],
    },
  },

  // Shared Intl formatters outside routes and components too (app/lib/intl.ts makes them; validation.ts
  // constructs one to test a time zone).
  {
    files: ["app/modules/**/*.{ts,tsx}", "app/lib/**/*.{ts,tsx}", "emails/**/*.{ts,tsx}"],
    ignores: ["app/lib/intl.ts", "app/lib/validation.ts"],
    rules: { "no-restricted-syntax": ["error", SHARED_INTL] },
  },

  // Job handlers only call module functions: no query building in jobs/definitions. dependency-cruiser
  // keeps kysely's import out (.dependency-cruiser.cjs, job-handlers-call-modules); this catches a
  // query built on a connection or transaction the handler holds (db, tx from withTenant).
  {
    files: ["jobs/definitions/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name=/^(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|with|withRecursive|executeQuery)$/]",
          message: "A job handler calls a module function (app/modules/…); the query belongs there.",
        },
      ],
    },
  },
]);
