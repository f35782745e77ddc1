import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { Locale } from "~/db/schema.ts";
import { mailTexts } from "~/emails/texts.ts";

/** Inline styles: many mail clients drop <style> blocks. High contrast, readable sizes. */
export const emailStyles = {
  body: {
    backgroundColor: "#f4f4f5",
    fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
    color: "#18181b",
  },
  container: {
    backgroundColor: "#ffffff",
    margin: "32px auto",
    padding: "32px",
    maxWidth: "560px",
    borderRadius: "8px",
  },
  heading: { fontSize: "24px", lineHeight: "32px", margin: "0 0 16px" },
  text: { fontSize: "16px", lineHeight: "24px" },
  label: { fontSize: "14px", lineHeight: "20px", fontWeight: 600, margin: "16px 0 4px" },
  /** a quoted text: a reason, a note */
  quote: {
    fontSize: "16px",
    lineHeight: "24px",
    backgroundColor: "#f4f4f5",
    padding: "12px",
    borderRadius: "6px",
    margin: "0 0 16px",
    whiteSpace: "pre-wrap" as const,
  },
  title: {
    fontSize: "18px",
    lineHeight: "26px",
    fontWeight: 600,
    borderLeft: "4px solid #1d4ed8",
    paddingLeft: "12px",
  },
  button: {
    backgroundColor: "#1d4ed8",
    color: "#ffffff",
    fontSize: "16px",
    fontWeight: 600,
    padding: "12px 20px",
    borderRadius: "6px",
    textDecoration: "none",
  },
  muted: { fontSize: "14px", lineHeight: "20px", color: "#52525b" },
  link: { fontSize: "14px", lineHeight: "20px", wordBreak: "break-all" as const, color: "#1d4ed8" },
  hr: { borderColor: "#e4e4e7", margin: "24px 0" },
};

/**
 * The frame every Chorus mail shares: heading, content, one call to action with its link spelled
 * out (for clients that block buttons), and a footer saying why the reader gets this mail.
 */
export function EmailLayout(props: {
  locale: Locale;
  preview: string;
  heading: string;
  action?: { href: string; label: string };
  footer: string;
  children: ReactNode;
}) {
  return (
    <Html lang={props.locale}>
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={emailStyles.body}>
        <Container style={emailStyles.container}>
          <Heading style={emailStyles.heading}>{props.heading}</Heading>
          {props.children}
          {props.action ? (
            <>
              <Button href={props.action.href} style={emailStyles.button}>
                {props.action.label}
              </Button>
              <Text style={emailStyles.muted}>{mailTexts(props.locale)("mail.buttonFallback")}</Text>
              <Text style={emailStyles.link}>{props.action.href}</Text>
            </>
          ) : null}
          <Hr style={emailStyles.hr} />
          <Text style={emailStyles.muted}>{props.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}
