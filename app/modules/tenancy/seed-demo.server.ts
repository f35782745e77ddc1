import { CONSENT_VERSION } from "~/app/modules/advocacy/consent-text.ts";
import { rollupDirty } from "~/app/modules/reach/rollup.server.ts";
import { markDirtyDays } from "~/app/modules/reach/settings.server.ts";
import { destinationWithUtm, generateLinkCode } from "~/app/modules/sharing/link-code.ts";
import type { DB, Tx } from "~/db/client.ts";
import type { Network, Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";

export const DEMO_TENANT = { slug: "demo", name: "Demo GmbH" } as const;

interface DemoPerson {
  email: string;
  name: string;
  roles: Role[];
  team: string;
  manager?: string;
}

/** One person per role (two comms leads, so four-eyes approval can be tried), teams and reporting lines. */
export const DEMO_PEOPLE: DemoPerson[] = [
  {
    email: "admin@demo.chorus.test",
    name: "Anna Admin",
    roles: ["admin", "employee"],
    team: "Geschäftsführung",
  },
  {
    email: "kommunikation@demo.chorus.test",
    name: "Karla Kommunikation",
    roles: ["comms_lead", "employee"],
    team: "Marketing",
    manager: "admin@demo.chorus.test",
  },
  {
    email: "redaktion@demo.chorus.test",
    name: "Rico Redaktion",
    roles: ["comms_lead", "employee"],
    team: "Marketing",
    manager: "kommunikation@demo.chorus.test",
  },
  {
    email: "manager@demo.chorus.test",
    name: "Max Manager",
    roles: ["manager", "employee"],
    team: "Vertrieb",
    manager: "admin@demo.chorus.test",
  },
  {
    email: "mitarbeiterin@demo.chorus.test",
    name: "Mia Mitarbeiterin",
    roles: ["employee"],
    team: "Vertrieb",
    manager: "manager@demo.chorus.test",
  },
  {
    email: "mitarbeiter@demo.chorus.test",
    name: "Mehmet Mitarbeiter",
    roles: ["employee"],
    team: "Vertrieb",
    manager: "manager@demo.chorus.test",
  },
];

/** Seeds the demo tenant once; a second run changes nothing. Returns false when it already existed. */
export async function seedDemo(db: DB): Promise<boolean> {
  const existing = await db
    .selectFrom("tenants")
    .select("id")
    .where("slug", "=", DEMO_TENANT.slug)
    .executeTakeFirst();
  if (existing) return false;
  const tenantId = crypto.randomUUID();
  await withTenant(db, tenantId, async (tx) => {
    await tx
      .insertInto("tenants")
      .values({
        id: tenantId,
        slug: DEMO_TENANT.slug,
        name: DEMO_TENANT.name,
        default_locale: "de",
        time_zone: "Europe/Berlin",
      })
      .execute();
    const teamIds = new Map<string, string>();
    for (const name of new Set(DEMO_PEOPLE.map((p) => p.team))) {
      const team = await tx
        .insertInto("teams")
        .values({ tenant_id: tenantId, name })
        .returning("id")
        .executeTakeFirstOrThrow();
      teamIds.set(name, team.id);
    }
    const memberIds = new Map<string, string>();
    for (const person of DEMO_PEOPLE) await seedPerson(tx, tenantId, person, teamIds, memberIds);
    await seedDemoContent(tx, tenantId, memberIds);
    await seedDemoReach(tx, tenantId, memberIds, teamIds);
  });
  // The analytics pages read the rollup's rows, not the clicks: roll the seeded days up now. They are
  // marked dirty in the seed's transaction, so the scheduled rollup finishes the job if this is cut short.
  await rollupDirty(db, { tenantId });
  return true;
}

const DEMO_GUIDELINES_DE = `# Unsere Social-Media-Leitlinien

Teilen ist freiwillig. Wenn du teilst, sprichst du als du selbst – mit deinem Namen und deiner Stimme.

## Das teilst du gern
- freigegebene Beiträge aus Chorus, gern mit eigenen Worten
- was dich an deiner Arbeit begeistert

## Das teilst du nie
- Vertrauliches: Zahlen, Pläne, Kundendaten
- Streit mit Kritiker:innen – gib heikle Diskussionen an das Kommunikationsteam weiter

Kennzeichne Beiträge über deinen Arbeitgeber mit **#mitarbeiter**.`;

const DEMO_GUIDELINES_EN = `# Our social media guidelines

Sharing is voluntary. When you share, you speak as yourself – with your name and your voice.

## Do share
- approved posts from Chorus, ideally in your own words
- what excites you about your work

## Never share
- anything confidential: figures, plans, customer data
- arguments with critics – hand heated discussions to the comms team

Mark posts about your employer with **#mitarbeiter**.`;

/** Topics, guidelines, a disclosure and two published posts, so every page has something on first start. */
/** A demo person: their user (kept if the address exists) and membership; the id goes into memberIds. */
async function seedPerson(
  tx: Tx,
  tenantId: string,
  person: DemoPerson,
  teamIds: Map<string, string>,
  memberIds: Map<string, string>,
): Promise<void> {
  const user = await tx
    .insertInto("users")
    .values({ email: person.email, name: person.name })
    .onConflict((oc) => oc.column("email").doUpdateSet({ name: person.name }))
    .returning("id")
    .executeTakeFirstOrThrow();
  const member = await tx
    .insertInto("memberships")
    .values({
      tenant_id: tenantId,
      user_id: user.id,
      roles: person.roles,
      team_id: teamIds.get(person.team) ?? null,
      manager_id: person.manager ? (memberIds.get(person.manager) ?? null) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  memberIds.set(person.email, member.id);
}

async function seedDemoContent(tx: Tx, tenantId: string, memberIds: Map<string, string>): Promise<void> {
  const topicIds = new Map<string, string>();
  for (const [name, second] of [
    ["Karriere", false],
    ["Produkt", false],
    ["Recht", true],
  ] as const) {
    const topic = await tx
      .insertInto("topics")
      .values({ tenant_id: tenantId, name, requires_second_approval: second })
      .returning("id")
      .executeTakeFirstOrThrow();
    topicIds.set(name, topic.id);
  }
  const author = memberIds.get("kommunikation@demo.chorus.test") ?? null;
  await tx
    .insertInto("guidelines")
    .values({
      tenant_id: tenantId,
      version: 1,
      body_de: DEMO_GUIDELINES_DE,
      body_en: DEMO_GUIDELINES_EN,
      published_by: memberIds.get("admin@demo.chorus.test") ?? null,
    })
    .execute();
  await tx
    .updateTable("tenants")
    .set({ share_disclosure: "#mitarbeiter" })
    .where("id", "=", tenantId)
    .execute();
  const posts = [
    {
      slug: "ausbildung-2027",
      title: "Ausbildung 2027: Bewerbungsphase gestartet",
      body: "Kennst du jemanden, der eine Ausbildung sucht? Teile den Link gern in deinem Netzwerk.",
      url: "https://example.com/karriere/ausbildung-2027",
      topic: "Karriere",
      daysAgo: 10,
      captions: [
        {
          network: "linkedin",
          language: "de",
          address_form: "du",
          text: "Wir suchen Azubis für 2027! Kennst du jemanden, der bei uns starten will? https://example.com/karriere/ausbildung-2027",
        },
        {
          network: "linkedin",
          language: "en",
          address_form: null,
          text: "We are hiring apprentices for 2027 — know someone who would like to start with us?",
        },
        {
          network: "x",
          language: "de",
          address_form: "du",
          text: "Ausbildung 2027: Jetzt bewerben! #Ausbildung #Karriere",
        },
      ],
    },
    {
      slug: "neues-produkt-herbst",
      title: "Unser neues Produkt ist da",
      body: "Ein kurzer Beitrag für alle, die von unserem Herbst-Release erzählen möchten.",
      url: "https://example.com/produkte/herbst",
      topic: "Produkt",
      daysAgo: 5,
      captions: [
        {
          network: "linkedin",
          language: "de",
          address_form: "sie",
          text: "Darauf haben wir lange hingearbeitet: Unser Herbst-Release ist da. Schauen Sie doch mal rein!",
        },
        {
          network: "bluesky",
          language: "de",
          address_form: "du",
          text: "Unser Herbst-Release ist da – schau mal rein! 🍂",
        },
      ],
    },
  ] as const;
  for (const p of posts) {
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: tenantId,
        slug: p.slug,
        kind: "link",
        title: p.title,
        body: p.body,
        url: p.url,
        status: "published",
        published_at: new Date(Date.now() - p.daysAgo * DAY_MS),
        author_id: author,
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("post_topics")
      .values({ tenant_id: tenantId, post_id: post.id, topic_id: topicIds.get(p.topic)! })
      .execute();
    await tx
      .insertInto("captions")
      .values(
        p.captions.map((c, position) => ({
          tenant_id: tenantId,
          post_id: post.id,
          network: c.network,
          language: c.language,
          address_form: c.address_form,
          text: c.text,
          position,
        })),
      )
      .execute();
  }
}

const DAY_MS = 86_400_000;

/**
 * More people, so team figures can be shown: a cell needs 5 people behind it (issue 11). Sales (7 in
 * the programme, 6 of them sharing) is shown; Marketing (4 sharing) and the management team (1)
 * show "too few people to show" — together they are 5 people, so the sales figures cannot give
 * theirs away by subtraction from the programme's. Not listed on start: they exist for the figures.
 */
const DEMO_ADVOCATES: DemoPerson[] = [
  {
    email: "sven.schulz@demo.chorus.test",
    name: "Sven Schulz",
    roles: ["employee"],
    team: "Vertrieb",
    manager: "manager@demo.chorus.test",
  },
  {
    email: "lea.lange@demo.chorus.test",
    name: "Lea Lange",
    roles: ["employee"],
    team: "Vertrieb",
    manager: "manager@demo.chorus.test",
  },
  {
    email: "jonas.jung@demo.chorus.test",
    name: "Jonas Jung",
    roles: ["employee"],
    team: "Vertrieb",
    manager: "manager@demo.chorus.test",
  },
  {
    email: "paula.peters@demo.chorus.test",
    name: "Paula Peters",
    roles: ["employee"],
    team: "Vertrieb",
    manager: "manager@demo.chorus.test",
  },
  {
    email: "olga.otto@demo.chorus.test",
    name: "Olga Otto",
    roles: ["employee"],
    team: "Vertrieb",
    manager: "manager@demo.chorus.test",
  },
  {
    email: "tim.thomas@demo.chorus.test",
    name: "Tim Thomas",
    roles: ["employee"],
    team: "Marketing",
    manager: "kommunikation@demo.chorus.test",
  },
  {
    email: "nora.neumann@demo.chorus.test",
    name: "Nora Neumann",
    roles: ["employee"],
    team: "Marketing",
    manager: "kommunikation@demo.chorus.test",
  },
];

/** In the programme but not (yet) sharing: participation is not 100 %. */
const DEMO_QUIET = ["olga.otto@demo.chorus.test"];

/** In the programme with shares; Mehmet is left out on purpose (he joins in the e2e test). */
const DEMO_SHARERS = [
  "admin@demo.chorus.test",
  "kommunikation@demo.chorus.test",
  "redaktion@demo.chorus.test",
  "manager@demo.chorus.test",
  "mitarbeiterin@demo.chorus.test",
  ...DEMO_ADVOCATES.map((p) => p.email).filter((email) => !DEMO_QUIET.includes(email)),
];

/** Older posts (archived: not in the hub) that carry most of the history. */
const DEMO_PAST_POSTS = [
  {
    slug: "top-arbeitgeber-2026",
    title: "Wir sind Top-Arbeitgeber 2026",
    url: "https://example.com/news/top-arbeitgeber-2026",
    daysAgo: 58,
  },
  {
    slug: "tag-der-offenen-tuer",
    title: "Tag der offenen Tür: Komm vorbei!",
    url: "https://example.com/news/tag-der-offenen-tuer",
    daysAgo: 41,
  },
  {
    slug: "standort-leipzig",
    title: "Neuer Standort in Leipzig",
    url: "https://example.com/news/standort-leipzig",
    daysAgo: 24,
  },
] as const;

/** A small deterministic random source (mulberry32): the demo looks the same on every machine. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * About 60 days of advocacy history: people in the programme, their follower counts, shares of
 * five posts and clicks on the tracked links that fade over the days after each share, from
 * distinct visitors (a few come back, a few are bots). The rollup turns them into figures.
 */
async function seedDemoReach(
  tx: Tx,
  tenantId: string,
  memberIds: Map<string, string>,
  teamIds: Map<string, string>,
): Promise<void> {
  const rand = random(20261125);
  const userIds = new Map<string, string>();
  for (const person of DEMO_ADVOCATES) await seedPerson(tx, tenantId, person, teamIds, memberIds);
  const people = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.id", "memberships.team_id", "users.id as user_id", "users.email"])
    .where("memberships.tenant_id", "=", tenantId)
    .execute();
  for (const p of people) userIds.set(p.email, p.user_id);
  const teamOf = new Map(people.map((p) => [p.id, p.team_id]));

  const now = Date.now();
  const sharers = DEMO_SHARERS.map((email) => ({
    email,
    id: memberIds.get(email)!,
    userId: userIds.get(email)!,
  }));
  for (const [i, s] of [
    ...sharers,
    ...DEMO_QUIET.map((email) => ({ email, id: memberIds.get(email)! })),
  ].entries()) {
    await tx
      .insertInto("advocacy_consents")
      .values({
        tenant_id: tenantId,
        membership_id: s.id,
        consent_version: CONSENT_VERSION,
        granted_at: new Date(now - (62 - i) * DAY_MS),
      })
      .execute();
    await tx
      .insertInto("guideline_acknowledgements")
      .values({ tenant_id: tenantId, membership_id: s.id, version: 1 })
      .execute();
  }

  // follower counts: everyone on LinkedIn, some on X or Xing too
  const followers = new Map<string, Partial<Record<Network, number>>>();
  for (const s of sharers) {
    const counts: Partial<Record<Network, number>> = { linkedin: Math.round(300 + rand() * 4700) };
    if (rand() < 0.4) counts.x = Math.round(80 + rand() * 1500);
    if (rand() < 0.3) counts.xing = Math.round(50 + rand() * 600);
    followers.set(s.id, counts);
    for (const [network, count] of Object.entries(counts) as [Network, number][]) {
      const handle = `${s.email.split("@")[0]!.replace(/[^a-z0-9]/g, "")}`;
      await tx
        .insertInto("social_profiles")
        .values({
          tenant_id: tenantId,
          membership_id: s.id,
          network,
          handle,
          follower_count: count,
          followers_recorded_at: new Date(now - 70 * DAY_MS),
          updated_at: new Date(),
        })
        .execute();
    }
  }

  // the past posts, archived, plus the two published ones from seedDemoContent
  const author = memberIds.get("kommunikation@demo.chorus.test") ?? null;
  for (const p of DEMO_PAST_POSTS) {
    const publishedAt = new Date(now - p.daysAgo * DAY_MS);
    await tx
      .insertInto("posts")
      .values({
        tenant_id: tenantId,
        slug: p.slug,
        kind: "link",
        title: p.title,
        body: p.title,
        url: p.url,
        status: "archived",
        published_at: publishedAt,
        author_id: author,
        updated_at: publishedAt,
      })
      .execute();
  }
  const posts = await tx
    .selectFrom("posts")
    .select(["id", "slug", "title", "url", "published_at"])
    .where("tenant_id", "=", tenantId)
    .where("published_at", "is not", null)
    .orderBy("published_at")
    .execute();

  const clicks: {
    tenant_id: string;
    share_id: string;
    event_key: string;
    clicked_at: Date;
    visitor_hash: string;
    is_bot: boolean;
    referrer_host: string | null;
  }[] = [];
  const shareTimes: Date[] = [];
  const hex = () => Array.from({ length: 64 }, () => "0123456789abcdef"[Math.floor(rand() * 16)]).join("");
  for (const post of posts) {
    const published = post.published_at!.getTime();
    for (const s of sharers) {
      if (rand() > 0.65) continue;
      const networks = Object.keys(followers.get(s.id) ?? {}) as Network[];
      const picked = networks.filter((n, i) => i === 0 || rand() < 0.35);
      for (const network of picked) {
        const createdAt = new Date(Math.min(now - 60_000, published + rand() * 3 * DAY_MS));
        shareTimes.push(createdAt);
        const followerCount = followers.get(s.id)?.[network] ?? 0;
        const code = generateLinkCode();
        const share = await tx
          .insertInto("shares")
          .values({
            tenant_id: tenantId,
            post_id: post.id,
            membership_id: s.id,
            network,
            text: `${post.title} #mitarbeiter`,
            channel: "intent",
            code,
            followers_at_share: followerCount,
            team_id: teamOf.get(s.id) ?? null,
            created_at: createdAt,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await tx
          .insertInto("link_codes")
          .values({
            code,
            tenant_id: tenantId,
            share_id: share.id,
            sharer_user_id: s.userId,
            destination: destinationWithUtm(post.url ?? "https://example.com/", {
              network,
              campaign: post.slug,
            }),
          })
          .execute();
        // about 0.3–0.8 % of followers click on the first day, half as many each day after
        let perDay = followerCount * (0.003 + rand() * 0.005);
        for (let day = 0; day < 7 && perDay >= 0.5; day++, perDay /= 2) {
          const visitors: string[] = [];
          for (let n = 0; n < Math.round(perDay); n++) {
            const at = createdAt.getTime() + day * DAY_MS + rand() * DAY_MS;
            if (at > now - 60_000) break;
            const returning = visitors.length > 0 && rand() < 0.1;
            const visitor = returning ? visitors[Math.floor(rand() * visitors.length)]! : hex();
            visitors.push(visitor);
            clicks.push({
              tenant_id: tenantId,
              share_id: share.id,
              event_key: `seed-${hex().slice(0, 24)}`,
              clicked_at: new Date(at),
              visitor_hash: visitor,
              is_bot: rand() < 0.04,
              referrer_host: network === "x" ? "t.co" : `www.${network}.com`,
            });
          }
        }
      }
    }
  }
  for (let i = 0; i < clicks.length; i += 500)
    await tx
      .insertInto("click_events")
      .values(clicks.slice(i, i + 500))
      .execute();
  await markDirtyDays(tx, tenantId, [...shareTimes, ...clicks.map((c) => c.clicked_at)]);
}
