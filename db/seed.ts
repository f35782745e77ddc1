import type { DB, Tx } from "./client.ts";
import type { Role } from "./schema.ts";
import { withTenant } from "./tenant.ts";

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
  { email: "admin@demo.chorus.test", name: "Anna Admin", roles: ["admin", "employee"], team: "Geschäftsführung" },
  { email: "kommunikation@demo.chorus.test", name: "Karla Kommunikation", roles: ["comms_lead", "employee"], team: "Marketing", manager: "admin@demo.chorus.test" },
  { email: "redaktion@demo.chorus.test", name: "Rico Redaktion", roles: ["comms_lead", "employee"], team: "Marketing", manager: "kommunikation@demo.chorus.test" },
  { email: "manager@demo.chorus.test", name: "Max Manager", roles: ["manager", "employee"], team: "Vertrieb", manager: "admin@demo.chorus.test" },
  { email: "mitarbeiterin@demo.chorus.test", name: "Mia Mitarbeiterin", roles: ["employee"], team: "Vertrieb", manager: "manager@demo.chorus.test" },
  { email: "mitarbeiter@demo.chorus.test", name: "Mehmet Mitarbeiter", roles: ["employee"], team: "Vertrieb", manager: "manager@demo.chorus.test" },
];

/** Seeds the demo tenant once; a second run changes nothing. Returns false when it already existed. */
export async function seedDemo(db: DB): Promise<boolean> {
  const existing = await db.selectFrom("tenants").select("id").where("slug", "=", DEMO_TENANT.slug).executeTakeFirst();
  if (existing) return false;
  const tenantId = crypto.randomUUID();
  await withTenant(db, tenantId, async (tx) => {
    await tx.insertInto("tenants").values({ id: tenantId, slug: DEMO_TENANT.slug, name: DEMO_TENANT.name, default_locale: "de", time_zone: "Europe/Berlin" }).execute();
    const teamIds = new Map<string, string>();
    for (const name of new Set(DEMO_PEOPLE.map((p) => p.team))) {
      const team = await tx.insertInto("teams").values({ tenant_id: tenantId, name }).returning("id").executeTakeFirstOrThrow();
      teamIds.set(name, team.id);
    }
    const memberIds = new Map<string, string>();
    for (const person of DEMO_PEOPLE) {
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
    await seedDemoContent(tx, tenantId, memberIds);
  });
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
async function seedDemoContent(tx: Tx, tenantId: string, memberIds: Map<string, string>): Promise<void> {
  const topicIds = new Map<string, string>();
  for (const [name, second] of [["Karriere", false], ["Produkt", false], ["Recht", true]] as const) {
    const topic = await tx.insertInto("topics").values({ tenant_id: tenantId, name, requires_second_approval: second }).returning("id").executeTakeFirstOrThrow();
    topicIds.set(name, topic.id);
  }
  const author = memberIds.get("kommunikation@demo.chorus.test") ?? null;
  await tx
    .insertInto("guidelines")
    .values({ tenant_id: tenantId, version: 1, body_de: DEMO_GUIDELINES_DE, body_en: DEMO_GUIDELINES_EN, published_by: memberIds.get("admin@demo.chorus.test") ?? null })
    .execute();
  await tx.updateTable("tenants").set({ share_disclosure: "#mitarbeiter" }).where("id", "=", tenantId).execute();
  const posts = [
    {
      slug: "ausbildung-2027",
      title: "Ausbildung 2027: Bewerbungsphase gestartet",
      body: "Kennst du jemanden, der eine Ausbildung sucht? Teile den Link gern in deinem Netzwerk.",
      url: "https://example.com/karriere/ausbildung-2027",
      topic: "Karriere",
      captions: [
        { network: "linkedin", language: "de", address_form: "du", text: "Wir suchen Azubis für 2027! Kennst du jemanden, der bei uns starten will? https://example.com/karriere/ausbildung-2027" },
        { network: "linkedin", language: "en", address_form: null, text: "We are hiring apprentices for 2027 — know someone who would like to start with us?" },
        { network: "x", language: "de", address_form: "du", text: "Ausbildung 2027: Jetzt bewerben! #Ausbildung #Karriere" },
      ],
    },
    {
      slug: "neues-produkt-herbst",
      title: "Unser neues Produkt ist da",
      body: "Ein kurzer Beitrag für alle, die von unserem Herbst-Release erzählen möchten.",
      url: "https://example.com/produkte/herbst",
      topic: "Produkt",
      captions: [
        { network: "linkedin", language: "de", address_form: "sie", text: "Darauf haben wir lange hingearbeitet: Unser Herbst-Release ist da. Schauen Sie doch mal rein!" },
        { network: "bluesky", language: "de", address_form: "du", text: "Unser Herbst-Release ist da – schau mal rein! 🍂" },
      ],
    },
  ] as const;
  for (const p of posts) {
    const post = await tx
      .insertInto("posts")
      .values({ tenant_id: tenantId, slug: p.slug, kind: "link", title: p.title, body: p.body, url: p.url, status: "published", published_at: new Date(), author_id: author, updated_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx.insertInto("post_topics").values({ tenant_id: tenantId, post_id: post.id, topic_id: topicIds.get(p.topic)! }).execute();
    await tx
      .insertInto("captions")
      .values(p.captions.map((c, position) => ({ tenant_id: tenantId, post_id: post.id, network: c.network, language: c.language, address_form: c.address_form, text: c.text, position })))
      .execute();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { database, closeDatabase } = await import("./client.ts");
  const { migrateToLatest } = await import("./migrator.ts");
  const handle = await database();
  if (handle.kind === "postgres") await migrateToLatest(handle.owner);
  const created = await seedDemo(handle.db);
  console.log(created ? `seeded tenant "${DEMO_TENANT.name}" (/t/${DEMO_TENANT.slug})` : `tenant "${DEMO_TENANT.name}" already exists; nothing changed`);
  await closeDatabase();
}
