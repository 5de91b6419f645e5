import type { DocBlock } from "@parley/knowledge";

/** A source file turned into structure: what every format parser returns. */
export interface ParsedContent {
  /** Title found inside the file (front matter, <title>, first H1, PDF metadata). */
  title?: string;
  /** Whether the file may be sent to visitors, when the file itself says (markdown front matter). */
  attachable?: boolean;
  blocks: DocBlock[];
}

export interface SourceDocument extends ParsedContent {
  id: string;
  title: string;
  /** Path relative to the documents folder, "/"-separated. */
  source: string;
  mediaType: string;
  attachable: boolean;
  bytes: Uint8Array;
}
