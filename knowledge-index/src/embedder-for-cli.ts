import { createEmbedder, type Embedder } from "@parley/knowledge";
import { filesFromDir, useLiteModelDir } from "@parley/knowledge/node";

export interface CliEmbedderFlags {
  /** Folder with local transformers models (hub layout: <org>/<name>/…) or a USE-lite folder. */
  modelPath?: string;
  allowRemote?: boolean;
}

/** The embedder for an id ("use-lite" | "transformers:<model>") with the CLI's local-file defaults. */
export function embedderForCli(id: string, flags: CliEmbedderFlags): Promise<Embedder> {
  return createEmbedder(id, {
    useLite: {
      files: filesFromDir(
        id === "use-lite" && flags.modelPath ? flags.modelPath : useLiteModelDir(),
      ),
    },
    transformers: {
      ...(flags.modelPath ? { localModelPath: flags.modelPath } : {}),
      ...(flags.allowRemote !== undefined ? { allowRemoteModels: flags.allowRemote } : {}),
    },
  });
}
