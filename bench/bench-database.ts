// A throw-away database for one benchmark process: a temporary SQLite file or a fresh PostgreSQL schema
// on the local server, migrated like production, and the environment the app's modules read at import
// (DATABASE_URL, the test app's credentials). Import the app's modules only after `openBenchDatabase`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { DatabaseProvider } from "../app/database-target";
import { migrate } from "../scripts/db";

const postgresServer = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export const BENCH_APP = { apiKey: "attach-bench-key", apiSecret: "attach-bench-secret" };

export function parseProvider(value: string | undefined): DatabaseProvider {
  if (value === "sqlite" || value === "postgresql") return value;
  throw new Error(`Give the database: sqlite or postgresql (got ${JSON.stringify(value)})`);
}

export async function openBenchDatabase(provider: DatabaseProvider) {
  const id = `${Date.now().toString(36)}_${process.pid}`;
  const sqliteFile = path.join(os.tmpdir(), `attach-bench-${id}.sqlite`);
  const schema = `attach_bench_${id}`;
  const url = provider === "sqlite" ? `file:${sqliteFile}` : `${postgresServer}?schema=${schema}`;
  Object.assign(process.env, {
    DATABASE_URL: url,
    NODE_ENV: "production",
    SHOPIFY_API_KEY: BENCH_APP.apiKey,
    SHOPIFY_API_SECRET: BENCH_APP.apiSecret,
    SHOPIFY_APP_URL: "https://attach.bench",
    SCOPES: "read_orders",
  });
  await migrate(url);
  return {
    url,
    async drop() {
      if (provider === "sqlite") {
        for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(sqliteFile + suffix, { force: true });
        return;
      }
      const client = new pg.Client({ connectionString: postgresServer });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** p-th percentile (0–100) of sorted numbers, nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
