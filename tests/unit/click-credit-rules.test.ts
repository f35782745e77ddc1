import { describe, expect, it } from "vitest";
import {
  BURST_VISITORS,
  BURST_WINDOW_MINUTES,
  NETWORK_VISITORS_PER_SHARE_DAY,
  evaluateMemberDay,
  releasedAddition,
  SAME_VISITOR_SHARES,
  TOO_SOON_SECONDS,
  type CreditClick,
} from "~/app/modules/recognition/click-credit-rules.ts";
import { ipKey, networkOf, visitorAddress } from "~/app/modules/tracking/visitor-hash.server.ts";

const SHARED = Date.parse("2026-09-03T08:00:00Z");
const min = (m: number) => SHARED + m * 60_000;
const click = (shareId: string, key: string, at: number, net = `net-${key}`): CreditClick => ({
  shareId,
  key,
  net,
  at,
});
const evaluate = (clicks: CreditClick[], ownKeys: string[] = [], shares = ["A", "B", "C", "D"]) =>
  evaluateMemberDay({ clicks, sharedAt: new Map(shares.map((s) => [s, SHARED])), ownKeys: new Set(ownKeys) });

describe("credit for one sharer's day", () => {
  it("counts distinct visitor keys: one key clicking 25 times is one", () => {
    const clicks = Array.from({ length: 25 }, (_, i) => click("A", "k1", min(60) + i * 1000));
    expect(evaluate(clicks).get("A")).toEqual({
      visitors: 1,
      ownClicks: 0,
      heldBack: 0,
      counted: 1,
      holds: [],
    });
  });

  it("never counts the sharer's own keys, and does not hold them back either", () => {
    const credit = evaluate(
      [click("A", "own", min(1)), click("A", "own", min(90)), click("A", "k2", min(90))],
      ["own"],
    ).get("A");
    expect(credit).toEqual({ visitors: 2, ownClicks: 1, heldBack: 0, counted: 1, holds: [] });
  });

  it(`holds back a key that clicked within ${TOO_SOON_SECONDS} s of sharing (too_soon), not one a second later`, () => {
    const credit = evaluate([
      click("A", "fast", SHARED + (TOO_SOON_SECONDS - 1) * 1000),
      click("A", "fast", min(60)),
      click("A", "ok", SHARED + TOO_SOON_SECONDS * 1000),
    ]).get("A");
    expect(credit).toMatchObject({
      counted: 1,
      heldBack: 1,
      holds: [{ reason: "too_soon", clicks: 2, distinctKeys: 1 }],
    });
  });

  it(`holds back a burst: ${BURST_VISITORS} visitors of one network within ${BURST_WINDOW_MINUTES} minutes; ${NETWORK_VISITORS_PER_SHARE_DAY} of one network count`, () => {
    const burst = Array.from({ length: BURST_VISITORS }, (_, i) =>
      click("A", `b${i}`, min(60 + i), "office"),
    );
    const few = Array.from({ length: NETWORK_VISITORS_PER_SHARE_DAY }, (_, i) =>
      click("B", `f${i}`, min(60 + i), "office"),
    );
    const out = evaluate([...burst, ...few]);
    expect(out.get("A")).toMatchObject({
      counted: 0,
      heldBack: BURST_VISITORS,
      holds: [{ reason: "burst", clicks: BURST_VISITORS, distinctKeys: BURST_VISITORS }],
    });
    expect(out.get("B")).toMatchObject({ counted: NETWORK_VISITORS_PER_SHARE_DAY, heldBack: 0 });
  });

  it(`holds back a slow drip from one network: after its first ${NETWORK_VISITORS_PER_SHARE_DAY} visitors of the day, the rest wait for a comms lead`, () => {
    // one every 3 minutes never makes a window burst, but 12 addresses of one network on one share do
    const slow = Array.from({ length: 12 }, (_, i) => click("C", `s${i}`, min(60 + i * 3), "home-56"));
    // other networks are not affected
    const elsewhere = Array.from({ length: 5 }, (_, i) => click("C", `e${i}`, min(61 + i * 3)));
    expect(evaluate([...slow, ...elsewhere]).get("C")).toMatchObject({
      counted: NETWORK_VISITORS_PER_SHARE_DAY + 5,
      heldBack: 12 - NETWORK_VISITORS_PER_SHARE_DAY,
      holds: [{ reason: "burst", distinctKeys: 12 - NETWORK_VISITORS_PER_SHARE_DAY }],
    });
  });

  it("one visitor reloading many times is not a burst", () => {
    const clicks = [
      ...Array.from({ length: 20 }, (_, i) => click("A", "reload", min(60) + i * 5000, "home")),
      click("A", "other", min(61), "home"),
    ];
    expect(evaluate(clicks).get("A")).toMatchObject({ counted: 2, heldBack: 0 });
  });

  it(`holds back one visitor on ${SAME_VISITOR_SHARES} or more of the sharer's shares that day, on each of them`, () => {
    const out = evaluate([
      click("A", "fan", min(60)),
      click("B", "fan", min(70)),
      click("C", "fan", min(80)),
      click("A", "k", min(60)),
      click("D", "pal", min(60)),
      click("A", "pal", min(61)),
    ]);
    expect(out.get("A")).toMatchObject({
      counted: 2,
      heldBack: 1,
      holds: [{ reason: "same_visitor_many_shares", clicks: 1, distinctKeys: 1 }],
    });
    expect(out.get("B")).toMatchObject({ counted: 0, heldBack: 1 });
    expect(out.get("D")).toMatchObject({ counted: 1, heldBack: 0 });
  });

  it("gives a key matching several rules one reason (too_soon before burst), so a release never counts it twice", () => {
    const clicks = Array.from({ length: BURST_VISITORS }, (_, i) =>
      click("A", `b${i}`, SHARED + i * 1000, "dc"),
    );
    const credit = evaluate(clicks).get("A")!;
    expect(credit.holds).toEqual([
      { reason: "too_soon", clicks: BURST_VISITORS, distinctKeys: BURST_VISITORS },
    ]);
    expect(credit.heldBack).toBe(BURST_VISITORS);
  });
});

