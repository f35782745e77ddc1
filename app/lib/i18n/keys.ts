import type { ParseKeys } from "i18next";

/**
 * Every key of the dictionaries (typed from the English ones, app/lib/i18n/i18next.d.ts). A key that
 * travels as data (an action's notice, a file's label) has this type, so it is checked where it is
 * written: `notice: "admin.pending.resent" satisfies TextKey`.
 */
export type TextKey = ParseKeys;

/** The keys under a prefix, without it: KeysUnder<"credit.file"> is "title" | "integrity.notCountedValue" | … */
export type KeysUnder<P extends string> = TextKey extends infer K
  ? K extends `${P}.${infer Rest}`
    ? Rest
    : never
  : never;

/**
 * A key put together from data at runtime (an error code a form sent back, a page's area): the one way
 * past the key types, so every use is easy to find. i18next still resolves it; give it a checked
 * fallback key (t([runtimeKey(`admin.errors.${code}`), "admin.errors.generic"])).
 */
export function runtimeKey(key: string): TextKey {
  return key as TextKey;
}
