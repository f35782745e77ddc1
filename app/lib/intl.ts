/**
 * Intl formatters, made once per locale and options and then shared. Constructing one costs
 * 0.05–0.5 ms (ICU looks up its locale data), and a page like the analytics page used to construct
 * about twenty per request (issue 15); a formatter is immutable, so one instance serves every request.
 * Locales and time zones come from our own lists and validated settings; the cache is bounded anyway.
 */
type Formatter = Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat;

const formatters = new Map<string, Formatter>();
const MAX_FORMATTERS = 1_000;

function cached<T extends Formatter>(
  kind: string,
  locale: string | undefined,
  options: object | undefined,
  make: () => T,
): T {
  const key = `${kind}\u0000${locale ?? ""}\u0000${options === undefined ? "" : JSON.stringify(options)}`;
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = make();
    // the oldest goes (a Map keeps insertion order): a full cache keeps serving the common ones
    if (formatters.size >= MAX_FORMATTERS) formatters.delete(formatters.keys().next().value!);
    formatters.set(key, formatter);
  }
  return formatter;
}

export function dateTimeFormat(
  locale: string | undefined,
  options?: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  return cached("d", locale, options, () => new Intl.DateTimeFormat(locale, options));
}

export function numberFormat(
  locale: string | undefined,
  options?: Intl.NumberFormatOptions,
): Intl.NumberFormat {
  return cached("n", locale, options, () => new Intl.NumberFormat(locale, options));
}

export function relativeTimeFormat(
  locale: string | undefined,
  options?: Intl.RelativeTimeFormatOptions,
): Intl.RelativeTimeFormat {
  return cached("r", locale, options, () => new Intl.RelativeTimeFormat(locale, options));
}
