import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The example sites that ship stories (`examples/<site>/stories/*.json`), with their files. */
export function exampleSiteStories(): { site: string; dir: string; files: string[] }[] {
  const examples = fileURLToPath(new URL("../../../../examples/", import.meta.url));
  return readdirSync(examples)
    .filter((site) => existsSync(join(examples, site, "stories")))
    .sort()
    .map((site) => {
      const dir = join(examples, site, "stories");
      const files = readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .sort();
      return { site, dir, files };
    });
}
