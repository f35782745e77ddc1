// ESLint flat config. Deliberately not type-aware: `npm run typecheck` already runs tsc, and the
// type-checked presets would make `npm run lint` several times slower for little extra signal.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

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
