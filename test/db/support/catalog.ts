// A provider-neutral description of a database's structure (tables, columns, indexes, foreign keys),
// used to prove that the migration folders build exactly the current datamodel.
import Database from "better-sqlite3";
import pg from "pg";
import { databaseTarget, postgresConnectionString } from "../../../app/database-target";

export type Catalog = Record<string, unknown>;

export async function describeDatabase(url: string): Promise<Catalog> {
  const target = databaseTarget(url);
  return target.provider === "sqlite" ? describeSqlite(target.url.slice(5)) : describePostgres(url, target.pgSchema!);
}

function describeSqlite(file: string): Catalog {
  const sqlite = new Database(file, { readonly: true });
  try {
    const tables = sqlite
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name`,
      )
      .all() as Array<{ name: string }>;
    const catalog: Catalog = {};
    for (const { name } of tables) {
      const indexes = (
        sqlite.pragma(`index_list("${name}")`) as Array<{ name: string; unique: number; origin: string }>
      )
        .map((index) => ({
          name: index.name,
          unique: index.unique,
          origin: index.origin,
          columns: (sqlite.pragma(`index_info("${index.name}")`) as Array<{ name: string }>).map((c) => c.name),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      // Column order is not compared: a column added by a later migration comes last.
      const columns = (sqlite.pragma(`table_info("${name}")`) as Array<{ cid: number; name: string }>)
        .map(({ cid: _cid, ...column }) => column)
        .sort((a, b) => a.name.localeCompare(b.name));
      catalog[name] = {
        columns,
        indexes,
        foreignKeys: sqlite.pragma(`foreign_key_list("${name}")`),
      };
    }
    return catalog;
  } finally {
    sqlite.close();
  }
}

async function describePostgres(url: string, schema: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: postgresConnectionString(url) });
  await client.connect();
  try {
    const columns = await client.query(
      // Column order is not compared: a column added by a later migration comes last.
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = $1 AND table_name NOT LIKE '\\_prisma%'
        ORDER BY table_name, column_name`,
      [schema],
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = $1 AND tablename NOT LIKE '\\_prisma%' ORDER BY tablename, indexname`,
      [schema],
    );
    const constraints = await client.query(
      `SELECT cl.relname AS table_name, co.conname, pg_get_constraintdef(co.oid) AS definition
         FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE n.nspname = $1 AND cl.relname NOT LIKE '\\_prisma%' ORDER BY cl.relname, co.conname`,
      [schema],
    );
    // Definitions name the schema; each database under comparison has its own.
    const unqualified = (text: string) => text.replaceAll(`"${schema}".`, "").replaceAll(`${schema}.`, "");
    return {
      columns: columns.rows,
      indexes: indexes.rows.map((row) => ({ ...row, indexdef: unqualified(row.indexdef) })),
      constraints: constraints.rows.map((row) => ({ ...row, definition: unqualified(row.definition) })),
    };
  } finally {
    await client.end();
  }
}

/** Runs a multi-statement SQL script against a database URL. */
export async function runScript(url: string, sql: string) {
  const target = databaseTarget(url);
  if (target.provider === "sqlite") {
    const sqlite = new Database(target.url.slice(5));
    try {
      sqlite.exec(sql);
    } finally {
      sqlite.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: postgresConnectionString(url) });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.pgSchema}"; SET search_path TO "${target.pgSchema}";`);
    await client.query(sql);
  } finally {
    await client.end();
  }
}
