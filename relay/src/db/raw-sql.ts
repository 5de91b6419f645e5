/**
 * Plain SQL text for the statements on the hot path (accepting an action runs about eight of
 * them): Drizzle's query building costs more than running the statement itself on a local
 * database. Inside a store write job on a local database, the text goes straight to the local
 * client, whose prepared statements are reused; anywhere else (a remote database, a read) it goes
 * through Drizzle's `sql` with the same parameters, so the same code runs everywhere.
 *
 * Texts use `?` placeholders and name real columns; rows come back by column name.
 */
import { getTableColumns, getTableName, sql, type SQL, type Table } from "drizzle-orm";
import type { InValue } from "@libsql/client";
import type { Db, Tx } from "./store";

export type SqlRow = Record<string, unknown>;

export interface RawSql {
  all(text: string, args: InValue[]): Promise<SqlRow[]>;
  run(text: string, args: InValue[]): Promise<void>;
}

const attached = new WeakMap<object, RawSql>();

/** store.ts: `tx`'s statements may run through `runner` (it executes in tx's own transaction). */
export function attachRawSql(tx: Tx, runner: RawSql): void {
  attached.set(tx, runner);
}

export function rawSql(tx: Tx | Db): RawSql {
  return attached.get(tx) ?? throughDrizzle(tx);
}

function toDrizzleSql(text: string, args: InValue[]): SQL {
  const parts = text.split("?");
  if (parts.length - 1 !== args.length)
    throw new Error(`SQL has ${parts.length - 1} placeholders but ${args.length} arguments`);
  const query = sql.raw(parts[0]!);
  args.forEach((arg, i) => query.append(sql`${arg}`).append(sql.raw(parts[i + 1]!)));
  return query;
}

function throughDrizzle(tx: Tx | Db): RawSql {
  return {
    all: (text, args) => tx.all<SqlRow>(toDrizzleSql(text, args)),
    run: async (text, args) => {
      await tx.run(toDrizzleSql(text, args));
    },
  };
}

/**
 * `col = ?, …` for a partial row of `table` (Drizzle property names), values converted as Drizzle
 * would store them (JSON columns stringified). Undefined properties are left out.
 */
export function assignments(
  table: Table,
  patch: Record<string, unknown>,
): { text: string; args: InValue[] } {
  const columns = getTableColumns(table);
  const parts: string[] = [];
  const args: InValue[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const column = columns[key];
    if (!column) throw new Error(`${getTableName(table)} has no column ${key}`);
    parts.push(`${column.name} = ?`);
    args.push(value === null ? null : (column.mapToDriverValue(value) as InValue));
  }
  return { text: parts.join(", "), args };
}
