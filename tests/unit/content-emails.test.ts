import { describe, expect, it } from "vitest";
import { renderEmail } from "~/emails/render.ts";
import { SendEmailPayload } from "~/jobs/contracts/send-email.ts";

// An "&" proves the link survives HTML escaping and still works when clicked.
const url = "https://chorus.example.com/t/acme/content/posts/p1?tab=review&from=email";
const inHtml = url.replaceAll("&", "&amp;");
const formal = /\b(Sie|Ihr|Ihre|Ihnen)\b/;
/** The words of the email without its links, which may contain words of either language. */
const prose = (text: string) => text.replace(/https?:\/\/\S+/g, "");

describe("review-requested email", () => {
  const props = {
    url,
    postTitle: "Neuer Standort in Leipzig",
    authorName: "Anna Schmidt",
    tenantName: "Acme GmbH",
  };

  it("is German, in the du form, names post, author and company, and links to the review", async () => {
    const mail = await renderEmail("review-requested", "de", props);
    expect(mail.subject).toBe("Neuer Beitrag zur Prüfung: Neuer Standort in Leipzig");
    expect(mail.html).toContain('lang="de"');
    expect(mail.html).toContain(`href="${inHtml}"`);
    expect(mail.text).toContain(url);
    expect(mail.text).toContain("Anna Schmidt hat bei Acme GmbH einen Beitrag zur Prüfung eingereicht");
    expect(mail.text).toContain("Beitrag prüfen");
    expect(mail.text).toMatch(/\bdeiner\b/);
    expect(prose(mail.text)).not.toMatch(/\b(review|approve|submitted|button)\b/i);
    expect(mail.text).not.toMatch(formal);
  });

  it("is English", async () => {
    const mail = await renderEmail("review-requested", "en", props);
    expect(mail.subject).toBe("New post to review: Neuer Standort in Leipzig");
    expect(mail.html).toContain('lang="en"');
    expect(mail.html).toContain(`href="${inHtml}"`);
    expect(mail.text).toContain("Anna Schmidt submitted a post for review at Acme GmbH");
    expect(mail.text).toContain("Review post");
    expect(prose(mail.text)).not.toMatch(/\b(Beitrag|Prüfung|Freigabe|dich|deiner)\b/i);
  });

  it("escapes the post title instead of injecting markup", async () => {
    const mail = await renderEmail("review-requested", "en", {
      ...props,
      postTitle: '<img src=x onerror="alert(1)">',
    });
    expect(mail.html).not.toContain("<img src=x");
    expect(mail.html).toContain("&lt;img");
  });
});

describe("post-decision email", () => {
  const base = { url, postTitle: "Neuer Standort in Leipzig", deciderName: "Jonas Weber" };

  it("tells the author in German that the post was approved, without a reason block", async () => {
    const mail = await renderEmail("post-decision", "de", { ...base, decision: "approved" });
    expect(mail.subject).toBe("Dein Beitrag wurde freigegeben: Neuer Standort in Leipzig");
    expect(mail.html).toContain(`href="${inHtml}"`);
    expect(mail.text).toContain("Jonas Weber hat deinen Beitrag freigegeben.");
    expect(mail.text).not.toContain("Begründung");
    expect(mail.text).not.toMatch(formal);
  });

  it("tells the author in German that the post was rejected, and why", async () => {
    const mail = await renderEmail("post-decision", "de", {
      ...base,
      decision: "rejected",
      reason: "Bitte die Pressemitteilung verlinken.",
    });
    expect(mail.subject).toBe("Dein Beitrag wurde abgelehnt: Neuer Standort in Leipzig");
    expect(mail.text).toContain("Jonas Weber hat deinen Beitrag abgelehnt.");
    expect(mail.text).toContain("Begründung:");
    expect(mail.text).toContain("Bitte die Pressemitteilung verlinken.");
    expect(prose(mail.text)).not.toMatch(/\b(rejected|reason|approved)\b/i);
    expect(mail.text).not.toMatch(formal);
  });

  it("is English for both decisions, with the reason", async () => {
    const approved = await renderEmail("post-decision", "en", { ...base, decision: "approved" });
    expect(approved.subject).toBe("Your post was approved: Neuer Standort in Leipzig");
    expect(approved.text).toContain("Jonas Weber approved your post.");
    expect(approved.text).not.toContain("Reason:");

    const rejected = await renderEmail("post-decision", "en", {
      ...base,
      decision: "rejected",
      reason: "Link the press release, please.",
    });
    expect(rejected.subject).toBe("Your post was rejected: Neuer Standort in Leipzig");
    expect(rejected.html).toContain('lang="en"');
    expect(rejected.html).toContain(`href="${inHtml}"`);
    expect(rejected.text).toContain("Jonas Weber rejected your post.");
    expect(rejected.text).toContain("Reason:");
    expect(rejected.text).toContain("Link the press release, please.");
    expect(prose(rejected.text)).not.toMatch(/\b(Beitrag|abgelehnt|Begründung|dein)\b/i);
  });

  it("treats a blank reason as none", async () => {
    const mail = await renderEmail("post-decision", "en", { ...base, decision: "rejected", reason: "   " });
    expect(mail.text).not.toContain("Reason:");
  });

  it("escapes the reason", async () => {
    const mail = await renderEmail("post-decision", "en", {
      ...base,
      decision: "rejected",
      reason: "<script>alert(1)</script>",
    });
    expect(mail.html).not.toContain("<script>alert(1)</script>");
    expect(mail.html).toContain("&lt;script&gt;");
  });
});

