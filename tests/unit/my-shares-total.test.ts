import { describe, expect, it } from "vitest";
import { createI18n } from "~/app/lib/i18n/resources.ts";

// My shares' total line (app/routes/my-shares.tsx): clicks and shares each in their own singular or
// plural, numbers in the page's format — not "1 geteilte Beiträge" / "1 clicks on 1 shares".
function total(locale: "de" | "en", clicks: number, shares: number): string {
  const { t } = createI18n(locale);
  const number = new Intl.NumberFormat(locale);
  return t("sharing.mine.total", {
    clicks: t("sharing.mine.clickCount", { count: clicks, n: number.format(clicks) }),
    shares: t("sharing.mine.shareCount", { count: shares, n: number.format(shares) }),
  });
}

describe("my shares: the total line", () => {
  it("says one share and one click in the singular", () => {
    expect(total("de", 1, 1)).toBe("1 Klick auf 1 geteilten Beitrag");
    expect(total("en", 1, 1)).toBe("1 click on 1 share");
    expect(total("de", 46, 1)).toBe("46 Klicks auf 1 geteilten Beitrag");
  });
  it("says several in the plural, numbers in the page's format", () => {
    expect(total("de", 1234, 2)).toBe("1.234 Klicks auf 2 geteilte Beiträge");
    expect(total("en", 0, 3)).toBe("0 clicks on 3 shares");
  });
});
