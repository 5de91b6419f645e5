/**
 * `pnpm bench:core`: per-turn decision time of the Lite brain over every TechCorp story.
 * "Decision" is what the engine does after retrieval and without any embedding call: entity
 * extraction, intent, the extractive answer and the policy (`timings.decision_ms`). Retrieval
 * (lexical here) is reported apart. Each story is replayed several times; the first pass warms
 * the JIT and is not counted.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadStory, replayStory } from "../replay/replay";

const dir = fileURLToPath(new URL("../../../../examples/techcorp/stories/", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
const stories = await Promise.all(files.map((f) => loadStory(join(dir, f))));

const ROUNDS = 6;
const decision: number[] = [];
const retrieval: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const story of stories) {
    await replayStory(story, {
      onTurn: (r) => {
        if (round === 0) return;
        decision.push(r.timings.decision_ms);
        retrieval.push(r.timings.retrieval_ms);
      },
    });
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (x: number) => x.toFixed(3);
const turnsPerRound = decision.length / (ROUNDS - 1);
console.log(
  `Lite brain decision time over ${stories.length} stories, ${turnsPerRound} turns x ${ROUNDS - 1} rounds (ms):`,
);
console.log(
  `  decision   median ${fmt(pct(decision, 50))}  p95 ${fmt(pct(decision, 95))}  max ${fmt(Math.max(...decision))}`,
);
console.log(
  `  retrieval  median ${fmt(pct(retrieval, 50))}  p95 ${fmt(pct(retrieval, 95))}  (lexical, inline passages)`,
);
console.log(`  budget: decision median <= 20 ms -> ${pct(decision, 50) <= 20 ? "OK" : "OVER"}`);
