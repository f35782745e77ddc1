import { describe, expect, it } from "vitest";
import { renderEmail } from "~/emails/render.ts";

// An "&" proves the link survives HTML escaping and still works when clicked.
const url = "https://chorus.example.com/auth/verify?token=abc123&next=%2Ft%2Facme";
const inHtml = url.replaceAll("&", "&amp;");

describe("magic-link email", () => {
  const props = { url, expiresInMinutes: 15, tenantName: "Acme GmbH" };

  it("is German, in the du form, with a working link", async () => {
    const mail = await renderEmail("magic-link", "de", props);
    expect(mail.subject).toBe("Dein Anmeldelink für Chorus");
    expect(mail.html).toContain('lang="de"');
    expect(mail.html).toContain(`href="${inHtml}"`);
    expect(mail.text).toContain(url);
    expect(mail.text).toContain("Jetzt anmelden");
    expect(mail.text).toContain("Der Link ist 15 Minuten gültig.");
    expect(mail.text).toContain("Acme GmbH");
    expect(mail.text).toMatch(/\bdich\b/);
    // No English left over, and no formal "Sie" address.
    expect(mail.text).not.toMatch(/\b(sign in|expires|click|button|ignore this)\b/i);
    expect(mail.text).not.toMatch(/\b(Sie|Ihr|Ihnen)\b/);
  });

  it("is English with a working link", async () => {
    const mail = await renderEmail("magic-link", "en", { url, expiresInMinutes: 1 });
    expect(mail.subject).toBe("Your sign-in link for Chorus");
    expect(mail.html).toContain('lang="en"');
    expect(mail.html).toContain(`href="${inHtml}"`);
    expect(mail.text).toContain(url);
    expect(mail.text).toContain("This link expires in 1 minute.");
    expect(mail.text).not.toMatch(/\b(anmelden|Minuten|gültig|dich)\b/i);
  });
});

describe("invitation email", () => {
  const props = { url, tenantName: "Acme GmbH", inviterName: "Anna Schmidt", inviteeName: "Jonas" };

  it("is German, names inviter, invitee and company, and links to the invitation", async () => {
    const mail = await renderEmail("invitation", "de", props);
    expect(mail.subject).toBe("Anna Schmidt lädt dich zu Acme GmbH auf Chorus ein");
    expect(mail.html).toContain('lang="de"');
    expect(mail.html).toContain(`href="${inHtml}"`);
    expect(mail.text).toContain(url);
    expect(mail.text).toContain("Hallo Jonas,");
    expect(mail.text).toContain("Einladung annehmen");
    expect(mail.text).toContain("freiwillig");
    expect(mail.text).not.toMatch(/\b(invited|join|accept|voluntary)\b/i);
    expect(mail.text).not.toMatch(/\b(Sie|Ihr|Ihnen)\b/);
  });

  it("is English", async () => {
    const mail = await renderEmail("invitation", "en", props);
    expect(mail.subject).toBe("Anna Schmidt invited you to join Acme GmbH on Chorus");
    expect(mail.html).toContain(`href="${inHtml}"`);
    expect(mail.text).toContain(url);
    expect(mail.text).toContain("Hi Jonas,");
    expect(mail.text).toContain("Accept invitation");
    expect(mail.text).not.toMatch(/\b(eingeladen|Einladung|freiwillig|dich)\b/i);
  });

  it("escapes names instead of injecting markup", async () => {
    const mail = await renderEmail("invitation", "en", {
      ...props,
      inviterName: "<script>alert(1)</script>",
    });
    expect(mail.html).not.toContain("<script>alert(1)</script>");
    expect(mail.html).toContain("&lt;script&gt;");
  });
});
