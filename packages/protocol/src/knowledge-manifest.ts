import { z } from "zod";
import { id, label } from "./formats";

const sha256 = z.string().regex(/^[a-f0-9]{64}$/, { message: "must be a lowercase hex sha256" });
const relativePath = z
  .string()
  .max(300)
  .regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9_./-]+$/, { message: "must be a relative path without .." });

/** The index's table of contents: what the widget checks before trusting downloaded files. */
export const KnowledgeManifest = z.strictObject({
  formatVersion: z.literal(1),
  createdAt: z.iso.datetime({ offset: true }),
  embedder: z.strictObject({
    /** "use-lite" or "transformers:<model id or URL>". */
    id: z.string().min(1).max(300),
    dims: z.number().int().positive().max(8192),
  }),
  /** Cosine similarity below which the agent says it has no information (calibrated per embedder). */
  threshold: z.strictObject({
    noAnswerBelow: z.number().min(-1).max(1),
    /** Between this and `noAnswerBelow` the agent asks a clarifying question. */
    greyZoneFrom: z.number().min(-1).max(1).optional(),
    method: z.string().max(500),
  }),
  counts: z.strictObject({
    documents: z.number().int().nonnegative(),
    chunks: z.number().int().nonnegative(),
  }),
  files: z
    .array(z.strictObject({ path: relativePath, bytes: z.number().int().nonnegative(), sha256 }))
    .max(10_000),
  documents: z
    .array(
      z.strictObject({
        id,
        title: label(),
        source: relativePath,
        mediaType: z.string().max(100),
        /** May be sent to a visitor as an attachment (e.g. product_catalog.pdf). */
        attachable: z.boolean(),
        /** Path of the original file inside the index folder, when attachable. */
        file: relativePath.optional(),
      }),
    )
    .max(100_000),
});
export type KnowledgeManifest = z.infer<typeof KnowledgeManifest>;
