export * from "./index-dir";
export * from "./use-lite-node";
