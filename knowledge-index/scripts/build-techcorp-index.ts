// `pnpm --filter @parley/knowledge-index build` (run by `pnpm -r build` during set-up): builds the
// TechCorp demo index into examples/techcorp/knowledge/dist/index when it is missing or older than
// its documents. The demo, the widget tests and `pnpm bench:knowledge` read it from there.
import { ensureTechcorpIndex, TECHCORP_INDEX_DIR } from "../src/techcorp";

const started = performance.now();
const index = await ensureTechcorpIndex();
console.log(
  `TechCorp knowledge index: ${index.manifest.counts.documents} documents, ${index.size} chunks, ` +
    `threshold ${index.threshold.noAnswerBelow} → ${TECHCORP_INDEX_DIR} (${Math.round(performance.now() - started)} ms)`,
);
