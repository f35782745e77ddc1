/**
 * What a person typed after /chorus. Pure (tests/unit/slack-blocks.test.ts):
 *   ""  or "list"             → the newest posts to share
 *   "help" (or anything else) → the help text
 *   "suggest <url> [why]"     → file a suggestion; the rest of the line is the reason
 * Slack sends a pasted link as "<https://…>" or "<https://…|label>": the brackets are unwrapped.
 */
export type SlackCommand =
  { kind: "list" } | { kind: "help" } | { kind: "suggest"; url: string; reason: string };

export function parseSlackCommandText(text: string): SlackCommand {
  const trimmed = text.trim();
  const [word = "", ...rest] = trimmed.split(/\s+/);
  const verb = word.toLowerCase();
  if (verb === "" || verb === "list") return { kind: "list" };
  if (verb === "suggest" || verb === "vorschlagen") {
    const [first = "", ...why] = rest;
    const url = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(first)?.[1] ?? first;
    return { kind: "suggest", url, reason: why.join(" ").trim() };
  }
  return { kind: "help" };
}
