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
      ],
    },
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
