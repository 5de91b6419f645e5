import { uploadIndex } from "../upload";
import type { Command } from "./command";

export const upload: Command = {
  usage: "upload <indexDir> --relay <url> --token <admin token> [--site <siteId>]",
  options: {
    relay: { type: "string" },
    token: { type: "string" },
    site: { type: "string" },
  },
  async run({ positionals, values, stdout }) {
    const [indexDir] = positionals;
    const token = (values.token as string | undefined) ?? process.env.PARLEY_ADMIN_TOKEN;
    const site = (values.site as string | undefined) ?? process.env.PARLEY_SITE;
    if (!indexDir || !values.relay || !token)
      return { usageError: "upload needs <indexDir>, --relay <url> and --token <admin token>" };
    const result = await uploadIndex({
      indexDir,
      relay: values.relay as string,
      token,
      ...(site ? { site } : {}),
    });
    stdout.write(
      `uploaded ${result.files} files (${result.bytes} bytes) for site ${result.site}\n`,
    );
    return { exitCode: 0 };
  },
};
