import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { databaseTarget, providerPaths } from "../../app/database-target";
import { prisma } from "../../scripts/db";
import { migrationNames } from "../../scripts/postgres-migrations";
import { dropSchema } from "./global-setup";
import { describeDatabase, runScript } from "./support/catalog";

const url = process.env.DATABASE_URL!;
const target = databaseTarget(url);

describe(`migrations on ${target.provider}`, () => {
  const scratch =
    target.provider === "sqlite"
      ? `file:${path.join(os.tmpdir(), `attach-drift-${process.pid}-${Date.now()}.sqlite`)}`
      : url.replace(/schema=[^&]+/, `schema=attach_drift_${process.pid}_${Date.now()}`);

  afterAll(async () => {
    await db.$disconnect();
    const scratchTarget = databaseTarget(scratch);
    if (scratchTarget.provider === "sqlite") fs.rmSync(scratchTarget.url.slice(5), { force: true });
    else await dropSchema(scratch, scratchTarget.pgSchema!);
  });

  it("connects the app's client to the database of this test project", async () => {
    expect(target.provider).toBe(process.env.ATTACH_TEST_PROVIDER);
    if (target.provider === "postgresql") {
      const [row] = await db.$queryRawUnsafe<Array<{ schema: string }>>("SELECT current_schema()::text AS schema");
      expect(row?.schema).toBe(target.pgSchema);
    } else {
      const rows = await db.$queryRawUnsafe<Array<{ file: string }>>(
        "SELECT file FROM pragma_database_list WHERE name = 'main'",
      );
      expect(`file:${rows[0]?.file}`).toBe(target.url);
    }
  });

  it("builds from the migration folder exactly the schema that prisma/schema.prisma describes", async () => {
    const fromDatamodel = prisma(
      ["migrate", "diff", "--from-empty", "--to-schema-datamodel", target.schemaPath, "--script"],
      scratch,
      true,
    );
    await runScript(scratch, fromDatamodel);
    const migrated = await describeDatabase(url);
    expect(Object.keys(migrated).length).toBeGreaterThan(0);
    expect(migrated).toEqual(await describeDatabase(scratch));
  });

  it("keeps the SQLite and PostgreSQL migration histories in step", () => {
    expect(migrationNames(providerPaths("postgresql").migrationsPath)).toEqual(
      migrationNames(providerPaths("sqlite").migrationsPath),
    );
  });
});
