import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { VAD_SHA256 } from "../src/assets/asset-manifest";
import { AssetIntegrityError, collectAssets, sha256File } from "./collect-assets";

const temporaryDirs: string[] = [];
async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "parley-assets-"));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of temporaryDirs) await rm(dir, { recursive: true, force: true });
});

describe("collectAssets", () => {
  it("copies the VAD files from their npm package with the published hashes, and is idempotent", async () => {
    const outDir = await temporaryDir();
    const progress: number[] = [];
    const first = await collectAssets({
      outDir,
      groups: ["vad"],
      onProgress: (p) => progress.push(p.done / p.total),
    });
    expect(progress.length).toBe(first.files.length + first.skipped.length);
    expect(progress.at(-1)).toBe(1);
    expect(first.files.map((f) => f.to)).toContain("vad/silero_vad_v5.onnx");
    expect(first.files.every((f) => f.status === "copied")).toBe(true);
    expect(await sha256File(join(outDir, "vad/silero_vad_v5.onnx"))).toBe(
      VAD_SHA256["silero_vad_v5.onnx"],
    );
    expect(existsSync(join(outDir, "vad/ort-wasm-simd-threaded.wasm"))).toBe(true);

    const second = await collectAssets({ outDir, groups: ["vad"] });
    expect(second.files.every((f) => f.status === "up_to_date")).toBe(true);
  });

  it("refuses a tampered weight file and leaves nothing half-written", async () => {
    const fakeRoot = await temporaryDir();
    const vadDir = join(fakeRoot, "node_modules/@ricky0123/vad-web");
    await mkdir(join(vadDir, "dist"), { recursive: true });
    await writeFile(join(fakeRoot, "package.json"), "{}");
    await writeFile(join(vadDir, "package.json"), '{"name":"@ricky0123/vad-web"}');
    await writeFile(join(vadDir, "dist/silero_vad_v5.onnx"), "not the model");
    const outDir = await temporaryDir();
    await expect(
      collectAssets({ outDir, groups: ["vad"], fromDir: fakeRoot }),
    ).rejects.toBeInstanceOf(AssetIntegrityError);
    expect(await readdir(outDir)).toEqual([]);
  });

  it("names the missing package when a required file is not installed", async () => {
    const fakeRoot = await temporaryDir();
    await writeFile(join(fakeRoot, "package.json"), "{}");
    await expect(
      collectAssets({ outDir: await temporaryDir(), groups: ["stt"], fromDir: fakeRoot }),
    ).rejects.toThrow(/@huggingface\/transformers.*not installed/);
  });
});
