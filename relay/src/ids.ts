import { randomBytes } from "node:crypto";

/** Short, URL-safe, prefixed ids ("ses_…", "act_…") that fit the protocol's `id` format. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("base64url")}`;
}
