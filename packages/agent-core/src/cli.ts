/**
 * `parley replay <story.json> [--index <knowledge-dir>] [--json]`: play a conversation through
 * the dialogue core with the Lite brain and check each turn's expectations. The site owner's
 * way to test an agent before going live. Exit 0: every expectation holds; 1: some failed;
 * 2: the story (or the command line) is malformed — the message names the bad field.
 */
import { parseArgs } from "node:util";
import { StoryError } from "./errors";
import { loadStory, replayStory, type ReplayReport } from "./replay/replay";
import { loadIndexRetriever } from "./replay/index-support";

const USAGE = "usage: parley replay <story.json> [--index <knowledge-dir>] [--json]";

function human(report: ReplayReport): string {
  const lines: string[] = [];
  if (report.story) lines.push(`story: ${report.story}`);
  if (report.greeting) lines.push(`  agent: ${report.greeting}`);
  report.turns.forEach((t, i) => {
    lines.push(
      `${t.pass ? "✓" : "✗"} ${i + 1}. visitor: ${t.user.length > 200 ? `${t.user.slice(0, 200)}…` : t.user}`,
    );
    lines.push(
      `     agent: ${t.turn.immediate_response}  [${t.turn.intent}${t.turn.actions.length ? `; ${t.turn.actions.join(", ")}` : ""}]`,
    );
    if (t.followUp) lines.push(`     agent: ${t.followUp}`);
    for (const m of t.mismatches) lines.push(`     ! ${m}`);
  });
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "replay") {
    console.error(USAGE);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { index: { type: "string" }, json: { type: "boolean", default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // node:util's messages name the option ("Unknown option '--x'", "Option '--index <value>'
    // argument missing").
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const json = values.json ?? false;
  const indexDir = values.index ?? null;
  if (positionals.length !== 1) {
    console.error(
      positionals.length > 1 ? `unexpected argument ${positionals[1]}\n${USAGE}` : USAGE,
    );
    return 2;
  }
  const file = positionals[0]!;
  try {
    const story = await loadStory(file);
    const retriever = indexDir ? await loadIndexRetriever(indexDir) : undefined;
    const report = await replayStory(story, retriever ? { retriever } : {});
    console.log(json ? JSON.stringify(report, null, 2) : human(report));
    return report.failed === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof StoryError) {
      console.error(
        json
          ? JSON.stringify({ error: { field: error.field, message: error.message } })
          : `malformed story: ${error.message}`,
      );
      return 2;
    }
    console.error(
      `parley replay failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
