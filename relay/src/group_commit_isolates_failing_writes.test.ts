/** Group commit: writes queued together commit together, but a failing one takes only itself back. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { liveFeed } from "./db/schema";
import { migrate } from "./db/migrate";
import { openStore, type Store } from "./db/store";

describe.each([":memory:", "file"])("group commit on %s", (kind) => {
  let store: Store;
  let dir: string | null = null;
  beforeEach(async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    dir = kind === "file" ? mkdtempSync(`${tmpdir()}/parley-group-`) : null;
    store = await openStore({ url: dir ? `file:${dir}/g.db` : ":memory:" });
    await migrate(store);
  });
  afterEach(async () => {
    store.close();
    if (dir) (await import("node:fs")).rmSync(dir, { recursive: true, force: true });
  });

  it("commits the good writes of a batch and rolls back only the failing one", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        store.write(async (tx) => {
          await tx
            .insert(liveFeed)
            .values({ siteId: "s", topic: "t", entityId: `e${i}`, data: {}, at: i });
          if (i === 4) throw new Error("job 4 fails after writing");
          return i;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i === 4 ? "rejected" : "fulfilled")),
    );
    const rows = await store.read((db) =>
      db.select({ entityId: liveFeed.entityId }).from(liveFeed),
    );
    expect(rows.map((r) => r.entityId).sort()).toEqual([
      "e0",
      "e1",
      "e2",
      "e3",
      "e5",
      "e6",
      "e7",
      "e8",
      "e9",
    ]);
  });
});
