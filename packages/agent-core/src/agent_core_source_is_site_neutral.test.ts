import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL(".", import.meta.url));
const examples = fileURLToPath(new URL("../../../examples/", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The example sites' ids and company names. */
function demoNames(): string[] {
  const names: string[] = [];
  for (const site of readdirSync(examples)) {
    try {
      const config = JSON.parse(readFileSync(join(examples, site, "parley.config.json"), "utf8"));
      names.push(String(config.id).toLowerCase(), String(config.company).toLowerCase());
    } catch {
      // Not a site (the React example has no config of its own).
    }
  }
  return names;
}

describe("the dialogue core knows no demo company", () => {
  it("names no example site anywhere in agent-core/src", () => {
    const names = demoNames();
    expect(names.length).toBeGreaterThanOrEqual(4);
    const hits = files(src).flatMap((f) => {
      const text = readFileSync(f, "utf8").toLowerCase();
      return names.filter((n) => text.includes(n)).map((n) => `${f.slice(src.length)}: ${n}`);
    });
    expect(hits).toEqual([]);
  });
});
