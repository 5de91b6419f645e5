import { z } from "zod";

/** Which brain the visitor's device runs: WebLLM (on the GPU) or the Lite brain (no GPU needed). */
export const BrainMode = z.enum(["webllm", "lite"]);
export type BrainMode = z.infer<typeof BrainMode>;
