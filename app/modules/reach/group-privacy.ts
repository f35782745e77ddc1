/**
 * Which analytics cells may be shown: the minimum group size applied to the people behind each
 * cell, not to the people in a team. Pure (the facts come from analytics.server.ts), so the rule
 * can be tested without a database and reads in one place.
 *
 * A fact is one person's share that contributed figures to the range (made in it, or clicked in
 * it), with the post, network, team (the share's team snapshot, '' = none) and timeline bucket it
 * counts toward. The cells built from them:
 *   total · team:G · post:X · network:Y · bucket:B           (the programme's tables)
 *   post:X@G · network:Y@G · bucket:B@G                       (the same tables filtered to team G)
 *
 * The rule:
 * 1. Primary: a cell is hidden when fewer than `minGroupSize` distinct people are behind it. A
 *    team whose view is closed by the people-in-the-programme rule (showableGroups) is hidden, and
 *    so is every cell of that team; cells of "no team" (X@'') are never shown (there is no such
 *    view), so they always count as hidden.
 * 2. Subtraction: every shown table is a partition of a figure that is shown too (the programme's
 *    teams, posts, networks and buckets add up to its totals; team G's posts, networks and buckets
 *    to G's totals; and post X's team cells add up to post X in the programme's table, likewise
 *    networks and buckets). For each such line, the people behind its hidden cells together must
 *    be none or at least `minGroupSize`, otherwise "total minus shown" gives a small group's
 *    figures. Where they are more than none but fewer, the line's smallest shown cell is hidden as
 *    well (it alone has enough people, so one is always enough). Lines are checked against the
 *    primary state each, so the result does not depend on an order; hiding more never breaks a line.
 * 3. A post, network or bucket held back in the programme's table is held back in every team's
 *    table as well (its team parts would add up to it again).
 * 4. The hidden cells of a table are shown merged as one "other (too few people each)" row; by 2.
 *    that row always has no people or at least `minGroupSize`.
 * Not covered: chains over several views (a team's totals minus its shown cells, then used against
 * the programme's merged row) can still narrow a held-back cell down; closing that needs a full
 * linear audit of all published figures (secondary suppression on the whole post × team grid).
 * Each single view is safe; written down in the report of issue 11.
 */

export interface ContributorFact {
  /** membership id; '' for people who left (all of them count as one person: never more than they are) */
  person: string;
  post: string;
  network: string;
  /** the share's team snapshot; '' = without a team */
  team: string;
  /** the timeline bucket's first day */
  bucket: string;
}

export type CellKey = string;

const DIMENSIONS = ["post", "network", "bucket"] as const;
type Dimension = (typeof DIMENSIONS)[number];

export const cellKey = {
  total: "total",
  team: (g: string) => `team:${g}`,
  of: (d: Dimension, x: string, team?: string) => (team === undefined ? `${d}:${x}` : `${d}:${x}@${team}`),
};

export interface CellDecision {
  /** is the cell shown (enough people, not needed to protect another)? */
  shown(key: CellKey): boolean;
  /** distinct people behind the cell (0 when nothing) */
  people(key: CellKey): number;
}

/**
 * The decision for all cells of one range. `visibleTeams`: the groups (team ids, '' = no team)
 * whose view the people-in-the-programme rule opens.
 */
