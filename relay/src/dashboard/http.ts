/** Small HTTP helpers shared by the dashboard's routes: validated JSON bodies and error bodies. */
import type { Context, ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";
import { RelayError, badRequest } from "../http/errors";
import type { Logger } from "../log";

const MAX_BODY_BYTES = 64 * 1024;

/** Parses and validates a JSON body; anything wrong is a 400 that says what, and nothing changes. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const length = Number(c.req.header("content-length") ?? "0");
  if (length > MAX_BODY_BYTES)
    throw new RelayError(413, "too_large", `body over ${MAX_BODY_BYTES} bytes`);
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES)
    throw new RelayError(413, "too_large", `body over ${MAX_BODY_BYTES} bytes`);
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    throw badRequest("body is not valid JSON", "invalid_json");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") + ": " : "";
    throw badRequest(`${where}${issue?.message ?? "invalid body"}`);
  }
  return parsed.data;
}

/** Same error bodies as the rest of the relay, for the dashboard's sub-apps. */
export function dashboardErrorHandler(log: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof RelayError) {
      for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
      return c.json(error.body(), error.status);
    }
    if (error instanceof HTTPException) {
      return c.json(
        {
          error: {
            code: "http_error",
            message: error.message || "request refused",
            retryable: false,
          },
        },
        error.status,
      );
    }
    log.error("dashboard request failed", { error, path: c.req.path });
    return c.json(
      { error: { code: "internal", message: "internal error; try again", retryable: true } },
      500,
    );
  };
}

export function clientIp(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}
