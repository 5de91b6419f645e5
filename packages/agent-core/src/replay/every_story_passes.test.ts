import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadStory, replayStory } from "./replay";

const storiesDir = fileURLToPath(
  new URL("../../../../examples/techcorp/stories/", import.meta.url),
);
const files = readdirSync(storiesDir)
  .filter((f) => f.endsWith(".json"))
  .sort();

describe("every TechCorp story replays with the Lite brain", () => {
  it("has the five reference conversations and at least 30 more", () => {
    expect(files.filter((f) => f.startsWith("ref-"))).toHaveLength(5);
    expect(files.length).toBeGreaterThanOrEqual(35);
  });

  for (const file of files) {
    it(file, async () => {
      const report = await replayStory(await loadStory(join(storiesDir, file)));
      const failures = report.turns.flatMap((t, i) =>
        t.mismatches.map((m) => `turn ${i + 1} (${t.user.slice(0, 60)}): ${m}`),
      );
      expect(failures).toEqual([]);
      expect(report.failed).toBe(0);
      expect(report.passed).toBe(report.turns.length);
    });
  }
});
