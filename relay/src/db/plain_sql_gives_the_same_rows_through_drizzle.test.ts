import { afterEach, expect, it } from "vitest";
import { rawSql } from "./raw-sql";
import { openStore, type Store } from "./store";

let store: Store | undefined;
afterEach(() => store?.close());

it("plain SQL in a write job (local connection) and through Drizzle's sql give the same rows", async () => {
  store = await openStore({ url: ":memory:" });
  await store.client.execute("create table t (id text primary key, n integer, data text)");
  const insert = "insert into t (id, n, data) values (?, ?, ?) returning id, n * 2 as doubled";
  const select = "select id, n, data from t where n >= ? order by id";
  const inJob = await store.write(async (tx) => {
    const inserted = await rawSql(tx).all(insert, ["a", 1, '{"x":1}']);
    await rawSql(tx).run("insert into t (id, n, data) values (?, ?, ?)", ["b", 2, null]);
    return { inserted, selected: await rawSql(tx).all(select, [1]) };
  });
  // A read is not a write job: the same texts go through Drizzle's `sql` with bound parameters.
  const viaDrizzle = await store.read(async (db) => ({
    selected: await rawSql(db).all(select, [1]),
  }));
  expect(inJob.inserted.map((r) => ({ ...r }))).toEqual([{ id: "a", doubled: 2 }]);
  expect(inJob.selected.map((r) => ({ ...r }))).toEqual(viaDrizzle.selected.map((r) => ({ ...r })));
  expect(viaDrizzle.selected).toEqual([
    { id: "a", n: 1, data: '{"x":1}' },
    { id: "b", n: 2, data: null },
  ]);
  // A value that looks like SQL stays a parameter on both paths.
  const tricky = "x'); drop table t; --";
  await store.write((tx) => rawSql(tx).run("insert into t (id, n) values (?, ?)", [tricky, 3]));
  expect(await store.read((db) => rawSql(db).all("select id from t where n = ?", [3]))).toEqual([
    { id: tricky },
  ]);
});

it("refuses a text whose placeholders do not match its arguments", async () => {
  store = await openStore({ url: ":memory:" });
  await expect(store.read((db) => rawSql(db).all("select ? as a, ? as b", [1]))).rejects.toThrow(
    /2 placeholders but 1 arguments/,
  );
});
