import { SingleBar } from "cli-progress";
import { UPLOAD_BACKOFF, uploadIndex } from "../upload";
import type { Command } from "./command";

export const upload: Command = {
  usage:
    "upload <indexDir> --relay <url> --token <admin token> [--site <siteId>] [--retries <n>] [--quiet]",
  options: {
    relay: { type: "string" },
    token: { type: "string" },
    site: { type: "string" },
    retries: { type: "string" },
    quiet: { type: "boolean", default: false },
  },
  async run({ positionals, values, stdout, stderr }) {
    const [indexDir] = positionals;
    const token = (values.token as string | undefined) ?? process.env.PARLEY_ADMIN_TOKEN;
    const site = (values.site as string | undefined) ?? process.env.PARLEY_SITE;
    if (!indexDir || !values.relay || !token)
      return { usageError: "upload needs <indexDir>, --relay <url> and --token <admin token>" };
    const retries = values.retries === undefined ? UPLOAD_BACKOFF.retries : Number(values.retries);
    if (!Number.isSafeInteger(retries) || retries < 0 || retries > 20)
      return { usageError: "--retries must be a whole number from 0 to 20" };
    const quiet = values.quiet === true;
    const bar =
      !quiet && stderr.isTTY
        ? new SingleBar({
            format: " upload [{bar}] {value}/{total} files, {kib} KiB {file}",
            stream: stderr,
            hideCursor: true,
          })
        : undefined;
    try {
      const result = await uploadIndex({
        indexDir,
        relay: values.relay as string,
        token,
        ...(site ? { site } : {}),
        backoff: { ...UPLOAD_BACKOFF, retries },
        onProgress: (p) => {
          if (!bar) return;
          const payload = { file: p.file, kib: (p.bytes / 1024).toFixed(1) };
          if (p.done === 1) bar.start(p.total, p.done, payload);
          else bar.update(p.done, payload);
        },
      });
      bar?.stop();
      if (!quiet)
        stdout.write(
          `uploaded ${result.files} files (${result.bytes} bytes) for site ${result.site}\n`,
        );
      return { exitCode: 0 };
    } finally {
      bar?.stop();
    }
  },
};
