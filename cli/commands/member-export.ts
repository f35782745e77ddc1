import { CliError, type CommandResult } from "../args.ts";

// Scaffolding for issue 13: replaced by the export command.
export async function memberExport(_argv: string[]): Promise<CommandResult> {
  throw new CliError("member export is not built yet", "not_built");
}
