import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveMountedPath, startStaticServer, type StaticServer } from "./static-server";

let dir: string;
let server: StaticServer;

/** Raw GET without URL normalisation, so "/../" reaches the server as written. */
function rawGet(port: number, rawPath: string, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, path: rawPath, method }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    },
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "parley-static-"));
  const site = path.join(dir, "site");
  const models = path.join(dir, "models");
  mkdirSync(path.join(site, "sub"), { recursive: true });
  mkdirSync(models);
  writeFileSync(path.join(site, "index.html"), "<p>home</p>");
  writeFileSync(path.join(site, "sub", "index.html"), "<p>sub</p>");
  writeFileSync(path.join(site, "app.js"), "export {};");
  writeFileSync(path.join(site, "ort.wasm"), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(path.join(site, "config.json"), "{}");
  writeFileSync(path.join(site, "index.bin"), new Uint8Array(10));
  writeFileSync(path.join(site, "file with space.txt"), "spaced");
  writeFileSync(path.join(models, "encoder.onnx"), new Uint8Array(1_000));
  writeFileSync(path.join(dir, "secret.txt"), "outside the root");
  server = await startStaticServer({
    root: site,
    mounts: { "/models/": models },
    routes: { "/inline.html": "<p>inline</p>" },
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("startStaticServer", () => {
  it("listens on loopback at a random port", () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
    expect(server.url("/a/b.js")).toBe(`${server.origin}/a/b.js`);
  });

  it.each([
    ["/app.js", "text/javascript; charset=utf-8"],
    ["/ort.wasm", "application/wasm"],
    ["/config.json", "application/json; charset=utf-8"],
    ["/index.bin", "application/octet-stream"],
    ["/models/encoder.onnx", "application/octet-stream"],
    ["/", "text/html; charset=utf-8"],
    ["/inline.html", "text/html; charset=utf-8"],
  ])("serves %s as %s with cross-origin isolation headers", async (route, type) => {
    const response = await fetch(server.url(route));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(response.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });

  it("serves file bodies, directory indexes, encoded names and inline routes", async () => {
    expect(await (await fetch(server.url("/"))).text()).toBe("<p>home</p>");
    expect(await (await fetch(server.url("/sub/"))).text()).toBe("<p>sub</p>");
    expect(await (await fetch(server.url("/file%20with%20space.txt"))).text()).toBe("spaced");
    expect(await (await fetch(server.url("/inline.html"))).text()).toBe("<p>inline</p>");
    const onnx = await fetch(server.url("/models/encoder.onnx"));
    expect(onnx.headers.get("content-length")).toBe("1000");
    expect((await onnx.arrayBuffer()).byteLength).toBe(1_000);
  });

  it.each([
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/models/..%2f..%2fsecret.txt",
    "/%00",
    "/nope.js",
  ])("answers 404 for %s", async (rawPath) => {
    const response = await rawGet(server.port, rawPath);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain("outside the root");
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await rawGet(server.port, "/app.js", "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe("10");
    expect(head.body).toBe("");
    const post = await rawGet(server.port, "/app.js", "POST");
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
  });

  it("can leave cross-origin isolation off", async () => {
    const plain = await startStaticServer({
      routes: { "/": "<p>x</p>" },
      crossOriginIsolated: false,
    });
    try {
      const response = await fetch(plain.url("/"));
      expect(response.headers.get("cross-origin-embedder-policy")).toBeNull();
    } finally {
      await plain.close();
    }
  });
});

describe("resolveMountedPath", () => {
  const mounts = [
    { prefix: "/", dir: "/srv/site" },
    { prefix: "/models", dir: "/srv/models" },
  ];
  it("picks the longest matching prefix", () => {
    expect(resolveMountedPath(mounts, "/models/a.onnx")).toBe("/srv/models/a.onnx");
    expect(resolveMountedPath(mounts, "/modelsx/a.onnx")).toBe("/srv/site/modelsx/a.onnx");
    expect(resolveMountedPath(mounts, "/")).toBe("/srv/site");
  });
  it("refuses paths that climb out or cannot be decoded", () => {
    expect(resolveMountedPath(mounts, "/models/../../etc/passwd")).toBeUndefined();
    expect(resolveMountedPath(mounts, "/%E0%A4%A")).toBeUndefined();
    expect(resolveMountedPath(mounts, "/a\\b")).toBeUndefined();
  });
});