describe("suggestion-decision email", () => {
  const suggestionUrl = "https://example.com/news/branchenpreis";

  it("tells the suggester in German that the suggestion was accepted", async () => {
    const mail = await renderEmail("suggestion-decision", "de", { url, suggestionUrl, decision: "accepted" });
    expect(mail.subject).toBe("Dein Vorschlag wird zu einem Beitrag");
    expect(mail.html).toContain('lang="de"');
    expect(mail.html).toContain(`href="${inHtml}"`);
    expect(mail.text).toContain(suggestionUrl);
    expect(mail.text).toContain("als Quelle genannt");
    expect(mail.text).not.toContain("Begründung");
    expect(mail.text).not.toMatch(formal);
  });

  it("tells the suggester in German that it was declined, and why", async () => {
    const mail = await renderEmail("suggestion-decision", "de", {
      url,
      suggestionUrl,
      decision: "declined",
      reason: "Haben wir letzte Woche schon geteilt.",
    });
    expect(mail.subject).toBe("Dein Vorschlag wurde abgelehnt");
    expect(mail.text).toContain(suggestionUrl);
    expect(mail.text).toContain("Begründung:");
    expect(mail.text).toContain("Haben wir letzte Woche schon geteilt.");
    expect(prose(mail.text)).not.toMatch(/\b(declined|suggestion|reason)\b/i);
    expect(mail.text).not.toMatch(formal);
  });

  it("is English for both decisions, with the reason", async () => {
    const accepted = await renderEmail("suggestion-decision", "en", {
      url,
      suggestionUrl,
      decision: "accepted",
    });
    expect(accepted.subject).toBe("Your suggestion is becoming a post");
    expect(accepted.text).toContain("credited as its source");
    expect(accepted.text).toContain(suggestionUrl);

    const declined = await renderEmail("suggestion-decision", "en", {
      url,
      suggestionUrl,
      decision: "declined",
      reason: "We shared this last week.",
    });
    expect(declined.subject).toBe("Your suggestion was declined");
    expect(declined.html).toContain('lang="en"');
    expect(declined.html).toContain(`href="${inHtml}"`);
    expect(declined.text).toContain("Reason:");
    expect(declined.text).toContain("We shared this last week.");
    expect(prose(declined.text)).not.toMatch(/\b(Vorschlag|abgelehnt|Begründung|dein)\b/i);
  });

  it("never puts the suggested link into an href (it is shown as text only)", async () => {
    const mail = await renderEmail("suggestion-decision", "en", { url, suggestionUrl, decision: "accepted" });
    expect(mail.html).not.toContain(`href="${suggestionUrl}"`);
  });
});

describe("send-email payloads for the content templates", () => {
  const envelope = { to: "ada@example.com", locale: "de", idempotencyKey: "k" } as const;

  it("accept the props callers send", () => {
    expect(
      SendEmailPayload.safeParse({
        ...envelope,
        template: "review-requested",
        props: { url, postTitle: "T", authorName: "A", tenantName: "Acme" },
      }).success,
    ).toBe(true);
    expect(
      SendEmailPayload.safeParse({
        ...envelope,
        template: "post-decision",
        props: { url, postTitle: "T", decision: "rejected", reason: "r", deciderName: "J" },
      }).success,
    ).toBe(true);
    expect(
      SendEmailPayload.safeParse({
        ...envelope,
        template: "suggestion-decision",
        props: { url, suggestionUrl: url, decision: "declined" },
      }).success,
    ).toBe(true);
  });

  it("refuse a javascript: link and an unknown decision", () => {
    expect(
      SendEmailPayload.safeParse({
        ...envelope,
        template: "post-decision",
        props: { url: "javascript:alert(1)", postTitle: "T", decision: "approved", deciderName: "J" },
      }).success,
    ).toBe(false);
    expect(
      SendEmailPayload.safeParse({
        ...envelope,
        template: "suggestion-decision",
        props: { url, suggestionUrl: url, decision: "maybe" },
      }).success,
    ).toBe(false);
  });
});
