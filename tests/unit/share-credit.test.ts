import { describe, expect, it } from "vitest";
import {
  countShares,
  decideShares,
  isoWeek,
  storedDecision,
  type ShareFact,
  type StoredShareDecision,
} from "~/app/modules/recognition/share-credit.ts";
import { isVerifiedShare } from "~/app/modules/sharing/verified.ts";

const defaults = { selfReportedSharesEarnPoints: true, selfReportedWeeklyCap: 5 };
let seq = 0;
function share(day: string, over: Partial<ShareFact> = {}): ShareFact {
  seq++;
  return {
    id: `s${String(seq).padStart(3, "0")}`,
    postId: "p1",
    network: "linkedin",
    verified: false,
    day,
    at: Date.parse(`${day}T10:00:00Z`) + seq,
    ...over,
  };
}
const reasons = (shares: ShareFact[], decisions: Map<string, { counted: boolean; reason: string | null }>) =>
  shares.map((s) => decisions.get(s.id)!.reason ?? (decisions.get(s.id)!.counted ? "counted" : "?"));

describe("isoWeek", () => {
  it("starts weeks on Monday and gives the year of the week's Thursday", () => {
    expect(isoWeek("2026-12-06")).toBe("2026-W49"); // a Sunday
    expect(isoWeek("2026-12-07")).toBe("2026-W50"); // the Monday after
    expect(isoWeek("2027-01-01")).toBe("2026-W53"); // a Friday: still 2026's last week
    expect(isoWeek("2026-01-01")).toBe("2026-W01"); // a Thursday
    expect(isoWeek("2024-12-30")).toBe("2025-W01"); // a Monday: 2025's first week
  });
});

describe("verified or self-reported", () => {
  it("is verified only when posted through the API and confirmed with the network's post id", () => {
    expect(isVerifiedShare({ channel: "api", externalId: "urn:li:share:1" })).toBe(true);
    expect(isVerifiedShare({ channel: "api", externalId: null })).toBe(false);
    expect(isVerifiedShare({ channel: "copy", externalId: null })).toBe(false);
    expect(isVerifiedShare({ channel: "intent", externalId: "urn:li:share:1" })).toBe(false);
  });
});

describe("decideShares", () => {
  it("counts the first share of a post on a network once; five copies are one share", () => {
    const shares = [1, 2, 3, 4, 5].map(() => share("2026-11-02"));
    const d = decideShares(shares, new Map(), defaults);
    expect(reasons(shares, d)).toEqual([
      "counted",
      "repeat_share",
      "repeat_share",
      "repeat_share",
      "repeat_share",
    ]);
    expect(countShares(d.values())).toEqual({ verified: 0, selfReported: 5, counted: 1 });
    expect([...d.values()].filter((x) => x.earnsPoints)).toHaveLength(1);
  });

  it("judges by time made, not by input order, and the same post on another network counts", () => {
    const first = share("2026-11-02");
    const later = share("2026-11-03");
    const other = share("2026-11-04", { network: "xing" });
    const d = decideShares([other, later, first], new Map(), defaults);
    expect(reasons([first, later, other], d)).toEqual(["counted", "repeat_share", "counted"]);
  });

  it("counts self-reported shares up to the weekly cap per ISO week; verified shares have no cap", () => {
    const week1 = [1, 2, 3].map((i) => share("2026-11-02", { postId: `a${i}` })); // Monday
    const verified = share("2026-11-08", { postId: "v", verified: true }); // Sunday, same week
    const week2 = share("2026-11-09", { postId: "b" }); // next Monday
    const d = decideShares([...week1, verified, week2], new Map(), { ...defaults, selfReportedWeeklyCap: 2 });
    expect(reasons([...week1, verified, week2], d)).toEqual([
      "counted",
      "counted",
      "weekly_cap",
      "counted",
      "counted",
    ]);
    expect(d.get(verified.id)).toMatchObject({ verified: true, earnsPoints: true });
  });

  it("a weekly cap of 0 counts no self-reported share", () => {
    const s = share("2026-11-02", { postId: "z" });
    expect(decideShares([s], new Map(), { ...defaults, selfReportedWeeklyCap: 0 }).get(s.id)).toMatchObject({
      counted: false,
      reason: "weekly_cap",
    });
  });

  it("without points for self-reported shares they still count, with 0 points and the reason", () => {
    const self = share("2026-11-02", { postId: "x" });
    const api = share("2026-11-02", { postId: "y", verified: true });
    const d = decideShares([self, api], new Map(), { ...defaults, selfReportedSharesEarnPoints: false });
    expect(d.get(self.id)).toMatchObject({
      counted: true,
      earnsPoints: false,
      reason: "self_reported_no_points",
    });
    expect(d.get(api.id)).toMatchObject({ counted: true, earnsPoints: true, reason: null });
  });

  it("keeps the ledger's decisions, which claim their post and their week before anything undecided", () => {
    // a share committed late: made earlier than one already decided as counted
    const late = share("2026-11-02", { postId: "p" });
    const decidedFirst = share("2026-11-03", { postId: "p" });
    const capped = share("2026-11-03", { postId: "q" });
    const stored = new Map<string, StoredShareDecision>([
      [decidedFirst.id, { counted: true, reason: null }],
      [capped.id, { counted: true, reason: null }],
    ]);
    const d = decideShares([late, decidedFirst, capped, share("2026-11-04", { postId: "r" })], stored, {
      ...defaults,
      selfReportedWeeklyCap: 2,
    });
    expect(d.get(late.id)).toMatchObject({ counted: false, reason: "repeat_share", stored: false });
    expect(d.get(decidedFirst.id)).toMatchObject({ counted: true, stored: true });
    // the week's two self-reported counted shares are the stored ones: the next one is over the cap
    expect([...d.values()].filter((x) => x.reason === "weekly_cap")).toHaveLength(1);
  });

  it("reads a decision from a ledger entry's detail; entries from before the rule have none", () => {
    expect(storedDecision({ counted: false, reason: "repeat_share", verified: false })).toEqual({
      counted: false,
      reason: "repeat_share",
    });
    expect(storedDecision({ counted: true, verified: true })).toEqual({ counted: true, reason: null });
    expect(storedDecision({ shareId: "x", network: "linkedin" })).toBeNull();
    expect(storedDecision(null)).toBeNull();
  });
});
