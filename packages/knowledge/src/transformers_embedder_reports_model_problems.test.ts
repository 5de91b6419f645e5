import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createEmbedder, parseEmbedderId } from "./embedder-factory";
import { KnowledgeError } from "./errors";
import { resolveModelLocation, transformersEmbedder } from "./transformers-embedder";

// No model hub is reachable from this project's machines, so a real transformers model cannot be
// loaded here; these tests cover everything up to the model files themselves.
describe("transformers.js embedder", () => {
  it("parses embedder ids from the manifest and the CLI", () => {
    expect(parseEmbedderId("use-lite")).toEqual({ kind: "use-lite" });
    expect(parseEmbedderId("transformers:Xenova/bge-small-en-v1.5")).toEqual({
      kind: "transformers",
      model: "Xenova/bge-small-en-v1.5",
    });
    expect(() => parseEmbedderId("transformers:")).toThrow(/unknown embedder/);
  });

  it("splits a self-hosted model URL into host and model folder", () => {
    expect(resolveModelLocation("https://cdn.example.com/models/bge-small-en-v1.5/")).toEqual({
      remoteHost: "https://cdn.example.com/models/",
      modelName: "bge-small-en-v1.5",
    });
    expect(resolveModelLocation("Xenova/bge-small-en-v1.5")).toEqual({
      modelName: "Xenova/bge-small-en-v1.5",
    });
    expect(() => resolveModelLocation("../../etc/passwd")).toThrow(/neither a model id/);
  });

  it("fails with a typed, non-retryable error when a local model folder lacks the model", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "parley-models-"));
    const error = await transformersEmbedder({
      model: "Xenova/bge-small-en-v1.5",
      localModelPath: empty,
      allowRemoteModels: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as KnowledgeError).code).toBe("model");
    expect((error as KnowledgeError).retryable).toBe(false);
    expect((error as Error).message).toMatch(
      /transformers model "Xenova\/bge-small-en-v1.5" failed to load/,
    );
  }, 60_000);

  it("needs USE-lite options to create a use-lite embedder", async () => {
    await expect(createEmbedder("use-lite", {})).rejects.toThrow(/pass `useLite` options/);
  });
});
