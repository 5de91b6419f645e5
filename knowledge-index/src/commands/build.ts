import path from "node:path";
import { SingleBar } from "cli-progress";
import { buildIndex } from "../build-index";
import { embedderForCli } from "../embedder-for-cli";
import type { Command } from "./command";

export const build: Command = {
  usage:
    "build <docsDir> --out <indexDir> [--embedder use-lite|transformers:<model>] [--model-path <dir>] [--allow-remote] [--quiet]",
  options: {
    out: { type: "string" },
    embedder: { type: "string", default: "use-lite" },
    "model-path": { type: "string" },
    "allow-remote": { type: "boolean" },
    quiet: { type: "boolean", default: false },
  },
  async run({ positionals, values, stdout, stderr }) {
    const [docsDir] = positionals;
    const out = values.out as string | undefined;
    if (!docsDir || !out) return { usageError: "build needs <docsDir> and --out <indexDir>" };
    const quiet = values.quiet === true;
    const bar =
      !quiet && stderr.isTTY
        ? new SingleBar({
            format: " {phase} [{bar}] {value}/{total}",
            stream: stderr,
            hideCursor: true,
          })
        : undefined;
    const embedder = await embedderForCli(values.embedder as string, {
      ...(values["model-path"] ? { modelPath: values["model-path"] as string } : {}),
      ...(values["allow-remote"] !== undefined
        ? { allowRemote: values["allow-remote"] as boolean }
        : {}),
    });
    let phase = "";
    try {
      const result = await buildIndex({
        docsDir,
        outDir: out,
        embedder,
        onProgress: (p) => {
          if (!bar) return;
          if (p.phase !== phase) {
            if (phase) bar.stop();
            phase = p.phase;
            bar.start(p.total, p.done, { phase: p.phase.padEnd(9) });
          } else bar.update(p.done);
          if (p.total !== bar.getTotal()) bar.setTotal(p.total);
        },
      });
      bar?.stop();
      const { manifest } = result.index;
      const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
      if (!quiet) {
        stdout.write(
          `built ${path.resolve(out)}: ${manifest.counts.documents} documents, ${manifest.counts.chunks} chunks, ` +
            `${(bytes / 1024).toFixed(1)} KiB, embedder ${manifest.embedder.id}, no-answer below ${manifest.threshold.noAnswerBelow} ` +
            `(${Math.round(result.timings.totalMs)} ms)\n`,
        );
        for (const skipped of result.skipped)
          stderr.write(`skipped ${skipped}: unsupported file type\n`);
      }
      return { exitCode: 0 };
    } finally {
      bar?.stop();
      await embedder.dispose();
    }
  },
};
