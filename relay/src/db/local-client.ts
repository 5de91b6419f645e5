/**
 * A libSQL `Client` for local databases (`file:` and `:memory:`) that keeps its prepared
 * statements. `@libsql/client`'s embedded client prepares every statement again on each execute
 * and asks it for its columns twice; profiles of the relay under load put that at more than half
 * of all the time spent in the database (the SQL itself is the smaller part), and Drizzle sends
 * the same few dozen SQL texts over and over. This client is the same thing minus that cost:
 * one connection (the relay's store already runs one statement at a time per thread), the same
 * result shape (rows readable by column name and by index), the same `LibsqlError`s, and a
 * bounded cache of prepared statements keyed by SQL text.
 *
 * Remote databases (`libsql://`, `http://`) still use `@libsql/client` (store.ts decides).
 */
import Database from "libsql";
import {
  LibsqlError,
  type Client,
  type InArgs,
  type InStatement,
  type InValue,
  type ResultSet,
  type Row,
  type Transaction,
  type TransactionMode,
} from "@libsql/client";

type SqliteDatabase = InstanceType<typeof Database>;
type Statement = ReturnType<SqliteDatabase["prepare"]>;

interface Prepared {
  statement: Statement;
  returnsData: boolean;
}

/** Prepared statements kept per connection; beyond this the cache starts over. */
const STATEMENT_CACHE_SIZE = 500;
/** Statements that change the schema: prepared statements (and their columns) may be stale after. */
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;

class LocalResultSet implements ResultSet {
  constructor(
    readonly columns: string[],
    readonly columnTypes: string[],
    readonly rows: Row[],
    readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined,
  ) {}
  toJSON() {
    return {
      columns: this.columns,
      columnTypes: this.columnTypes,
      rows: this.rows.map((row) =>
        Array.prototype.map.call(row, (v: unknown) => (typeof v === "bigint" ? `${v}` : v)),
      ),
      rowsAffected: this.rowsAffected,
      lastInsertRowid: this.lastInsertRowid !== undefined ? `${this.lastInsertRowid}` : null,
    };
  }
}

// SQLite's base result codes (extended code & 0xff), as @libsql/client names them.
const BASE_CODES: Record<number, string> = {
  1: "SQLITE_ERROR",
  2: "SQLITE_INTERNAL",
  3: "SQLITE_PERM",
  4: "SQLITE_ABORT",
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  7: "SQLITE_NOMEM",
  8: "SQLITE_READONLY",
  9: "SQLITE_INTERRUPT",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  12: "SQLITE_NOTFOUND",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
  15: "SQLITE_PROTOCOL",
  16: "SQLITE_EMPTY",
  17: "SQLITE_SCHEMA",
  18: "SQLITE_TOOBIG",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
  21: "SQLITE_MISUSE",
  22: "SQLITE_NOLFS",
  23: "SQLITE_AUTH",
  24: "SQLITE_FORMAT",
  25: "SQLITE_RANGE",
  26: "SQLITE_NOTADB",
  27: "SQLITE_NOTICE",
  28: "SQLITE_WARNING",
};

function asLibsqlError(error: unknown): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  const e = error as InstanceType<typeof Database.SqliteError> & { rawCode?: number };
  const code =
    e.rawCode === undefined ? "SQLITE_UNKNOWN" : (BASE_CODES[e.rawCode & 0xff] ?? "SQLITE_UNKNOWN");
  return new LibsqlError(e.message, code, e.code, e.rawCode, e);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

function valueFromSql(value: unknown): unknown {
  if (typeof value === "bigint") {
    if (value > MAX_SAFE || value < MIN_SAFE)
      throw new RangeError(
        "Received integer which cannot be safely represented as a JavaScript number",
      );
    return Number(value);
  }
  if (value instanceof Buffer)
    return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  return value;
}

function valueToSql(value: InValue | undefined): unknown {
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new RangeError("Only finite numbers (not Infinity or NaN) can be passed as arguments");
    return value;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined)
    throw new TypeError("undefined cannot be passed as argument to the database");
  return value;
}

function argsToSql(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (args === undefined) return [];
  if (Array.isArray(args)) return args.map(valueToSql);
  const named: Record<string, unknown> = {};
  for (const name in args) {
    const bare = name[0] === "@" || name[0] === "$" || name[0] === ":" ? name.slice(1) : name;
    named[bare] = valueToSql(args[name]);
  }
  return named;
}