describe("releases and the cap", () => {
  it("adds held keys only up to the cap left", () => {
    expect(releasedAddition(5, 3, 20)).toBe(5);
    expect(releasedAddition(5, 18, 20)).toBe(2);
    expect(releasedAddition(5, 20, 20)).toBe(0);
    expect(releasedAddition(5, 25, 20)).toBe(0);
  });
});

describe("the network of an address", () => {
  it("is the IPv4 /24 and the IPv6 /48; IPv4-mapped addresses are IPv4", () => {
    expect(networkOf("203.0.113.7")).toBe("203.0.113");
    expect(networkOf("::ffff:203.0.113.9")).toBe("203.0.113");
    expect(networkOf("2001:db8:abcd:12::1")).toBe("2001:db8:abcd");
    expect(networkOf("2001:0db8:00ab:ffff::1")).toBe("2001:db8:ab");
    expect(networkOf("2001:db8::1")).toBe("2001:db8:0");
    expect(networkOf("::1")).toBe("0:0:0");
  });
});

describe("the visitor an address stands for", () => {
  it("is the IPv4 address, or the IPv6 /64: one phone cannot click as many visitors as its /64 has addresses", () => {
    expect(visitorAddress("203.0.113.7")).toBe("203.0.113.7");
    expect(visitorAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(visitorAddress("2001:db8:abcd:12::1")).toBe("2001:db8:abcd:12");
    expect(visitorAddress("2001:0db8:abcd:0012:8a2e:0370:7334:0001")).toBe("2001:db8:abcd:12");
    expect(visitorAddress("2001:db8::1")).toBe("2001:db8:0:0");
    expect(visitorAddress("fe80::1%eth0")).toBe("fe80:0:0:0");
    expect(visitorAddress("not-an-address")).toBe("not-an-address");
    // 120 privacy addresses of one /64 are one visitor for credit; the next /64 is another
    const salt = "s".repeat(64);
    const keys = new Set(
      Array.from({ length: 120 }, (_, i) =>
        ipKey(salt, `2001:db8:abcd:12:${i.toString(16)}::${(i * 7).toString(16)}`),
      ),
    );
    expect(keys.size).toBe(1);
    expect(ipKey(salt, "2001:db8:abcd:13::1")).not.toBe(ipKey(salt, "2001:db8:abcd:12::1"));
    expect(ipKey(salt, "::ffff:203.0.113.7")).toBe(ipKey(salt, "203.0.113.7"));
  });
});