export function decideCells(
  facts: readonly ContributorFact[],
  minGroupSize: number,
  visibleTeams: ReadonlySet<string>,
): CellDecision {
  const index = new Map<string, number>();
  const people = new Map<CellKey, Set<number>>();
  const add = (key: CellKey, person: number) => {
    let set = people.get(key);
    if (!set) people.set(key, (set = new Set()));
    set.add(person);
  };
  // lines: the programme's four, and per team and per value of a dimension the cells that add up
  const teams = new Set<string>();
  const values: Record<Dimension, Set<string>> = { post: new Set(), network: new Set(), bucket: new Set() };
  for (const f of facts) {
    let p = index.get(f.person);
    if (p === undefined) index.set(f.person, (p = index.size));
    add(cellKey.total, p);
    add(cellKey.team(f.team), p);
    teams.add(f.team);
    for (const d of DIMENSIONS) {
      add(cellKey.of(d, f[d]), p);
      add(cellKey.of(d, f[d], f.team), p);
      values[d].add(f[d]);
    }
  }
  const count = (key: CellKey) => people.get(key)?.size ?? 0;

  // teams first: a hidden team closes all of its cells
  const teamLine = [...teams].map(cellKey.team);
  const teamPrimary = new Set(
    teamLine.filter((k) => count(k) < minGroupSize || !visibleTeams.has(k.slice("team:".length))),
  );
  const hidden = new Set<CellKey>(teamPrimary);
  protect(teamLine, teamPrimary, hidden, people, minGroupSize);
  const teamHidden = (g: string) => hidden.has(cellKey.team(g));

  // then the programme's posts, networks and buckets
  for (const d of DIMENSIONS) {
    const line = [...values[d]].map((x) => cellKey.of(d, x));
    const primary = new Set(line.filter((k) => count(k) < minGroupSize));
    for (const k of primary) hidden.add(k);
    protect(line, primary, hidden, people, minGroupSize);
  }
  // then the team cells. A post (network, bucket) held back in the programme's table is held back
  // in every team's too: its team parts would give it back, and with it the figures it protects.
  const lines: CellKey[][] = [];
  const primary = new Set<CellKey>();
  for (const d of DIMENSIONS) {
    for (const g of teams)
      lines.push([...values[d]].map((x) => cellKey.of(d, x, g)).filter((k) => people.has(k)));
    for (const x of values[d]) {
      lines.push([...teams].map((g) => cellKey.of(d, x, g)).filter((k) => people.has(k)));
      for (const g of teams) {
        const k = cellKey.of(d, x, g);
        if (
          people.has(k) &&
          (g === "" || teamHidden(g) || hidden.has(cellKey.of(d, x)) || count(k) < minGroupSize)
        )
          primary.add(k);
      }
    }
  }
  for (const k of primary) hidden.add(k);
  for (const line of lines) protect(line, primary, hidden, people, minGroupSize);
  if (count(cellKey.total) < minGroupSize) hidden.add(cellKey.total);

  return { shown: (key) => count(key) >= minGroupSize && !hidden.has(key), people: count };
}

/** Rule 2 for one line: hidden people more than none but fewer than the minimum → hide the smallest shown cell. */
function protect(
  line: readonly CellKey[],
  primary: ReadonlySet<CellKey>,
  hidden: Set<CellKey>,
  people: ReadonlyMap<CellKey, Set<number>>,
  min: number,
): void {
  const union = new Set<number>();
  for (const k of line) if (primary.has(k)) for (const p of people.get(k) ?? []) union.add(p);
  if (union.size === 0 || union.size >= min) return;
  const shown = line.filter((k) => !primary.has(k));
  shown.sort((a, b) => (people.get(a)?.size ?? 0) - (people.get(b)?.size ?? 0) || a.localeCompare(b));
  if (shown[0] !== undefined) hidden.add(shown[0]);
}

/**
 * Participation is a count of people, so it is a cell too: the sharers of a group are shown when
 * at least the minimum, and the programme's sharers minus the shown teams' must not be a small
 * group either (same rule 2). `sharers`: person → current team ('' none) of the people in the
 * programme now who shared in the range. Returns the groups whose count may be shown ('*' = all).
 */
export function decideSharers(
  sharers: ReadonlyMap<string, string>,
  minGroupSize: number,
  visibleTeams: ReadonlySet<string>,
): Set<string> {
  const counts = new Map<string, number>();
  for (const team of sharers.values()) counts.set(team, (counts.get(team) ?? 0) + 1);
  return decideSharerCounts(counts, minGroupSize, visibleTeams);
}

/**
 * decideSharers from the number of sharers per group (team → people, '' = none; a person is in one
 * group, so the groups' people never overlap): what a stored analytics period keeps.
 */
export function decideSharerCounts(
  counts: ReadonlyMap<string, number>,
  minGroupSize: number,
  visibleTeams: ReadonlySet<string>,
): Set<string> {
  const byTeam = new Map<string, Set<number>>();
  let i = 0;
  let all = 0;
  for (const [team, n] of counts) {
    if (n <= 0) continue;
    const people = new Set<number>();
    for (let k = 0; k < n; k++) people.add(i++);
    byTeam.set(cellKey.team(team), people);
    all += n;
  }
  const line = [...byTeam.keys()];
  const primary = new Set(
    line.filter((k) => k === "team:" || !visibleTeams.has(k.slice(5)) || byTeam.get(k)!.size < minGroupSize),
  );
  const hidden = new Set(primary);
  protect(line, primary, hidden, byTeam, minGroupSize);
  const shown = new Set(line.filter((k) => !hidden.has(k)).map((k) => k.slice(5)));
  if (all >= minGroupSize) shown.add("*");
  return shown;
}
