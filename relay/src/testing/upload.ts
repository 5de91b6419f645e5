import type { TestRelay } from "./test-relay";
import { ADMIN_TOKEN } from "./test-relay";
import { knowledgeUpload } from "./knowledge-fixture";

/** Uploads the fixture index the way `knowledge-index upload` does: files first, manifest last. */
export async function uploadFixtureIndex(relay: TestRelay, siteId = "techcorp") {
  const { files, manifest } = knowledgeUpload();
  const put = (path: string, body: Buffer) =>
    relay.request(`/v1/sites/${siteId}/knowledge/${path}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: new Uint8Array(body),
    });
  for (const [path, bytes] of Object.entries(files)) {
    const res = await put(path, bytes);
    if (res.status !== 201) throw new Error(`upload ${path}: ${res.status} ${await res.text()}`);
  }
  const res = await put("manifest.json", Buffer.from(JSON.stringify(manifest)));
  if (res.status !== 201) throw new Error(`publish: ${res.status} ${await res.text()}`);
  return { files, manifest, published: (await res.json()) as { version: number } };
}
