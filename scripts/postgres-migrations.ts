// Applies prisma/postgresql/migrations to a PostgreSQL database, recording them in Prisma's own
// `_prisma_migrations` table (same columns and checksums as `prisma migrate deploy`).
//
// Why not `prisma migrate deploy`: on our machines Prisma runs its Wasm schema engine through
// @prisma/adapter-pg, which fails on PostgreSQL with "Column type 'name' could not be deserialized"
// (prisma/orm#27403). SQLite goes through `prisma migrate deploy` as usual.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export interface PostgresMigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export function migrationNames(migrationsPath: string): string[] {
  return fs
    .readdirSync(migrationsPath, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(migrationsPath, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

export async function applyPostgresMigrations(
  connectionString: string,
  schema: string,
  migrationsPath: string,
): Promise<PostgresMigrationResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const quoted = `"${schema}"`;
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(`SET search_path TO ${quoted}`);
    // Serialise concurrent deploys (several app instances starting at once).
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [`attach-migrations:${schema}`]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const result: PostgresMigrationResult = { applied: [], alreadyApplied: [] };
    for (const name of migrationNames(migrationsPath)) {
      const sql = fs.readFileSync(path.join(migrationsPath, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      if (done.has(name)) {
        if (done.get(name) !== checksum) {
          throw new Error(
            `migration ${name} was edited after it was applied (checksum differs); add a new migration instead`,
          );
        }
        result.alreadyApplied.push(name);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${(error as Error).message}`);
      }
      result.applied.push(name);
    }
    return result;
  } finally {
    await client.end();
  }
}
