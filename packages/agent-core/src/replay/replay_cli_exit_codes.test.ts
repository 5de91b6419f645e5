import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseStory } from "./replay";

const cli = fileURLToPath(new URL("../cli.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "parley-replay-"));
const site = {
  company: "Example Store",
  defaultRegion: "IN",
  timezone: "Asia/Kolkata",
  now: "2025-10-05T15:00:00+05:30",
};

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", cli, ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

function story(name: string, data: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof data === "string" ? data : JSON.stringify(data));
  return path;
}

// Each case starts a real `tsx` process: slow on a shared 2-core machine.
const SPAWN_TIMEOUT = 60_000;

describe("parley replay", () => {
  it(
    "exits 0 and prints the report when every expectation holds",
    async () => {
      const path = story("ok.json", {
        site,
        turns: [
          {
            user: "Hi, I want to schedule a callback",
            expect: { intent: "callback_request", missing_info: ["callback_time"] },
          },
        ],
      });
      const r = await run(["replay", path, "--json"]);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report).toMatchObject({
        passed: 1,
        failed: 0,
        turns: [{ pass: true, mismatches: [] }],
      });
      expect(report.turns[0].turn.intent).toBe("callback_request");
    },
    SPAWN_TIMEOUT,
  );

  it(
    "exits 1 and lists the mismatches when an expectation fails",
    async () => {
      const path = story("fail.json", {
        site,
        turns: [{ user: "What is your refund policy?", expect: { intent: "complaint" } }],
      });
      const r = await run(["replay", path, "--json"]);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.failed).toBe(1);
      expect(report.turns[0].mismatches[0]).toMatch(/^intent: expected "complaint"/);
    },
    SPAWN_TIMEOUT,
  );

  it(
    "exits 2 naming the bad field of a malformed story",
    async () => {
      const path = story("bad.json", {
        site: { ...site, timezone: "Mars/Olympus" },
        turns: [{ user: "hi" }],
      });
      const r = await run(["replay", path, "--json"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("site.timezone");
    },
    SPAWN_TIMEOUT,
  );

  it("names nested fields and unparseable files", () => {
    expect(() => parseStory({ site, turns: [{ user: "a" }, { user: 3 }] })).toThrow(
      /^turns\.1\.user:/,
    );
    expect(() => parseStory({ site, turns: [{ user: "a", expect: { intent: "buy" } }] })).toThrow(
      /^turns\.0\.expect\.intent:/,
    );
    expect(() => parseStory({ site, turns: [] })).toThrow(/^turns:/);
    expect(() =>
      parseStory({ site: { ...site, now: "tomorrow" }, turns: [{ user: "a" }] }),
    ).toThrow(/^site\.now:/);
  });
});
