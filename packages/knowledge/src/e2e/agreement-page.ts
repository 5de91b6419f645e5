// Bundled (esbuild, browser) for use_lite_node_and_chromium_agree.e2e.ts: exposes the same
// embedder and search code the widget uses, loaded the way the widget loads it — model files
// and the TF.js wasm binaries from the page's own origin.
import { useLite } from "../use-lite";
import { KnowledgeIndex } from "../knowledge-index";

declare global {
  interface Window {
    parleyProbe: {
      embed(texts: string[]): Promise<number[][]>;
      search(
        question: string,
        k: number,
      ): Promise<{ docId: string; chunkId: string; score: number; cosine: number }[]>;
      scorer(): Promise<string>;
    };
  }
}

const embedder = useLite({ modelBaseUrl: "/models/use-lite/", wasmPaths: "/tfjs/" });
const index = KnowledgeIndex.fromUrl("/index/");

window.parleyProbe = {
  async embed(texts) {
    const vectors = await (await embedder).embed(texts);
    return vectors.map((v) => Array.from(v));
  },
  async search(question, k) {
    const hits = await (await index).query(await embedder, question, k);
    return hits.map(({ docId, chunkId, score, cosine }) => ({ docId, chunkId, score, cosine }));
  },
  async scorer() {
    return (await index).scorerKind;
  },
};
