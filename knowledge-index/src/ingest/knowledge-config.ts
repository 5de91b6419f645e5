import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { describeIssues } from "@parley/protocol";
import { KnowledgeError } from "@parley/knowledge";

/**
 * Optional `knowledge.json` in the documents folder: per-document overrides and calibration
 * questions. Without it every document is indexed with its own title, and PDFs are attachable.
 *
 *   {
 *     "documents": { "refund_policy.pdf": { "title": "Refund policy", "attachable": true } },
 *     "calibration": { "answerable": ["How long do refunds take?"], "unanswerable": ["Do you sell cars?"] }
 *   }
 */
export const CONFIG_FILE = "knowledge.json";

export const KnowledgeConfig = z.strictObject({
  documents: z
    .record(
      z.string(),
      z.strictObject({
        id: z
          .string()
          .regex(/^[A-Za-z0-9_.:-]{1,128}$/, {
            message: "may contain only letters, digits and _ . : -",
          })
          .optional(),
        title: z.string().min(1).max(200).optional(),
        attachable: z.boolean().optional(),
      }),
    )
    .default({}),
  calibration: z
    .strictObject({
      answerable: z.array(z.string().min(1).max(500)).max(1000),
      unanswerable: z.array(z.string().min(1).max(500)).max(1000),
    })
    .optional(),
});
export type KnowledgeConfig = z.infer<typeof KnowledgeConfig>;

export async function readKnowledgeConfig(docsDir: string): Promise<KnowledgeConfig> {
  const file = path.join(docsDir, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return { documents: {} };
    throw new KnowledgeError("unreadable", "cannot be read", { file, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new KnowledgeError("corrupt", "is not valid JSON", { file, cause });
  }
  const parsed = KnowledgeConfig.safeParse(json);
  if (!parsed.success)
    throw new KnowledgeError("invalid_argument", describeIssues(parsed.error), { file });
  return parsed.data;
}
