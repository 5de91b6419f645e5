import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, LibsqlError, type Client } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import { LocalClient } from "./local-client";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function pair(): { ours: Client; theirs: Client } {
  const dir = mkdtempSync(path.join(tmpdir(), "parley-local-client-"));
  dirs.push(dir);
  return {
    ours: new LocalClient(path.join(dir, "ours.db")),
    theirs: createClient({ url: `file:${path.join(dir, "theirs.db")}` }),
  };
}

/** What a caller can observe of a result: columns, rows by name and by index, counts. */
async function observe(client: Client, sql: string, args: (string | number | null)[] = []) {
  const result = await client.execute({ sql, args });
  return {
    columns: result.columns,
    byName: result.rows.map((row) => ({ ...row })),
    byIndex: result.rows.map((row) => Array.prototype.slice.call(row)),
    rowsAffected: result.rowsAffected,
    lastInsertRowid: result.lastInsertRowid,
  };
}

describe("the relay's local libSQL client", () => {
  it("gives the same results as @libsql/client for the same statements", async () => {
    const { ours, theirs } = pair();
    const script: [string, (string | number | null)[]][] = [
      ["create table t (id integer primary key, name text, n integer, data text)", []],
      ["insert into t (name, n, data) values (?, ?, ?)", ["a", 1, '{"x":1}']],
      ["insert into t (name, n, data) values (?, ?, ?)", ["b", 2, null]],
      ["insert into t (name, n) values (?, ?) returning id, name", ["c", 3]],
      ["update t set n = n + 10 where n > ?", [1]],
      ["select * from t order by id", []],
      ["select count(*) as n, max(n) from t", []],
      ["select name as n, n from t where id = ?", [1]],
    ];
    for (const [sql, args] of script)
      expect(await observe(ours, sql, args), sql).toEqual(await observe(theirs, sql, args));
    ours.close();
    theirs.close();
  });

  it("reports SQLite errors as LibsqlError with the same code and message", async () => {
    const { ours, theirs } = pair();
    const failure = async (client: Client) => {
      await client.execute("create table u (k text primary key)");
      await client.execute({ sql: "insert into u values (?)", args: ["x"] });
      return client.execute({ sql: "insert into u values (?)", args: ["x"] }).catch((e) => e);
    };
    const [mine, theirsError] = [await failure(ours), await failure(theirs)];
    expect(mine).toBeInstanceOf(LibsqlError);
    expect([mine.code, mine.message]).toEqual([theirsError.code, theirsError.message]);
    expect(mine.message).toMatch(/UNIQUE constraint failed: u\.k/);
    ours.close();
    theirs.close();
  });

  it("sees a new column in a cached `select *` after the schema changed", async () => {
    const { ours } = pair();
    await ours.execute("create table v (a integer)");
    await ours.execute("insert into v values (1)");
    expect((await ours.execute("select * from v")).columns).toEqual(["a"]);
    await ours.execute("alter table v add column b text default 'z'");
    const after = await ours.execute("select * from v");
    expect(after.columns).toEqual(["a", "b"]);
    expect({ ...after.rows[0] }).toEqual({ a: 1, b: "z" });
    ours.close();
  });

  it("keeps a statement outside a transaction waiting until the transaction settles", async () => {
    const { ours } = pair();
    await ours.execute("create table w (a integer)");
    const tx = await ours.transaction("write");
    await tx.execute({ sql: "insert into w values (?)", args: [1] });
    let outsideSaw: number | null = null;
    const outside = ours
      .execute("select count(*) as n from w")
      .then((r) => (outsideSaw = Number(r.rows[0]!.n)));
    await new Promise((r) => setTimeout(r, 20));
    expect(outsideSaw).toBeNull(); // it did not run inside the open transaction
    await tx.rollback();
    await outside;
    expect(outsideSaw).toBe(0);
    // A transaction closed without commit rolls back, and the client is usable after.
    const tx2 = await ours.transaction("write");
    await tx2.execute({ sql: "insert into w values (?)", args: [2] });
    tx2.close();
    expect(Number((await ours.execute("select count(*) as n from w")).rows[0]!.n)).toBe(0);
    ours.close();
  });
});
