import { openIndex } from "@parley/knowledge/node";
import { indexStats } from "../stats";
import type { Command } from "./command";

export const stats: Command = {
  usage: "stats <indexDir> [--json]",
  options: { json: { type: "boolean", default: false } },
  async run({ positionals, values, stdout }) {
    const [indexDir] = positionals;
    if (!indexDir) return { usageError: "stats needs <indexDir>" };
    const s = indexStats(await openIndex(indexDir));
    if (values.json) {
      stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      return { exitCode: 0 };
    }
    const lines = [
      `embedder     ${s.embedder.id} (${s.embedder.dims} dims)`,
      `threshold    no answer below ${s.threshold.noAnswerBelow}${s.threshold.greyZoneFrom !== undefined ? `, grey zone from ${s.threshold.greyZoneFrom}` : ""}`,
      `             ${s.threshold.method}`,
      `documents    ${s.documents} (attachable: ${s.attachable.join(", ") || "none"})`,
      `chunks       ${s.chunks}`,
      `size         ${s.totalBytes} bytes; ${s.bytesPerChunk} bytes per vector`,
      ...Object.entries(s.files).map(([file, bytes]) => `  ${file.padEnd(36)} ${bytes}`),
      `created      ${s.createdAt}`,
      `search       exact cosine (${s.search}) + BM25`,
    ];
    stdout.write(`${lines.join("\n")}\n`);
    return { exitCode: 0 };
  },
};
