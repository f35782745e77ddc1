import { describe, expect, it } from "vitest";
import { renderEmail } from "~/emails/render.ts";
import { SendEmailPayload } from "~/jobs/contracts/send-email.ts";

// An "&" proves the link survives HTML escaping and still works when clicked.
const inbox = "https://chorus.example.com/t/acme/escalations?from=email&x=1";
const inboxInHtml = inbox.replaceAll("&", "&amp;");
const discussion = "https://www.linkedin.com/feed/update/urn:li:activity:123?comment=9&ref=a";
const formal = /\b(Sie|Ihr|Ihre|Ihnen)\b/;
/** The words of the email without its links, which may contain words of either language. */
const prose = (text: string) => text.replace(/https?:\/\/\S+/g, "");
/** Every href in the HTML. */
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

describe("escalation-reported email", () => {
  const props = {
    url: inbox,
    discussionUrl: discussion,
    note: "Ein Kunde beschwert sich\nsehr laut.",
    reporterName: "Anna Schmidt",
    tenantName: "Acme GmbH",
  };

  it("is German, in the du form, names reporter and company, quotes the note and links to the inbox", async () => {
    const mail = await renderEmail("escalation-reported", "de", props);
    expect(mail.subject).toBe("Gemeldete Diskussion: Anna Schmidt bittet um Hilfe");
    expect(mail.html).toContain('lang="de"');
    expect(mail.html).toContain(`href="${inboxInHtml}"`);
    expect(mail.text).toContain(
      "Anna Schmidt hat bei Acme GmbH eine Diskussion über das Unternehmen gemeldet",
    );
    expect(mail.text).toContain("Ein Kunde beschwert sich");
    expect(mail.text).toContain("Gemeldete Diskussionen öffnen");
    expect(mail.text).toContain("Bitte übernimm und markiere");
    expect(mail.text).not.toMatch(formal);
    expect(prose(mail.text)).not.toMatch(/\b(discussion|handled|reporter)\b/i);
  });

  it("is English", async () => {
    const mail = await renderEmail("escalation-reported", "en", props);
    expect(mail.subject).toBe("Escalation: Anna Schmidt flagged a discussion");
    expect(mail.html).toContain('lang="en"');
    expect(mail.html).toContain(`href="${inboxInHtml}"`);
    expect(mail.text).toContain("Anna Schmidt flagged a discussion about the company at Acme GmbH");
    expect(mail.text).toContain("Open escalations");
    expect(prose(mail.text)).not.toMatch(/\b(Diskussion|Eskalation|gemeldet|dich|du)\b/i);
  });

  it("shows the discussion URL as text, never as a link, and escapes the note", async () => {
    for (const locale of ["de", "en"] as const) {
      const mail = await renderEmail("escalation-reported", locale, {
        ...props,
        note: '<img src=x onerror="alert(1)">',
      });
      expect(hrefs(mail.html)).toEqual([inboxInHtml]);
      expect(mail.html).toContain(discussion.replaceAll("&", "&amp;"));
      expect(mail.html).not.toContain("<img src=x");
      expect(mail.html).toContain("&lt;img");
    }
  });

  it("refuses a non-http(s) link in the job payload", () => {
    const envelope = {
      to: "lead@example.com",
      locale: "de",
      template: "escalation-reported",
      idempotencyKey: "k",
    } as const;
    expect(SendEmailPayload.safeParse({ ...envelope, props }).success).toBe(true);
    expect(
      SendEmailPayload.safeParse({ ...envelope, props: { ...props, discussionUrl: "javascript:alert(1)" } })
        .success,
    ).toBe(false);
    expect(
      SendEmailPayload.safeParse({ ...envelope, props: { ...props, url: "javascript:alert(1)" } }).success,
    ).toBe(false);
  });
});

describe("suggestion-received email", () => {
  const url = "https://chorus.example.com/t/acme/suggestions?from=email&x=1";
  const urlInHtml = url.replaceAll("&", "&amp;");
  const suggestionUrl = "https://example.com/news/award?utm=a&b=c";
  const props = {
    url,
    suggestionUrl,
    reason: "Wir haben den Preis gewonnen.",
    suggesterName: "Sam Berg",
    tenantName: "Acme GmbH",
  };

  it("is German, in the du form, names suggester and company, quotes the reason and links to the inbox", async () => {
    const mail = await renderEmail("suggestion-received", "de", props);
    expect(mail.subject).toBe("Neuer Vorschlag von Sam Berg");
    expect(mail.html).toContain('lang="de"');
    expect(mail.html).toContain(`href="${urlInHtml}"`);
    expect(mail.text).toContain("Sam Berg hat bei Acme GmbH diesen Link zum Teilen vorgeschlagen");
    expect(mail.text).toContain("Wir haben den Preis gewonnen.");
    expect(mail.text).toContain("Vorschläge ansehen");
    expect(mail.text).toMatch(/\bDu kannst\b/);
    expect(mail.text).not.toMatch(formal);
    expect(prose(mail.text)).not.toMatch(/\b(suggestion|suggested|decline)\b/i);
  });

  it("is English", async () => {
    const mail = await renderEmail("suggestion-received", "en", props);
    expect(mail.subject).toBe("New suggestion from Sam Berg");
    expect(mail.html).toContain('lang="en"');
    expect(mail.text).toContain("Sam Berg suggested this link for sharing at Acme GmbH");
    expect(mail.text).toContain("View suggestions");
    expect(prose(mail.text)).not.toMatch(/\b(Vorschlag|Beitrag|ablehnen|dich|du)\b/i);
  });

  it("shows the suggested URL as text, never as a link, and escapes the reason", async () => {
    for (const locale of ["de", "en"] as const) {
      const mail = await renderEmail("suggestion-received", locale, {
        ...props,
        reason: "<script>alert(1)</script>",
      });
      expect(hrefs(mail.html)).toEqual([urlInHtml]);
      expect(mail.html).toContain(suggestionUrl.replaceAll("&", "&amp;"));
      expect(mail.html).not.toContain("<script>alert");
    }
  });
});
