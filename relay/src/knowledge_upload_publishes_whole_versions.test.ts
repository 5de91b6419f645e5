/**
 * Knowledge index upload and serving: files are invisible until their manifest publishes them,
 * a version is replaced whole, unchanged files need no re-upload, and reads revalidate by ETag.
 */
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KnowledgeManifest } from "@parley/protocol";
import {
  ADMIN_TOKEN,
  ORIGIN,
  startTestRelay,
  type DbKind,
  type TestRelay,
} from "./testing/test-relay";
import { INDEX_BIN, REFUND_POLICY_MD } from "./testing/knowledge-fixture";
import { uploadFixtureIndex } from "./testing/upload";

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe.each<DbKind>(["memory", "file"])("knowledge on a %s database", (db) => {
  let relay: TestRelay;
  beforeEach(async () => {
    relay = await startTestRelay({ db });
  });
  afterEach(async () => {
    await relay.dispose();
  });

  it("serves nothing before a manifest is published, then every file with its sha256 as ETag", async () => {
    const put = await relay.request("/v1/sites/techcorp/knowledge/index.bin", {
      method: "PUT",
      headers: admin,
      body: new Uint8Array(INDEX_BIN),
    });
    expect(put.status).toBe(201);
    expect(await put.json()).toMatchObject({
      staged: true,
      sha256: sha(INDEX_BIN),
      bytes: INDEX_BIN.length,
    });
    expect((await relay.request("/v1/sites/techcorp/knowledge/index.bin")).status).toBe(404);

    const { manifest } = await uploadFixtureIndex(relay);
    const res = await relay.request("/v1/sites/techcorp/knowledge/index.bin", {
      headers: { origin: ORIGIN },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe(`"${sha(INDEX_BIN)}"`);
    expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(Buffer.from(await res.arrayBuffer()).equals(INDEX_BIN)).toBe(true);
    const immutable = await relay.request(
      `/v1/sites/techcorp/knowledge/index.bin?v=${sha(INDEX_BIN)}`,
    );
    expect(immutable.headers.get("cache-control")).toContain("immutable");
    const again = await relay.request("/v1/sites/techcorp/knowledge/index.bin", {
      headers: { "if-none-match": `"${sha(INDEX_BIN)}"` },
    });
    expect(again.status).toBe(304);

    const served = await relay.request("/v1/sites/techcorp/knowledge/manifest.json");
    expect(served.headers.get("cache-control")).toBe("no-cache");
    expect(KnowledgeManifest.parse(await served.json())).toEqual(manifest);
  });

  it("keeps serving the old version while a new upload is staged, and switches whole on publish", async () => {
    const { manifest } = await uploadFixtureIndex(relay);
    const newPolicy = Buffer.from(REFUND_POLICY_MD.toString().replace("30-day", "45-day"));
    await relay.request("/v1/sites/techcorp/knowledge/docs/refund_policy.md", {
      method: "PUT",
      headers: admin,
      body: new Uint8Array(newPolicy),
    });
    const during = await relay.request("/v1/sites/techcorp/knowledge/docs/refund_policy.md");
    expect(await during.text()).toContain("30-day");

    // Only the changed file was re-uploaded: the others carry over from the published version.
    const next = {
      ...manifest,
      createdAt: "2025-10-06T09:00:00+05:30",
      files: manifest.files.map((f) =>
        f.path === "docs/refund_policy.md"
          ? { ...f, bytes: newPolicy.length, sha256: sha(newPolicy) }
          : f,
      ),
    };
    const publish = await relay.request("/v1/sites/techcorp/knowledge/manifest.json", {
      method: "PUT",
      headers: admin,
      body: JSON.stringify(next),
    });
    expect(publish.status).toBe(201);
    expect(
      await (await relay.request("/v1/sites/techcorp/knowledge/docs/refund_policy.md")).text(),
    ).toContain("45-day");
    expect(
      (await (await relay.request("/v1/sites/techcorp/knowledge/manifest.json")).json()).createdAt,
    ).toBe("2025-10-06T09:00:00+05:30");
  });

  it("refuses a manifest whose file sizes or hashes do not match, and keeps the published version", async () => {
    const { manifest } = await uploadFixtureIndex(relay);
    const wrong = {
      ...manifest,
      createdAt: "2025-10-07T09:00:00+05:30",
      files: manifest.files.map((f) => ({ ...f, bytes: f.bytes + 1 })),
    };
    const res = await relay.request("/v1/sites/techcorp/knowledge/manifest.json", {
      method: "PUT",
      headers: admin,
      body: JSON.stringify(wrong),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toMatch(/bytes, manifest says/);
    expect(
      (await (await relay.request("/v1/sites/techcorp/knowledge/manifest.json")).json()).createdAt,
    ).toBe(manifest.createdAt);
  });

  it("refuses knowledge reads from an origin the site does not allow", async () => {
    await uploadFixtureIndex(relay);
    expect(
      (
        await relay.request("/v1/sites/techcorp/knowledge/index.bin", {
          headers: { origin: "https://evil.example" },
        })
      ).status,
    ).toBe(403);
  });
});
