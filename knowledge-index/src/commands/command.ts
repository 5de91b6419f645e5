import type { ParseArgsConfig } from "node:util";

export interface CommandContext {
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** One subcommand of the CLI (build, query, upload, stats; `models` is planned beside them). */
export interface Command {
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(context: CommandContext): Promise<{ exitCode: number } | { usageError: string }>;
}
