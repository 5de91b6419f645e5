import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleSiteStories } from "./example-sites";
import { loadStory, replayStory } from "./replay";

const sites = exampleSiteStories();

describe("every example site's stories replay with the Lite brain", () => {
  it("has two sites of at least 25 stories, and the five reference conversations", () => {
    expect(sites.length).toBeGreaterThanOrEqual(2);
    for (const s of sites) expect(s.files.length, s.site).toBeGreaterThanOrEqual(25);
    expect(sites.flatMap((s) => s.files.filter((f) => f.startsWith("ref-")))).toHaveLength(5);
  });

  for (const { site, dir, files } of sites) {
    describe(site, () => {
      for (const file of files) {
        it(file, async () => {
          const report = await replayStory(await loadStory(join(dir, file)));
          const failures = report.turns.flatMap((t, i) =>
            t.mismatches.map((m) => `turn ${i + 1} (${t.user.slice(0, 60)}): ${m}`),
          );
          expect(failures).toEqual([]);
          expect(report.failed).toBe(0);
          expect(report.passed).toBe(report.turns.length);
        });
      }
    });
  }
});
