/**
 * The shape of a dictionary in another language: the same keys as the English one, every leaf a string.
 * `export default { … } satisfies Dictionary<typeof en>` makes a key missing from (or added to) the
 * German file a type error; tests/unit/i18n-parity.test.ts also compares the interpolation variables.
 */
export type Dictionary<T> = { [K in keyof T]: T[K] extends string ? string : Dictionary<T[K]> };
