// Creates the run's databases from the migration folders (as production deploys do) and drops
// them afterwards. Runs once per db project; the project's DATABASE_URL is in ATTACH_TEST_DATABASES.
import fs from "node:fs";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { databaseTarget, postgresConnectionString } from "../../app/database-target";
import { migrate } from "../../scripts/db";

export default async function setup(project: TestProject) {
  const url = project.config.env.DATABASE_URL as string;
  const target = databaseTarget(url);
  if (target.provider === "postgresql") await assertPostgresReachable(url);
  await migrate(url);
  return async () => {
    if (target.provider === "sqlite") {
      for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(target.url.slice(5) + suffix, { force: true });
    } else {
      await dropSchema(url, target.pgSchema!);
    }
  };
}

async function assertPostgresReachable(url: string) {
  const client = new pg.Client({ connectionString: postgresConnectionString(url), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${postgresConnectionString(url)} (${(error as Error).message}). ` +
        "The PostgreSQL tests are never skipped: start it (see README, Tests) or set TEST_POSTGRES_URL.",
    );
  } finally {
    await client.end().catch(() => {});
  }
}

export async function dropSchema(url: string, schema: string) {
  const client = new pg.Client({ connectionString: postgresConnectionString(url) });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
