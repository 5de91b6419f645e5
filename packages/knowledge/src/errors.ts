/**
 * Every failure the knowledge package reports is a KnowledgeError: a one-line message that
 * names the file involved, a stable code for callers, and whether retrying can help (a network
 * fetch can; a corrupted index file or an encrypted PDF cannot).
 */
export type KnowledgeErrorCode =
  | "not_found"
  | "unreadable"
  | "encrypted"
  | "empty"
  | "corrupt"
  | "unsupported"
  | "invalid_argument"
  | "network"
  | "model";

export class KnowledgeError extends Error {
  override readonly name = "KnowledgeError";
  constructor(
    readonly code: KnowledgeErrorCode,
    message: string,
    readonly options: { file?: string; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(options.file ? `${options.file}: ${message}` : message, { cause: options.cause });
  }
  get file(): string | undefined {
    return this.options.file;
  }
  /** True when the same call may succeed later (network, server busy); false for bad input. */
  get retryable(): boolean {
    return this.options.retryable ?? false;
  }
}

/** The message of any thrown value, on one line. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").trim();
}
