import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { RelayError } from "./errors";

/**
 * Refuses bodies over `maxBytes` with the relay's ApiError (413).
 *
 * A request that declares its length (Content-Length, no Transfer-Encoding: every browser
 * fetch and sendBeacon) is judged by that header alone: Node's HTTP parser never delivers more
 * body than it declares. Only then does the body stay unread here, so the handler reads it
 * through @hono/node-server's direct path; Hono's own bodyLimit would first turn every request
 * into a full web Request with a ReadableStream body, a cost the profiles showed on every
 * action. Chunked bodies (no declared length) still go through Hono's bodyLimit, which counts.
 */
export function limitBody(maxBytes: number) {
  const tooLarge = () => {
    throw new RelayError(413, "body_too_large", `request body is larger than ${maxBytes} bytes`);
  };
  const counting = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return createMiddleware(async (c, next) => {
    const declared = c.req.header("content-length");
    if (declared !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (!/^\d+$/.test(declared.trim()) || Number(declared) > maxBytes) tooLarge();
      return next();
    }
    return counting(c, next);
  });
}
