export { main } from "./cli";
export { buildIndex, type BuildProgress, type BuildResult } from "./build-index";
export { readDocuments } from "./ingest/read-documents";
export { uploadIndex } from "./upload";
export { indexStats } from "./stats";
export { markdownToPdf } from "./markdown-pdf";
