/**
 * Sets `ipKey`: a keyed hash of the caller's address, used by per-IP limits and stored on the
 * session. X-Forwarded-For is read only when the relay is told it sits behind a proxy.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import { createMiddleware } from "hono/factory";
import { pseudonym } from "../privacy";
import type { AppEnv } from "./app-env";

export interface ClientIpOptions {
  secret: string;
  trustProxy?: boolean;
}

export function clientIp(options: ClientIpOptions) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let address: string | undefined;
    if (options.trustProxy) address = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (!address) {
      try {
        address = getConnInfo(c).remote.address;
      } catch {
        // app.request() in tests has no socket
      }
    }
    c.set("ipKey", pseudonym(options.secret, address ?? "unknown", "ip"));
    await next();
  });
}
