// Database chores for both providers, driven by DATABASE_URL (see app/database-target.ts).
//
//   tsx scripts/db.ts generate            derive the PostgreSQL schema, generate both Prisma clients
//   tsx scripts/db.ts migrate             apply pending migrations to DATABASE_URL's database
//   tsx scripts/db.ts new-migration NAME  write migration NAME for both providers from schema changes
//
// prisma/schema.prisma (SQLite) is the source of truth; prisma/postgresql/schema.prisma is derived
// from it here, never edited by hand. Migrations are written as datamodel-to-datamodel diffs (from
// prisma/migrated.schema.prisma, the datamodel as of the newest migration), because Prisma's
// shadow-database diffing does not run offline here; test/db/migrations.test.ts proves that both
// migration folders produce exactly the current datamodel.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { derivePostgresSchema } from "../app/database-schema";
import { databaseTarget, projectRoot, providerPaths, type DatabaseProvider } from "../app/database-target";
import { applyPostgresMigrations } from "./postgres-migrations";

const prismaBin = path.join(projectRoot, "node_modules", ".bin", "prisma");
const migratedSchemaPath = path.join(projectRoot, "prisma", "migrated.schema.prisma");
// Any URL of the right provider: generate and diff never connect.
const placeholderUrls: Record<DatabaseProvider, string> = {
  sqlite: "file:./prisma/dev.sqlite",
  postgresql: "postgresql://postgres@127.0.0.1:5432/postgres",
};

export function prisma(args: string[], databaseUrl: string, capture = false): string {
  const out = execFileSync(prismaBin, args, {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: capture ? ["ignore", "pipe", "pipe"] : ["ignore", "ignore", "inherit"],
    encoding: "utf8",
  });
  return out ?? "";
}

function writePostgresSchema() {
  const { schemaPath } = providerPaths("postgresql");
  fs.mkdirSync(path.dirname(schemaPath), { recursive: true });
  fs.writeFileSync(schemaPath, derivePostgresSchema(fs.readFileSync(providerPaths("sqlite").schemaPath, "utf8")));
}

function generate() {
  writePostgresSchema();
  for (const provider of ["sqlite", "postgresql"] as const) prisma(["generate"], placeholderUrls[provider]);
  console.log("Generated the Prisma clients: SQLite (@prisma/client) and PostgreSQL (prisma/generated/postgresql).");
}

export async function migrate(databaseUrl = process.env.DATABASE_URL) {
  writePostgresSchema();
  const target = databaseTarget(databaseUrl);
  if (target.provider === "sqlite") {
    fs.mkdirSync(path.dirname(target.url.slice("file:".length)), { recursive: true });
    prisma(["migrate", "deploy"], target.url);
    return;
  }
  const { applied } = await applyPostgresMigrations(target.url, target.pgSchema ?? "public", target.migrationsPath);
  console.log(applied.length ? `Applied ${applied.join(", ")}` : "No pending migrations.");
}

function newMigration(name: string | undefined) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error("new-migration needs a name of lowercase letters, digits and underscores, e.g. add_bundle_notes");
  }
  writePostgresSchema();
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const current = fs.readFileSync(providerPaths("sqlite").schemaPath, "utf8");
  const previous = fs.existsSync(migratedSchemaPath) ? fs.readFileSync(migratedSchemaPath, "utf8") : undefined;
  const scratch = fs.mkdtempSync(path.join(projectRoot, "prisma", ".diff-"));
  try {
    for (const provider of ["sqlite", "postgresql"] as const) {
      const { schemaPath, migrationsPath } = providerPaths(provider);
      let from = ["--from-empty"];
      if (previous) {
        const previousPath = path.join(scratch, `${provider}.prisma`);
        fs.writeFileSync(previousPath, provider === "sqlite" ? previous : derivePostgresSchema(previous));
        from = ["--from-schema-datamodel", previousPath];
      }
      const sql = prisma(
        ["migrate", "diff", ...from, "--to-schema-datamodel", schemaPath, "--script"],
        placeholderUrls[provider],
        true,
      )
        // Migrations must not name a PostgreSQL schema: each deployment chooses its own.
        .replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/m, "");
      if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) {
        console.log(`${provider}: the schema has no changes since the newest migration; nothing written.`);
        return;
      }
      fs.mkdirSync(migrationsPath, { recursive: true });
      fs.writeFileSync(path.join(migrationsPath, "migration_lock.toml"), `provider = "${provider}"\n`);
      const dir = path.join(migrationsPath, `${stamp}_${name}`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "migration.sql"), sql);
      console.log(`wrote ${path.relative(projectRoot, dir)}/migration.sql`);
    }
    fs.writeFileSync(migratedSchemaPath, current);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const [command, arg] = process.argv.slice(2);
const commands: Record<string, () => unknown> = {
  generate,
  migrate: () => migrate(),
  "new-migration": () => newMigration(arg),
};
if (import.meta.url === `file://${process.argv[1]}`) {
  if (!command || !commands[command]) {
    console.error(`usage: tsx scripts/db.ts ${Object.keys(commands).join(" | ")}`);
    process.exit(2);
  }
  Promise.resolve(commands[command]()).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
