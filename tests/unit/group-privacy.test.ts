import { describe, expect, it } from "vitest";
import {
  cellKey,
  decideCells,
  decideSharerCounts,
  decideSharers,
  type ContributorFact,
} from "~/app/modules/reach/group-privacy.ts";

const fact = (
  person: string,
  post: string,
  team: string,
  network = "linkedin",
  bucket = "2026-06-01",
): ContributorFact => ({ person, post, network, team, bucket });
const people = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const all = new Set(["a", "b", ""]);

describe("group privacy: the people behind each cell", () => {
  it("hides a cell with fewer people than the minimum, and the smallest shown cell when the hidden ones together are a small group", () => {
    const facts = [
      ...people("a", 6).map((p) => fact(p, "P", "a")),
      ...people("b", 5).map((p) => fact(p, "Q", "b")),
      fact("a0", "X", "a"),
    ];
    const d = decideCells(facts, 5, all);
    expect(d.people(cellKey.of("post", "X"))).toBe(1);
    expect(d.shown(cellKey.of("post", "X"))).toBe(false);
    // total − P − Q would be X: Q (5 people, the smallest) is merged too; P stays
    expect(d.shown(cellKey.of("post", "Q"))).toBe(false);
    expect(d.shown(cellKey.of("post", "P"))).toBe(true);
    // in team a: X@a (1 person) hidden, and P@a with it (a's total − P@a = X@a)
    expect(d.shown(cellKey.of("post", "X", "a"))).toBe(false);
    expect(d.shown(cellKey.of("post", "P", "a"))).toBe(false);
    // Q is held back in the programme's table, so in team b as well (it would give Q back)
    expect(d.shown(cellKey.of("post", "Q", "b"))).toBe(false);
    expect(d.shown(cellKey.total)).toBe(true);
    expect(d.shown(cellKey.team("a"))).toBe(true);
  });

  it("hidden people together at least the minimum: nothing else is hidden; a team closed by its size closes its cells", () => {
    const facts = [
      ...people("a", 5).map((p) => fact(p, "P", "a")),
      ...people("b", 5).map((p) => fact(p, "P", "b")),
      ...people("c", 5).map((p) => fact(p, "X", "")),
    ];
    const d = decideCells(facts, 5, new Set(["a"]));
    expect(d.shown(cellKey.of("post", "P"))).toBe(true);
    expect(d.shown(cellKey.of("post", "P", "a"))).toBe(true);
    expect(d.shown(cellKey.team("b"))).toBe(false);
    expect(d.shown(cellKey.of("post", "P", "b"))).toBe(false);
    // "no team" has no view of its own
    expect(d.shown(cellKey.of("post", "X", ""))).toBe(false);
  });

  it("participation: a group's sharer count only with enough sharers, and never one the programme's count would give away", () => {
    const sharers = new Map([...people("a", 5).map((p) => [p, "a"] as const), ["b0", "b"]]);
    const shown = decideSharers(sharers, 5, all);
    expect(shown.has("*")).toBe(true);
    expect(shown.has("b")).toBe(false);
    // programme (6) − a (5) = b's one sharer: a's count is held back too
    expect(shown.has("a")).toBe(false);
    expect(decideSharers(new Map([["a0", "a"]]), 5, all).has("*")).toBe(false);
  });

  it("participation from counts per group (what a stored period keeps): the same rule", () => {
    // programme 6 − a 5 = b's one sharer: only the programme's count
    expect([
      ...decideSharerCounts(
        new Map([
          ["a", 5],
          ["b", 1],
        ]),
        5,
        all,
      ),
    ]).toEqual(["*"]);
    // b's 5 hidden by the no-team rule ("" has no view) together with c's 2: 7 ≥ 5, a stays shown
    expect(
      [
        ...decideSharerCounts(
          new Map([
            ["a", 6],
            ["", 5],
            ["c", 2],
          ]),
          5,
          all,
        ),
      ].sort(),
    ).toEqual(["*", "a"]);
    // a team whose view is closed counts as hidden: 3 hidden people, so the smallest shown goes too
    expect(
      [
        ...decideSharerCounts(
          new Map([
            ["a", 6],
            ["b", 7],
            ["c", 3],
          ]),
          5,
          new Set(["a", "b"]),
        ),
      ].sort(),
    ).toEqual(["*", "b"]);
    // a zero count is no group
    expect(
      [
        ...decideSharerCounts(
          new Map([
            ["a", 5],
            ["b", 0],
          ]),
          5,
          all,
        ),
      ].sort(),
    ).toEqual(["*", "a"]);
    expect(decideSharerCounts(new Map([["a", 4]]), 5, all).size).toBe(0);
  });
});