/** A row as @libsql/client builds it: values by index (not enumerable) and by column name. */
function rowFromSql(values: unknown[], columns: string[]): Row {
  const row: Record<string | number, unknown> = {};
  Object.defineProperty(row, "length", { value: values.length });
  for (let i = 0; i < values.length; i++) {
    const value = valueFromSql(values[i]);
    Object.defineProperty(row, i, { value });
    const column = columns[i]!;
    if (!Object.hasOwn(row, column))
      Object.defineProperty(row, column, {
        value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
  }
  return row as unknown as Row;
}

function normalise(stmt: InStatement | [string, InArgs?], args?: InArgs) {
  if (typeof stmt === "string") return { sql: stmt, args };
  if (Array.isArray(stmt)) return { sql: stmt[0], args: stmt[1] };
  return { sql: stmt.sql, args: stmt.args };
}

const BEGIN: Record<TransactionMode, string> = {
  write: "BEGIN IMMEDIATE",
  read: "BEGIN TRANSACTION READONLY",
  deferred: "BEGIN DEFERRED",
};

/** One connection with its statement cache. */
class Connection {
  private readonly cache = new Map<string, Prepared>();
  constructor(readonly db: SqliteDatabase) {}

  /** A cache hit is never a schema change (those are not kept), so only a miss tests for one. */
  private prepare(sql: string): Prepared {
    const cached = this.cache.get(sql);
    if (cached) return cached;
    const schemaChange = SCHEMA_CHANGE.test(sql);
    if (schemaChange || this.cache.size >= STATEMENT_CACHE_SIZE) this.cache.clear();
    const statement = this.db.prepare(sql);
    const returnsData = statement.reader;
    statement.safeIntegers(true);
    if (returnsData) statement.raw(true);
    const prepared = { statement, returnsData };
    if (!schemaChange) this.cache.set(sql, prepared);
    return prepared;
  }

  execute(sql: string, args?: InArgs): ResultSet {
    try {
      const { statement, returnsData } = this.prepare(sql);
      const bound = argsToSql(args);
      if (returnsData) {
        // Columns are read per execution: after a schema change `select *` may have new ones.
        const columns = statement.columns();
        const names = columns.map((c) => c.name);
        const rows = (statement.all(bound) as unknown[][]).map((values) =>
          rowFromSql(values, names),
        );
        return new LocalResultSet(
          names,
          columns.map((c) => c.type ?? ""),
          rows,
          0,
          undefined,
        );
      }
      const info = statement.run(bound);
      return new LocalResultSet([], [], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (error) {
      throw asLibsqlError(error);
    }
  }

  executeMultiple(sql: string): void {
    try {
      this.cache.clear();
      this.db.exec(sql);
    } catch (error) {
      throw asLibsqlError(error);
    }
  }

  rollbackIfOpen(): void {
    if (this.db.open && this.db.inTransaction) this.execute("ROLLBACK");
  }
}

class LocalTransaction implements Transaction {
  closed = false;
  constructor(
    private readonly connection: Connection,
    private readonly settle: () => void,
  ) {}

  private live(): Connection {
    if (this.closed) throw new LibsqlError("The transaction is closed", "TRANSACTION_CLOSED");
    return this.connection;
  }

  async execute(stmt: InStatement): Promise<ResultSet> {
    const { sql, args } = normalise(stmt);
    return this.live().execute(sql, args);
  }

  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    return stmts.map((stmt) => {
      const { sql, args } = normalise(stmt);
      return this.live().execute(sql, args);
    });
  }

  async executeMultiple(sql: string): Promise<void> {
    this.live().executeMultiple(sql);
  }

  async commit(): Promise<void> {
    try {
      this.live().execute("COMMIT");
    } finally {
      this.close();
    }
  }

  async rollback(): Promise<void> {
    if (this.closed) return;
    try {
      this.connection.rollbackIfOpen();
    } finally {
      this.close();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.connection.rollbackIfOpen();
    } finally {
      this.settle();
    }
  }
}

export class LocalClient implements Client {
  closed = false;
  readonly protocol = "file";
  private readonly connection: Connection;
  /** Resolves when the open transaction (if any) has settled: the connection is its alone. */
  private idle: Promise<void> = Promise.resolve();
  private inTransaction = false;

  constructor(path: string, options: { timeoutMs?: number } = {}) {
    this.connection = new Connection(new Database(path, { timeout: options.timeoutMs ?? 0 }));
  }

  private async connectionFor(forTransaction: boolean): Promise<Connection> {
    while (this.inTransaction) await this.idle;
    if (this.closed) throw new LibsqlError("The client is closed", "CLIENT_CLOSED");
    if (forTransaction) this.inTransaction = true;
    return this.connection;
  }

  async execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    const { sql, args: bound } = normalise(stmtOrSql, args);
    return (await this.connectionFor(false)).execute(sql, bound);
  }

  async batch(
    stmts: (InStatement | [string, InArgs?])[],
    mode: TransactionMode = "deferred",
  ): Promise<ResultSet[]> {
    const tx = await this.transaction(mode);
    try {
      const results = await tx.batch(stmts.map((s) => normalise(s)));
      await tx.commit();
      return results;
    } finally {
      tx.close();
    }
  }

  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    const connection = await this.connectionFor(false);
    connection.execute("PRAGMA foreign_keys=off");
    try {
      return await this.batch(stmts, "deferred");
    } finally {
      connection.execute("PRAGMA foreign_keys=on");
    }
  }

  async transaction(mode: TransactionMode = "write"): Promise<Transaction> {
    const connection = await this.connectionFor(true);
    let release!: () => void;
    this.idle = new Promise<void>((resolve) => (release = resolve));
    const settle = () => {
      this.inTransaction = false;
      release();
    };
    try {
      connection.execute(BEGIN[mode]);
    } catch (error) {
      settle();
      throw error;
    }
    return new LocalTransaction(connection, settle);
  }

  async executeMultiple(sql: string): Promise<void> {
    (await this.connectionFor(false)).executeMultiple(sql);
  }

  /**
   * Runs one statement on the connection, inside the transaction that is open on it now. For the
   * store's write jobs (raw-sql.ts), which run while the store's own transaction is open.
   */
  executeInOpenTransaction(sql: string, args: InArgs): ResultSet {
    if (!this.inTransaction || !this.connection.db.inTransaction)
      throw new LibsqlError("no transaction is open on this connection", "TRANSACTION_CLOSED");
    return this.connection.execute(sql, args);
  }

  async sync(): Promise<undefined> {
    return undefined;
  }

  reconnect(): void {
    throw new LibsqlError(
      "reconnect() is not supported by the relay's local client",
      "UNSUPPORTED",
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.connection.db.close();
    } catch {
      // already closed
    }
  }
}
