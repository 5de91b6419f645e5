/**
 * Reads and validates a JSON body against a protocol schema. Bad JSON and schema violations are
 * 400s whose message names each bad field; nothing downstream ever sees an unvalidated body.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { parseWith } from "@parley/protocol";
import { RelayError, badRequest } from "./errors";

export interface JsonBodyOptions {
  /** navigator.sendBeacon sends text/plain (a "simple" request, no preflight). */
  allowTextPlain?: boolean;
}

export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  options: JsonBodyOptions = {},
): Promise<z.output<S>> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const accepted = type === "application/json" || (options.allowTextPlain && type === "text/plain");
  if (!accepted) {
    throw new RelayError(
      415,
      "unsupported_media_type",
      `expected content-type application/json${options.allowTextPlain ? " or text/plain" : ""}`,
    );
  }
  const raw = await c.req.text();
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw badRequest("body is not valid JSON", "invalid_json");
  }
  const parsed = parseWith(schema, data);
  if (!parsed.ok) throw badRequest(parsed.error, "invalid_body");
  return parsed.value;
}
