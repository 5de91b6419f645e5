import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MESSAGE_CHANNELS, MESSAGING_ACTIONS } from "@parley/protocol";

/**
 * CONTRIBUTING.md says a new messaging action touches the protocol entry, one relay handler, one
 * provider and one template. Counted here on the actions that exist: every source file that
 * names a messaging action's type must be one the guide lists, and the parts that are meant to
 * read the registry (outbox worker, dashboard, widget) must not name a messaging channel.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCE_ROOTS = [
  "packages",
  "relay/src",
  "relay/dashboard/src",
  "widget/src",
  "knowledge-index/src",
];
/** The dialogue core decides *when* to offer an action (a task of its own, in the guide). */
const DIALOGUE_CORE = "packages/agent-core/";
/** Parts that must pick a new action or channel up from the registry, without an edit. */
const REGISTRY_READERS = [
  "relay/src/outbox",
  "relay/src/dashboard",
  "relay/dashboard/src",
  "widget/src",
];

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (["node_modules", "dist", "e2e", "fixtures", "testing", "test-page"].includes(name))
      return [];
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(name) && !/\.(test|e2e|bench)\.tsx?$/.test(name) ? [rel] : [];
  });
}

const files = [...new Set(SOURCE_ROOTS.flatMap(sourceFiles))].filter(
  (f) => !f.startsWith("packages/") || /^packages\/[^/]+\/src\//.test(f),
);
const text = new Map(files.map((f) => [f, readFileSync(path.join(ROOT, f), "utf8")]));

function guideSection(): string {
  const guide = readFileSync(path.join(ROOT, "CONTRIBUTING.md"), "utf8");
  const start = guide.indexOf("## Adding a messaging action");
  expect(start, "CONTRIBUTING.md has an 'Adding a messaging action' section").toBeGreaterThan(-1);
  const end = guide.indexOf("\n## ", start + 1);
  return guide.slice(start, end === -1 ? undefined : end);
}

const guidePaths = () =>
  [...guideSection().matchAll(/`((?:packages|relay|widget)\/[^`\s]+\.tsx?)`/g)].map((m) => m[1]!);

describe("adding a messaging action", () => {
  it("names files in the guide that exist (the new provider aside)", () => {
    const paths = guidePaths();
    expect(paths.length).toBeGreaterThanOrEqual(7);
    const missing = paths.filter((p) => !existsSync(path.join(ROOT, p)) && !/telegram/.test(p));
    expect(missing).toEqual([]);
  });

  it("finds each messaging action named only in the protocol entry and its relay handler", () => {
    expect(MESSAGING_ACTIONS.map((a) => a.type).sort()).toEqual(
      ["send_email", "send_sms", "send_whatsapp"].sort(),
    );
    const listed = new Set(guidePaths());
    for (const { type } of MESSAGING_ACTIONS) {
      const naming = files.filter(
        (f) => !f.startsWith(DIALOGUE_CORE) && new RegExp(`\\b${type}\\b`).test(text.get(f)!),
      );
      // The protocol entry (2 files), handlers.ts and the handler's own file: four, all listed.
      expect(naming.sort(), type).toEqual(
        [
          "packages/protocol/src/action-params.ts",
          "packages/protocol/src/action-registry.ts",
          "relay/src/actions/handlers.ts",
          "relay/src/actions/messaging-actions.ts",
        ].sort(),
      );
      for (const f of naming) expect(listed.has(f), `${f} is in CONTRIBUTING.md`).toBe(true);
    }
  });

  it("leaves the outbox worker, the dashboard and the widget naming no text channel", () => {
    // Email is rendered (React Email) and attached at send time; the text channels are what a new
    // messaging action looks like, and nothing that routes or shows them may name one.
    const textChannels = Object.keys(MESSAGE_CHANNELS).filter(
      (c) => c !== "email" && c !== "voice",
    );
    expect(textChannels.sort()).toEqual(["sms", "whatsapp"]);
    const offenders = files
      .filter((f) => REGISTRY_READERS.some((dir) => f.startsWith(`${dir}/`)))
      .flatMap((f) =>
        textChannels
          .filter((c) => new RegExp(`["'\`]${c}["'\`]`).test(text.get(f)!))
          .map((c) => `${f} names "${c}"`),
      );
    expect(offenders).toEqual([]);
    expect(files.filter((f) => f.startsWith("relay/src/outbox/")).length).toBeGreaterThan(3);
  });
});
