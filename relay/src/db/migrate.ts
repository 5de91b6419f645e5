/**
 * Applies drizzle-kit's committed SQL migrations (relay/drizzle) at start. Unlike drizzle's own
 * migrator, the check "which migrations are applied?" runs inside the same BEGIN IMMEDIATE
 * transaction as the migrations, so two relay processes starting together on one database do
 * not both apply them.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { Store } from "./store";

/**
 * relay/drizzle, found beside the bundle (the deploy folder), from src/db (tests, tsx) or from
 * dist (the bundled server in the workspace).
 */
export function defaultMigrationsFolder(): string {
  const candidates = [
    new URL("./drizzle", import.meta.url),
    new URL("../../drizzle", import.meta.url),
    new URL("../drizzle", import.meta.url),
  ];
  for (const candidate of candidates) {
    const folder = fileURLToPath(candidate);
    if (existsSync(`${folder}/meta/_journal.json`)) return folder;
  }
  throw new Error("relay migrations folder (relay/drizzle) not found next to the relay code");
}

export async function migrate(
  store: Store,
  migrationsFolder = defaultMigrationsFolder(),
): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const tx = await store.client.transaction("write");
  try {
    await tx.execute(
      `CREATE TABLE IF NOT EXISTS __drizzle_migrations (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
    );
    const applied = await tx.execute(`SELECT hash FROM __drizzle_migrations`);
    const done = new Set(applied.rows.map((row) => String(row.hash)));
    let count = 0;
    for (const migration of migrations) {
      if (done.has(migration.hash)) continue;
      for (const statement of migration.sql) {
        if (statement.trim()) await tx.execute(statement);
      }
      await tx.execute({
        sql: `INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)`,
        args: [migration.hash, migration.folderMillis],
      });
      count++;
    }
    await tx.commit();
    return count;
  } finally {
    tx.close();
  }
}
