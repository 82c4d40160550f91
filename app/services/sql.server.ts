// Raw SQL shared by the services that write many rows at once: bound-value placeholders for the
// provider, identifier quoting, and multi-row inserts and counter additions. Table and column names come
// from the code; values are always bound.
import { randomUUID } from "node:crypto";
import { databaseTarget, type DatabaseProvider } from "../database-target";
import db, { connectionOf } from "../db.server";
import type { ShopData } from "./shop-scope.server";

/** A shop's transaction client. */
export type Tx = Parameters<Parameters<ShopData["$transaction"]>[0]>[0];

let target: { url: string | undefined; provider: DatabaseProvider } | undefined;
const provider = (): DatabaseProvider => {
  const url = process.env.DATABASE_URL;
  if (target === undefined || target.url !== url) target = { url, provider: databaseTarget(url).provider };
  return target.provider;
};

/** Bound-value placeholders of raw SQL: PostgreSQL numbers them, SQLite takes `?`. */
export function bind(position: number): string {
  return provider() === "postgresql" ? `$${position}` : "?";
}

/**
 * Values for a raw statement and `bound`, which adds one and answers its placeholder. Call it in the order
 * the placeholders appear in the statement: SQLite's are positional.
 */
export function boundValues() {
  const values: unknown[] = [];
  const bound = (value: unknown) => {
    values.push(value);
    return bind(values.length);
  };
  return { values, bound };
}

/**
 * Which index a read uses, on SQLite (`INDEXED BY`): where the best order depends on the range read and
 * SQLite's planner, without statistics, cannot tell. PostgreSQL's planner chooses from its statistics.
 */
export function indexedBy(index: string): string {
  return provider() === "sqlite" ? `INDEXED BY ${quote(index)}` : "";
}

/** A text column ordered by code units, as JavaScript compares strings (PostgreSQL's default is the locale's). */
export function inBinaryOrder(column: string): string {
  return provider() === "postgresql" ? `${column} COLLATE "C"` : column;
}

/**
 * An aggregate of a query's rows into one JSON text: an array with an array of `columns` per row, in no
 * particular order ("[]" without rows). For queries answering thousands of rows: Prisma turns every value
 * of every row into JavaScript one by one (~4 µs a row of 15 numbers on this machine, most of a report's
 * time at 10,000 offers), where one text value and `JSON.parse` cost a fraction of that. Integers stay
 * exact (JSON numbers, below 2^53).
 */
export function jsonRows(columns: readonly string[]): string {
  const cells = columns.map(quote).join(", ");
  return provider() === "postgresql"
    ? `CAST(COALESCE(json_agg(json_build_array(${cells})), '[]') AS TEXT)`
    : `json_group_array(json_array(${cells}))`;
}

/** Prisma's SQLite adapter refuses a statement with more than 999 bound values. */
export const MAX_BOUND_VALUES = 999;

/** A table or column name in SQL (names come from the code, never from input). */
export const quote = (name: string) => `"${name}"`;

/**
 * Inserts rows, one statement per chunk of rows (`suffix`: an ON CONFLICT clause). Raw SQL where a delivery
 * writes per order or per row: Prisma plans every query anew, about 0.5 ms a query on this machine against
 * 0.1–0.3 ms for a raw statement, and at one query per row ingestion took ~18 ms an order. A row of a
 * shop-owned table carries its shop; table and column names come from the code, values are bound. Every
 * row has the columns of the first. Answers how many rows were written, and with `returning`, the rows.
 */
export async function insertRows<Row extends object>(
  tx: Pick<Tx, "$executeRawUnsafe" | "$queryRawUnsafe">,
  table: string,
  rows: ReadonlyArray<Record<string, unknown>>,
  { suffix = "", returning = false }: { suffix?: string; returning?: boolean } = {},
): Promise<{ written: number; rows: Row[] }> {
  const answer = { written: 0, rows: [] as Row[] };
  if (rows.length === 0) return answer;
  const perStatement = rowsPerStatement(rows[0]!);
  for (let start = 0; start < rows.length; start += perStatement) {
    const { sql, values } = insertStatement(table, rows.slice(start, start + perStatement), suffix);
    if (returning) answer.rows.push(...(await tx.$queryRawUnsafe<Row[]>(`${sql} RETURNING *`, ...values)));
    else answer.written += await tx.$executeRawUnsafe(sql, ...values);
  }
  if (returning) answer.written = answer.rows.length;
  return answer;
}

