import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRelay, type TestRelay } from "../testing/test-relay";
import { defaultStaticDir } from "./pages";

/** The built dashboard's hashed assets: gzip when asked, cached for a year, no directory escape. */
let relay: TestRelay;
let dir: string;
let script: string;

beforeAll(async () => {
  const found = defaultStaticDir();
  if (!found)
    throw new Error("the dashboard is not built: run `pnpm --filter @parley/relay build`");
  dir = found;
  script = readdirSync(path.join(dir, "assets")).find((name) => name.endsWith(".js"))!;
  relay = await startTestRelay({ db: "memory" });
});
afterAll(async () => {
  await relay.dispose();
});

describe("dashboard static assets", () => {
  it("are gzip-compressed for a browser that accepts it, with the right type and a year's cache", async () => {
    const original = readFileSync(path.join(dir, "assets", script));
    const res = await relay.request(`/dashboard/assets/${script}`, {
      headers: { "accept-encoding": "gzip" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(original.length / 2);
    expect(gunzipSync(body).equals(original)).toBe(true);
  });

  it("are sent as they are to a client that takes no compression", async () => {
    const res = await relay.request(`/dashboard/assets/${script}`);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(
      Buffer.from(await res.arrayBuffer()).equals(readFileSync(path.join(dir, "assets", script))),
    ).toBe(true);
  });

  it("answer 404 for a missing asset or a path out of the folder, without a login redirect", async () => {
    expect((await relay.request("/dashboard/assets/nothing-here.js")).status).toBe(404);
    expect((await relay.request("/dashboard/assets/..%2F..%2Fpackage.json")).status).toBe(404);
    expect((await relay.request("/dashboard/assets/../index.html")).status).not.toBe(200);
  });
});
