import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { namespaceFile, namespaces } from "~/app/lib/i18n/namespaces.ts";
import { de, en } from "~/app/lib/i18n/resources.ts";

/*
 * The rules of the dictionaries (app/lib/i18n): both languages have the same keys with the same
 * interpolation variables, every namespace is registered, and every page declares the namespaces its
 * texts come from (the browser loads only those).
 */

interface Tree {
  [key: string]: string | Tree;
}

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

/** {{name}}, {{name, format}} and $t(nested.key) in a text, sorted. */
function variables(text: string): string[] {
  const vars = [...text.matchAll(/\{\{\s*([^,}\s]+)[^}]*\}\}/g)].map((m) => `{{${m[1]}}}`);
  const nested = [...text.matchAll(/\$t\(([^),]+)/g)].map((m) => `$t(${m[1]})`);
  return [...vars, ...nested].sort();
}

const english = leaves(en as unknown as Tree);
const german = leaves(de as unknown as Tree);

describe("dictionaries", () => {
  it("every namespace has an English and a German file, and every file is a registered namespace", () => {
    for (const lang of ["en", "de"]) {
      const files = readdirSync(`app/lib/i18n/${lang}`).map((f) => f.replace(/\.ts$/, ""));
      expect(files.sort(), lang).toEqual(namespaces.map(namespaceFile).sort());
    }
    expect(Object.keys(en).sort()).toEqual([...namespaces].sort());
    expect(Object.keys(de).sort()).toEqual([...namespaces].sort());
  });

  it("German and English have the same keys", () => {
    expect(
      [...english.keys()].filter((k) => !german.has(k)),
      "missing in de",
    ).toEqual([]);
    expect(
      [...german.keys()].filter((k) => !english.has(k)),
      "missing in en",
    ).toEqual([]);
  });

  it("a text has the same interpolation variables in both languages", () => {
    const differ = [...english]
      .filter(([key]) => german.has(key))
      .filter(([key, text]) => variables(text).join() !== variables(german.get(key)!).join())
      .map(
        ([key, text]) =>
          `${key}: en ${variables(text).join(" ")} / de ${variables(german.get(key)!).join(" ")}`,
      );
    expect(differ).toEqual([]);
  });

  it("no key of common starts with a namespace's name (it would be looked up in that namespace)", () => {
    expect(Object.keys(en.common).filter((k) => (namespaces as readonly string[]).includes(k))).toEqual([]);
  });
});

/*
 * Which namespaces a page uses, read from its source: the route file and every project file it imports
 * (not .server files: they run on the server, and their texts go through createI18n), searched for
 * string literals that are keys of a namespace ("content.status.draft") or the start of a template
 * key (`content.status.${status}`). Not app/lib/errors.ts: it names the text of every error code, and a
 * page shows only the codes its actions answer with; the browser loads such a namespace when a text of
 * it is missing (app/lib/i18n/browser.ts).
 */
const areaNamespaces = namespaces.filter((n) => n !== "common");
const keyPattern = new RegExp(`(["'\`])((?:${areaNamespaces.join("|")})\\.[A-Za-z0-9_.$]*)(.)`, "g");

function isKey(candidate: string, quote: string, next: string): boolean {
  const template = quote === "`" && next !== "`";
  if (!template && next !== quote) return false;
  const parts = candidate.split(".");
  if (template) parts.pop();
  let node: unknown = en;
  for (const part of parts) {
    if (typeof node !== "object" || node === null) return false;
    const obj = node as Record<string, unknown>;
    if (part in obj) node = obj[part];
    else return Object.keys(obj).some((k) => k.startsWith(`${part}_`)); // plural forms: count_one
  }
  return template ? typeof node === "object" : typeof node === "string";
}

function resolveImport(spec: string): string | null {
  if (!spec.startsWith("~/")) return null;
  const path = spec.slice(2);
  for (const candidate of [path, `${path}.ts`, `${path}.tsx`])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null;
}

function moduleGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(file, "utf8");
  for (const m of source.matchAll(/^(?:import|export)(?! type)[^;]*?from\s+["']([^"']+)["']/gm)) {
    const target = resolveImport(m[1]!);
    if (!target || /\.server\.tsx?$/.test(target)) continue;
    if (target.startsWith("app/lib/i18n/") || target === "app/lib/errors.ts") continue;
    moduleGraph(target, seen);
  }
  return seen;
}

/** The source without comments (a comment may quote a key that the code does not use). */
function code(file: string): string {
  return readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|\s)\/\/.*$/gm, "$1");
}

function usedNamespaces(route: string): string[] {
  const used = new Set<string>();
  for (const file of moduleGraph(route))
    for (const m of code(file).matchAll(keyPattern))
      if (isKey(m[2]!, m[1]!, m[3]!)) used.add(m[2]!.split(".")[0]!);
  return [...used].sort();
}

function declaredNamespaces(route: string): string[] {
  const m = readFileSync(route, "utf8").match(/export const handle = \{\s*i18n: \[([^\]]*)\]/);
  return m ? [...m[1]!.matchAll(/"([^"]+)"/g)].map((x) => x[1]!).sort() : [];
}

describe("page namespaces", () => {
  const layout = declaredNamespaces("app/routes/tenant.tsx");
  const routes = readdirSync("app/routes")
    .filter((f) => f.endsWith(".tsx"))
    .map((f) => `app/routes/${f}`);

  it.each(routes)("%s declares the namespaces its texts come from in handle.i18n", (route) => {
    const declared = new Set([...declaredNamespaces(route), ...layout]);
    expect(usedNamespaces(route).filter((n) => !declared.has(n))).toEqual([]);
  });

  it("the check sees a key of an undeclared namespace", () => {
    expect(isKey("goals.title", '"', '"')).toBe(true);
    expect(isKey("content.status.", "`", "$")).toBe(true);
    expect(isKey("goals.manage", '"', '"')).toBe(false); // a permission's name, not a text
  });
});