/** How many rows like `row` one statement binds at most. */
export const rowsPerStatement = (row: object) => Math.floor(MAX_BOUND_VALUES / Object.keys(row).length);

/** One INSERT of `rows` (every row has the columns of the first), its values bound. */
export function insertStatement(table: string, rows: ReadonlyArray<Record<string, unknown>>, suffix = "") {
  const columns = Object.keys(rows[0]!);
  const tuples = rows.map(
    (_, row) => `(${columns.map((_, column) => bind(row * columns.length + column + 1)).join(", ")})`,
  );
  const values = rows.flatMap((row) => columns.map((column) => row[column]));
  const sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES ${tuples.join(", ")} ${suffix}`;
  return { sql, values };
}

/**
 * Runs one statement on the app's database connection beside Prisma, outside any transaction; answers the
 * rows it returns (each row's values in its columns' order). Prisma plans every query, raw ones too:
 * storing a webhook delivery took ~0.58 ms through it against ~0.2 ms for the statement alone (this
 * machine, a 2 KB order). Only for the write Shopify waits for (the webhook inbox); everything else goes
 * through Prisma. Values are bound: numbers, strings, booleans, dates and nulls, converted as Prisma
 * converts them.
 */
export async function queryBeside(sql: string, values: readonly unknown[]): Promise<unknown[][]> {
  const connection = await connectionOf(db);
  return (await connection.queryRaw({ sql, args: [...values], argTypes: values.map(argType) })).rows;
}

function argType(value: unknown) {
  const scalarType = (() => {
    if (value === null) return "unknown";
    if (value instanceof Date) return "datetime";
    if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
    if (typeof value === "string") return "string";
    if (typeof value === "boolean") return "boolean";
    throw new Error(`queryBeside: cannot bind a value of type ${typeof value}`);
  })();
  return { scalarType, arity: "scalar" } as const;
}

/**
 * Adds to a shop's counter rows, creating those missing, in one statement (per chunk of rows):
 * `INSERT … ON CONFLICT (shop, key) DO UPDATE SET figure = figure + excluded.figure` (SQLite ≥ 3.24 and
 * PostgreSQL); Prisma has no increment-or-create for many rows. Each row has `key`, the columns in `add`
 * (added), those in `set` (overwritten) and others written only when the row is created. Keys must be
 * distinct (PostgreSQL updates a row once per statement) and in a fixed order, so concurrent transactions
 * lock rows in that order. `returning`: answers the rows as they are after the statement.
 */
export async function addToCounters<Row extends object>(
  tx: Tx,
  table:
    "DailyRollup" | "CustomerRollup" | "OfferWeekTotal" | "CoPurchaseProduct" | "CoPurchasePair" | "CustomerSignal",
  {
    shop,
    key,
    add,
    set = [],
    returning = false,
  }: { shop: string; key: readonly string[]; add: readonly string[]; set?: readonly string[]; returning?: boolean },
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<Row[]> {
  const suffix = `ON CONFLICT (${["shop", ...key].map(quote).join(", ")}) DO UPDATE SET ${[
    ...add.map((column) => `${quote(column)} = ${quote(table)}.${quote(column)} + excluded.${quote(column)}`),
    ...set.map((column) => `${quote(column)} = excluded.${quote(column)}`),
  ].join(", ")}`;
  // The id of a row created here (nothing orders counter rows by id).
  const withShop = rows.map((row) => ({ id: randomUUID(), shop, ...row }));
  return (await insertRows<Row>(tx, table, withShop, { suffix, returning })).rows;
}
