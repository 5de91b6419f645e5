/**
 * `pnpm bench:core`: the Lite brain over every example site's stories.
 *
 * - Decision time per turn: what the engine does after retrieval and without any embedding
 *   call — entity extraction, intent, the extractive answer and the policy
 *   (`timings.decision_ms`); retrieval (lexical here) is reported apart. Each story is replayed
 *   several times; the first pass warms the JIT and is not counted.
 * - Spoken answers (turns answered from knowledge): length in words (median, max), and the
 *   share grounded in the retrieved passages (every sentence but the closing offer is a
 *   sentence of the passage it came from).
 * - Intent accuracy per site: turns whose story states an intent, and how many got it.
 * - Parroting: responses sharing more than four consecutive words with the visitor's utterance.
 */
import { join } from "node:path";
import { exampleSiteStories } from "../replay/example-sites";
import { loadStory, replayStory, type ReplayReport } from "../replay/replay";
import type { Story } from "../replay/story";
import { wordCount } from "../policy/spoken-answer";
import { longestSharedRun } from "../policy/topic";
import { LexicalRetriever } from "../retrieval/lexical-retriever";
import { splitSentences } from "@parley/knowledge/sentences";

const sites = await Promise.all(
  exampleSiteStories().map(async (s) => ({
    site: s.site,
    stories: await Promise.all(s.files.map((f) => loadStory(join(s.dir, f)))),
  })),
);

const ROUNDS = 6;
const decision: number[] = [];
const retrieval: number[] = [];
const reports = new Map<Story, ReplayReport>();
const sources = new Map<string, string>();
for (let round = 0; round < ROUNDS; round++) {
  for (const { stories } of sites) {
    for (const story of stories) {
      const report = await replayStory(story, {
        onTurn: (r) => {
          if (r.source) sources.set(r.turn.immediate_response, r.source.text);
          if (round === 0) return;
          decision.push(r.timings.decision_ms);
          retrieval.push(r.timings.retrieval_ms);
        },
      });
      if (round === 0) reports.set(story, report);
    }
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (x: number) => x.toFixed(3);
const storyCount = sites.reduce((n, s) => n + s.stories.length, 0);
const turnsPerRound = decision.length / (ROUNDS - 1);
console.log(
  `Lite brain decision time over ${storyCount} stories (${sites.map((s) => `${s.site} ${s.stories.length}`).join(", ")}), ${turnsPerRound} turns x ${ROUNDS - 1} rounds (ms):`,
);
console.log(
  `  decision   median ${fmt(pct(decision, 50))}  p95 ${fmt(pct(decision, 95))}  max ${fmt(Math.max(...decision))}`,
);
console.log(
  `  retrieval  median ${fmt(pct(retrieval, 50))}  p95 ${fmt(pct(retrieval, 95))}  (lexical, inline passages)`,
);
console.log(`  budget: decision median <= 20 ms -> ${pct(decision, 50) <= 20 ? "OK" : "OVER"}`);

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
const answerWords: number[] = [];
let grounded = 0;
let parroted = 0;
let confirmations = 0;
let responses = 0;
const intentLines: string[] = [];
for (const { site, stories } of sites) {
  let stated = 0;
  let right = 0;
  for (const story of stories) {
    const report = reports.get(story)!;
    story.turns.forEach((step, i) => {
      const t = report.turns[i]!;
      responses += 1;
      if (longestSharedRun(step.user, `${t.turn.immediate_response} ${t.followUp ?? ""}`) > 4) {
        // Confirming a request in the agent's own sentence ("I'll schedule a callback for
        // tomorrow at 10 AM") repeats the visitor by design; anything else is parroting.
        if (t.turn.needs_clarification || t.requests.length > 0) confirmations += 1;
        else parroted += 1;
      }
      if (step.expect?.intent) {
        stated += 1;
        if (step.expect.intent === t.turn.intent) right += 1;
      }
      if (!t.turn.used_knowledge) return;
      const said = t.turn.immediate_response;
      answerWords.push(wordCount(said));
      // Grounded: every sentence but the closing offer ("Would you like …?", the agent's own) is
      // a sentence of the passage the answer came from or of a passage retrieved for the turn.
      const retrieved = story.knowledge
        ? new LexicalRetriever(story.knowledge).searchSync(step.user, 3).map((p) => p.text)
        : [];
      const passage = norm([sources.get(said) ?? "", ...retrieved].join(" "));
      const body = splitSentences(said).filter((s) => !/\?$/.test(s));
      if (passage && body.every((s) => passage.includes(norm(s)))) grounded += 1;
    });
  }
  intentLines.push(
    `  intent accuracy ${site}: ${right}/${stated} (${((100 * right) / Math.max(1, stated)).toFixed(1)}%)`,
  );
}
const median = pct(answerWords, 50);
const max = Math.max(...answerWords);
console.log(`Spoken answers from knowledge over all stories: ${answerWords.length}`);
console.log(
  `  length (words incl. the offer)  median ${median}  max ${max}  -> ${median <= 35 && max <= 60 ? "OK (median <= 35, max <= 60)" : "OVER"}`,
);
console.log(
  `  grounded in the retrieved passage: ${grounded}/${answerWords.length} (${((100 * grounded) / Math.max(1, answerWords.length)).toFixed(1)}%)`,
);
for (const line of intentLines) console.log(line);
console.log(
  `  responses reading back > 4 consecutive words of the visitor: ${parroted}/${responses} -> ${parroted === 0 ? "OK" : "OVER"} (plus ${confirmations} confirmations of a request in the agent's own words)`,
);
