/**
 * Every error the relay answers with is an `ApiError` body: `{error: {code, message, retryable}}`.
 * Handlers throw `RelayError`; the one `onError` in app.ts turns anything else into a 500 that
 * says "retryable" (a 500 is always our bug or an outage, never the caller's input).
 */
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiError } from "@parley/protocol";

export class RelayError extends HTTPException {
  readonly code: string;
  readonly retryable: boolean;
  readonly headers: Record<string, string>;
  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: { retryable?: boolean; headers?: Record<string, string> } = {},
  ) {
    super(status, { message });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.headers = options.headers ?? {};
  }
  body(): ApiError {
    return {
      error: { code: this.code, message: this.message.slice(0, 1000), retryable: this.retryable },
    };
  }
}

export const badRequest = (message: string, code = "invalid_request") =>
  new RelayError(400, code, message);
export const unauthorized = (message: string, code = "unauthorized") =>
  new RelayError(401, code, message);
export const forbidden = (message: string, code = "forbidden") =>
  new RelayError(403, code, message);
export const notFound = (message: string, code = "not_found") => new RelayError(404, code, message);
export const conflict = (message: string, code = "conflict") => new RelayError(409, code, message);
export const unprocessable = (message: string, code = "unprocessable") =>
  new RelayError(422, code, message);
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new RelayError(429, "rate_limited", message, {
    retryable: true,
    headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });
export const unavailable = (message: string, code = "unavailable") =>
  new RelayError(503, code, message, { retryable: true });
