import { CliError, type CommandResult } from "../args.ts";

// Scaffolding for issue 13: replaced by the erase command.
export async function memberErase(_argv: string[]): Promise<CommandResult> {
  throw new CliError("member erase is not built yet", "not_built");
}
