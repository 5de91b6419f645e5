#!/usr/bin/env node
// knowledge-index: build, query, upload and inspect a Parley knowledge index.
// From the repo root: pnpm --silent knowledge-index <command> …   (see README.md)
import { parseArgs } from "node:util";
import { KnowledgeError, oneLine } from "@parley/knowledge";
import { build } from "./commands/build";
import { query } from "./commands/query";
import { stats } from "./commands/stats";
import { upload } from "./commands/upload";
import { models } from "./commands/models";
import type { Command } from "./commands/command";

const COMMANDS: Record<string, Command> = { build, query, upload, stats, models };

function usage(): string {
  return [
    "usage: knowledge-index <command>",
    ...Object.values(COMMANDS).map((c) => `  knowledge-index ${c.usage}`),
  ].join("\n");
}

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function main(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`knowledge-index: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr.write(
      `knowledge-index ${name}: ${oneLine(error)}\nusage: knowledge-index ${command.usage}\n`,
    );
    return 2;
  }
  try {
    const result = await command.run({
      positionals: parsed.positionals,
      values: parsed.values,
      stdout: io.stdout,
      stderr: io.stderr,
    });
    if ("usageError" in result) {
      io.stderr.write(
        `knowledge-index ${name}: ${result.usageError}\nusage: knowledge-index ${command.usage}\n`,
      );
      return 2;
    }
    return result.exitCode;
  } catch (error) {
    const retry =
      error instanceof KnowledgeError && error.retryable ? " (temporary; retrying may help)" : "";
    io.stderr.write(`knowledge-index ${name}: ${oneLine(error)}${retry}\n`);
    return 1;
  }
}

const isEntry =
  process.argv[1] &&
  import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop() ?? "");
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`knowledge-index: ${oneLine(error)}\n`);
      process.exitCode = 1;
    },
  );
}
