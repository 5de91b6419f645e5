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
import { LocalClient } from "./local-client";
import { attachRawSql, type RawSql } from "./raw-sql";
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
  /**
   * `auto` (default): SQLite checkpoints the WAL inside whichever COMMIT makes it pass 1,000
   * pages. `manual`: never inside a commit; someone calls `checkpoint()` (server.ts: the outbox
   * thread, every second). A checkpoint syncs the WAL and the database file to disk, which can
   * take tens of milliseconds on a busy disk; inside a commit on the HTTP thread it stalls every
   * request waiting on the event loop, and it holds the write lock the threads share.
   */
  checkpoints?: "auto" | "manual";
}

export interface Store {
  readonly url: string;
  readonly inMemory: boolean;
  readonly client: Client;
  /** Run `fn` with exclusive use of the connection (plain reads or single statements). */
  read<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Run `fn` inside one write transaction (BEGIN IMMEDIATE); a throw rolls everything back. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Copies what it can of the WAL into the database file without waiting for or blocking
   * writers (PRAGMA wal_checkpoint(PASSIVE)); nothing for other databases.
   */
  checkpoint(): Promise<void>;
  close(): void;
}

export const DEFAULTS = { busyTimeoutMs: 5000 } as const;

export function isInMemoryUrl(url: string): boolean {
  return url === ":memory:" || url === "file::memory:" || url.startsWith("file::memory:?");
}

/** The path libSQL opens for a local URL, or null for a remote one (or a file: URL with options). */
function localPath(url: string): string | null {
  if (isInMemoryUrl(url)) return ":memory:";
  if (!url.startsWith("file:") || url.includes("?")) return null;
  const rest = url.slice("file:".length);
  // file:///abs/path and file:/abs/path are the same file; file:relative/path is relative.
  if (!rest.startsWith("//")) return rest;
  return rest.startsWith("///") ? rest.slice(2) : null; // file://host/… is not a local file
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
  const timeout = options.busyTimeoutMs ?? DEFAULTS.busyTimeoutMs;
  const local = localPath(url);
  // Local databases get the statement-caching client (local-client.ts); remote ones libSQL's own.
  const client: Client =
    local !== null
      ? new LocalClient(local, { timeoutMs: timeout })
      : createClient({ url, authToken: options.authToken, concurrency: 1, timeout });
  const isLocalFile = url.startsWith("file:") && !inMemory;
  if (isLocalFile) {
    // WAL lets readers in other processes proceed while one writes; NORMAL syncs at checkpoints,
    // which keeps commits fast and is still crash-safe (a crash loses nothing already committed
    // to the WAL after the OS wrote it; a power cut may lose the last transactions).
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA synchronous = NORMAL");
    if (options.checkpoints === "manual") await client.execute("PRAGMA wal_autocheckpoint = 0");
  }
  const db = drizzle(client, { schema });
  // Write jobs on a local database run their plain-SQL statements straight on the connection.
  const localRaw: RawSql | null =
    client instanceof LocalClient
      ? {
          all: async (text, args) => client.executeInOpenTransaction(text, args).rows,
          run: async (text, args) => void client.executeInOpenTransaction(text, args),
        }
      : null;
  const runJob = <T>(job: { fn: (tx: Tx) => Promise<T> }, tx: Tx): Promise<T> => {
    if (localRaw) attachRawSql(tx, localRaw);
    return job.fn(tx);
  };
  const enqueue = serialQueue();
  const lock = options.writeLock;
  const locked = async <T>(job: () => Promise<T>): Promise<T> => {
    if (!lock) return job();
    await lock.acquire();
    try {
      return await job();
    } finally {
      lock.release();
    }
  };

  // Group commit: writes that queue up while another job runs are committed together, each in
  // its own savepoint (one job's error rolls back only that job). One commit per batch instead
  // of per request saves the transaction overhead and most WAL writes under load. A job is
  // answered only after the batch committed.
  let pending: WriteJob[] = [];
  let flushQueued = false;
  async function flush(): Promise<void> {
    flushQueued = false;
    const batch = pending.slice(0, MAX_GROUP_COMMIT);
    pending = pending.slice(batch.length);
    if (pending.length > 0) {
      flushQueued = true;
      void enqueue(flush);
    }
    if (batch.length === 1) {
      const job = batch[0]!;
      await locked(() => db.transaction((tx) => runJob(job, tx))).then(job.resolve, job.reject);
      return;
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await locked(() =>
        db.transaction(async (outer) => {
          for (const job of batch) {
            try {
              outcomes.push({
                ok: true,
                value: await outer.transaction((inner) => runJob(job, inner)),
              });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        }),
      );
    } catch (error) {
      for (const job of batch) job.reject(error); // the commit failed: nothing of the batch is stored
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  return {
    url,
    inMemory,
    client,
    read: (fn) => enqueue(() => fn(db)),
    write: <T>(fn: (tx: Tx) => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
        if (!flushQueued) {
          flushQueued = true;
          void enqueue(flush);
        }
      }),
    checkpoint: async () => {
      if (isLocalFile) await enqueue(() => client.execute("PRAGMA wal_checkpoint(PASSIVE)"));
    },
    close: () => client.close(),
  };
}

interface WriteJob {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Most writes committed together (bounds how long one batch holds the write lock). */
const MAX_GROUP_COMMIT = 64;
