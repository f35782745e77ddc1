import { describe, expect, it } from "vitest";
import { isNewSince, VISIT_GAP_MS, visitBaseline } from "~/app/modules/home/visit.ts";
import { preferredNetwork } from "~/app/modules/home/preferred-network.ts";
import { weekStart } from "~/app/modules/home/week.ts";

const at = (iso: string) => new Date(iso);

describe("a visit's baseline", () => {
  const now = at("2026-12-07T12:00:00Z");
  it("is null for someone who never visited: everything is new", () => {
    expect(visitBaseline({ visitedAt: null, newSince: null }, now)).toBeNull();
    expect(isNewSince(at("2020-01-01T00:00:00Z"), null)).toBe(true);
  });
  it("stays within a visit (a reload) and moves to the last open after a gap", () => {
    const newSince = at("2026-12-06T08:00:00Z");
    const recent = new Date(now.getTime() - VISIT_GAP_MS);
    expect(visitBaseline({ visitedAt: recent, newSince }, now)).toEqual(newSince);
    const ended = new Date(now.getTime() - VISIT_GAP_MS - 1);
    expect(visitBaseline({ visitedAt: ended, newSince }, now)).toEqual(ended);
  });
  it("counts only posts published after the baseline", () => {
    const baseline = at("2026-12-07T10:00:00Z");
    expect(isNewSince(at("2026-12-07T10:00:01Z"), baseline)).toBe(true);
    expect(isNewSince(baseline, baseline)).toBe(false);
    expect(isNewSince(null, baseline)).toBe(false);
  });
});

describe("the home page's week", () => {
  it("starts on Monday", () => {
    expect(weekStart("2026-12-07")).toBe("2026-12-07"); // a Monday
    expect(weekStart("2026-12-13")).toBe("2026-12-07"); // Sunday
    expect(weekStart("2027-01-01")).toBe("2026-12-28"); // across the year
  });
});

describe("the network a share link preselects", () => {
  it("is the most used one, the latest share breaking a tie", () => {
    expect(
      preferredNetwork({ sharedTo: ["x", "linkedin", "x"], linkedInConnected: true, profileNetworks: [] }),
    ).toBe("x");
    expect(preferredNetwork({ sharedTo: ["xing", "x"], linkedInConnected: false, profileNetworks: [] })).toBe(
      "xing",
    );
  });
  it("without shares: connected LinkedIn, else the first profile, else LinkedIn", () => {
    expect(preferredNetwork({ sharedTo: [], linkedInConnected: true, profileNetworks: ["x"] })).toBe(
      "linkedin",
    );
    expect(preferredNetwork({ sharedTo: [], linkedInConnected: false, profileNetworks: ["mastodon"] })).toBe(
      "mastodon",
    );
    expect(preferredNetwork({ sharedTo: [], linkedInConnected: false, profileNetworks: [] })).toBe(
      "linkedin",
    );
  });
});
