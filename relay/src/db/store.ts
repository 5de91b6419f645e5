/**
 * The relay's one door to its database. libSQL's embedded driver is synchronous underneath and an
 * in-memory database has a single connection, so every statement in this process goes through
 * one queue: reads and write transactions never interleave, and an open transaction can never
 * starve another caller. Across processes, SQLite's own locking (BEGIN IMMEDIATE + busy timeout)
 * serialises writers.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema";
import type { WriteLock } from "./write-lock";

export type Db = LibSQLDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface StoreOptions {
  /** `file:./data/parley.db` (default), `:memory:`, `libsql://…`, `http://…` */
  url: string;
  authToken?: string;
  /** How long a writer waits for another process's write lock, ms. */
  busyTimeoutMs?: number;
  /** Shared with the other threads of this process that write to the same database. */
  writeLock?: WriteLock;
}

export interface Store {
  readonly url: string;
  readonly inMemory: boolean;
  readonly client: Client;
  /** Run `fn` with exclusive use of the connection (plain reads or single statements). */
  read<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Run `fn` inside one write transaction (BEGIN IMMEDIATE); a throw rolls everything back. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): void;
}

export const DEFAULTS = { busyTimeoutMs: 5000 } as const;

export function isInMemoryUrl(url: string): boolean {
  return url === ":memory:" || url === "file::memory:" || url.startsWith("file::memory:?");
}

function ensureParentFolder(url: string): void {
  if (!url.startsWith("file:") || isInMemoryUrl(url)) return;
  const file = url.slice("file:".length).split("?")[0] ?? "";
  if (file) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
}

/** One promise chain per store: the next job starts when the previous one settled. */
function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>): Promise<T> => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const url = options.url;
  const inMemory = isInMemoryUrl(url);
  ensureParentFolder(url);
  const client = createClient({
    url: inMemory ? ":memory:" : url,
    authToken: options.authToken,
    concurrency: 1,
    timeout: options.busyTimeoutMs ?? DEFAULTS.busyTimeoutMs,
  });
  const isLocalFile = url.startsWith("file:") && !inMemory;
  if (isLocalFile) {
    // WAL lets readers in other processes proceed while one writes; NORMAL syncs at checkpoints,
    // which keeps commits fast and is still crash-safe (a crash loses nothing already committed
    // to the WAL after the OS wrote it; a power cut may lose the last transactions).
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA synchronous = NORMAL");
  }
  const db = drizzle(client, { schema });
  const enqueue = serialQueue();
  return {
    url,
    inMemory,
    client,
    read: (fn) => enqueue(() => fn(db)),
    write: (fn) =>
      enqueue(async () => {
        const lock = options.writeLock;
        if (!lock) return db.transaction((tx) => fn(tx));
        await lock.acquire();
        try {
          return await db.transaction((tx) => fn(tx));
        } finally {
          lock.release();
        }
      }),
    close: () => client.close(),
  };
}
