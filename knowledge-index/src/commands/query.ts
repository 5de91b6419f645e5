import { openIndex } from "@parley/knowledge/node";
import { embedderForCli } from "../embedder-for-cli";
import type { Command } from "./command";

export const query: Command = {
  usage: 'query <indexDir> "<question>" [--k 3] [--json] [--model-path <dir>] [--allow-remote]',
  options: {
    k: { type: "string", default: "3" },
    json: { type: "boolean", default: false },
    "model-path": { type: "string" },
    "allow-remote": { type: "boolean" },
  },
  async run({ positionals, values, stdout }) {
    const [indexDir, question] = positionals;
    if (!indexDir || !question?.trim())
      return { usageError: 'query needs <indexDir> and a "<question>"' };
    const k = Number(values.k);
    if (!Number.isInteger(k) || k < 1 || k > 100)
      return { usageError: "--k must be an integer from 1 to 100" };
    const index = await openIndex(indexDir);
    const embedder = await embedderForCli(index.embedderId, {
      ...(values["model-path"] ? { modelPath: values["model-path"] as string } : {}),
      ...(values["allow-remote"] !== undefined
        ? { allowRemote: values["allow-remote"] as boolean }
        : {}),
    });
    try {
      const hits = await index.query(embedder, question, k);
      if (values.json) {
        const rows = hits.map((h) => ({
          docId: h.docId,
          title: h.title,
          chunkId: h.chunkId,
          score: round(h.score),
          fused: round(h.fused),
          section: h.section,
          text: h.text,
        }));
        stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      } else {
        const { noAnswerBelow, greyZoneFrom } = index.threshold;
        for (const [rank, h] of hits.entries()) {
          const verdict =
            h.score >= noAnswerBelow
              ? "answer"
              : greyZoneFrom !== undefined && h.score >= greyZoneFrom
                ? "grey zone"
                : "below threshold";
          stdout.write(
            `${rank + 1}. ${h.title}${h.section ? ` › ${h.section}` : ""}  score ${h.score.toFixed(3)} (${verdict})  [${h.chunkId}]\n   ${h.text}\n`,
          );
        }
        stdout.write(`threshold: no answer below ${noAnswerBelow}\n`);
      }
      return { exitCode: 0 };
    } finally {
      await embedder.dispose();
    }
  },
};

const round = (x: number) => Math.round(x * 10000) / 10000;
