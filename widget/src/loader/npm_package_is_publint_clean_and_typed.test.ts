import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { describe, expect, it } from "vitest";

/**
 * The publishable package (dist/npm, written by `pnpm --filter @parley/widget build`) passes
 * publint, and its declarations type-check a React consumer strictly (skipLibCheck off).
 */
const widgetDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkgDir = path.join(widgetDir, "dist/npm");

function built(): void {
  if (!existsSync(path.join(pkgDir, "package.json"))) {
    throw new Error(
      "widget/dist/npm is missing: run `pnpm --filter @parley/widget build` (setup does)",
    );
  }
}

describe("npm package", () => {
  it("is publint clean", async () => {
    built();
    const { messages } = await publint({ pkgDir, pack: false, level: "suggestion" });
    expect(messages).toEqual([]);
    const pkg = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies).some((name) => name.startsWith("@parley/"))).toBe(false);
    expect(pkg.peerDependencies).toHaveProperty("react");
    expect(existsSync(path.join(pkgDir, "cdn/parley.js"))).toBe(true);
  });

  it("has declarations a strict React consumer compiles against", () => {
    built();
    const dir = mkdtempSync(path.join(widgetDir, ".consumer-"));
    try {
      writeFileSync(
        path.join(dir, "consumer.tsx"),
        `import { VoiceAgent, useVoiceAgent, type AgentState, type WidgetSnapshot } from "@parley/widget";
export function App() {
  const agent = useVoiceAgent({ relayUrl: "https://support.example.com", siteId: "techcorp" });
  const state: AgentState = agent.state;
  const snapshot: WidgetSnapshot = agent;
  void agent.sendText("hello").then((taken: boolean) => taken);
  return <><p>{state}{snapshot.transcript.length}</p>
    <VoiceAgent relayUrl="https://support.example.com" siteId="techcorp" theme={{ accent: "#0f766e" }}
      onAction={(a) => console.log(a.type, a.status)} /></>;
}
// @ts-expect-error siteId is required
export const missing = <VoiceAgent relayUrl="https://support.example.com" />;
`,
      );
      writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            jsx: "react-jsx",
            module: "ESNext",
            moduleResolution: "Bundler",
            target: "ES2022",
            lib: ["ES2023", "DOM", "DOM.Iterable"],
            types: [],
            paths: { "@parley/widget": [path.join(pkgDir, "types/widget/src/index.d.ts")] },
          },
          files: ["consumer.tsx"],
        }),
      );
      const tsc = createRequire(path.join(widgetDir, "package.json")).resolve("typescript/bin/tsc");
      const result = spawnSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
      expect(`${result.stdout}${result.stderr}`).toBe("");
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
