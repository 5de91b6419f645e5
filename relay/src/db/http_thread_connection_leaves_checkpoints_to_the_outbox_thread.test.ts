import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { openStore, type Store } from "./store";

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function walAfterBigWrites(checkpoints: "auto" | "manual") {
  const dir = mkdtempSync(path.join(tmpdir(), "parley-checkpoint-"));
  dirs.push(dir);
  const file = path.join(dir, "relay.db");
  const store = await openStore({ url: `file:${file}`, checkpoints });
  stores.push(store);
  await store.client.execute("create table t (id integer primary key, pad text)");
  // ~1,500 pages of 4 KiB in 30 commits: past SQLite's automatic checkpoint at 1,000 pages.
  for (let i = 0; i < 30; i++)
    await store.write(async (tx) => {
      for (let j = 0; j < 50; j++) await tx.run(sql`insert into t (pad) values (randomblob(4000))`);
    });
  return { store, file, size: () => statSync(file).size };
}

it("a manual-checkpoint connection leaves the database file alone until checkpoint()", async () => {
  const MB = 1024 * 1024;
  const auto = await walAfterBigWrites("auto");
  const manual = await walAfterBigWrites("manual");
  // Auto: commits past 1,000 WAL pages copied them into the database file (~6 MB written).
  expect(auto.size()).toBeGreaterThan(3 * MB);
  // Manual: all of it is still in the WAL only.
  expect(manual.size()).toBeLessThan(1 * MB);
  expect(statSync(`${manual.file}-wal`).size).toBeGreaterThan(5 * MB);
  await manual.store.checkpoint();
  expect(manual.size()).toBeGreaterThan(5 * MB);
});
