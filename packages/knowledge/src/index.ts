// Browser-safe entry point: nothing here touches node: modules. Node helpers (openIndex,
// atomic writes, USE-lite files from node_modules) are in "@parley/knowledge/node".
export * from "./errors";
export * from "./embedder";
export * from "./use-lite";
export * from "./transformers-embedder";
export * from "./embedder-factory";
export * from "./model-files";
export * from "./chunking";
export * from "./sentences";
export * from "./lexical";
export * from "./stem";
export * from "./vector-file";
export * from "./vector-search";
export * from "./index-format";
export * from "./index-writer";
export * from "./knowledge-index";
export * from "./calibration";
export { sha256Hex } from "./sha256";
