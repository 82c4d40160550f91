// Which database Attach talks to, derived from DATABASE_URL alone, so the app, the Prisma CLI
// (prisma.config.ts), the scripts and the tests agree. No I/O here.
//
// - unset or `file:…`  → the embedded SQLite default, a file under prisma/ (no server needed)
// - `postgres://…` / `postgresql://…` → PostgreSQL (production, several app instances);
//   a `?schema=` parameter selects the PostgreSQL schema (tests use one per run).
//
// Prisma keeps one provider per schema and per migration history, so each provider has its own
// derived schema file, migration folder and generated client; all come from prisma/schema.prisma.
import path from "node:path";
import { fileURLToPath } from "node:url";

export type DatabaseProvider = "sqlite" | "postgresql";

export interface DatabaseTarget {
  provider: DatabaseProvider;
  url: string;
  /** PostgreSQL schema (namespace) to use; undefined for SQLite. */
  pgSchema?: string;
  schemaPath: string;
  migrationsPath: string;
  /** Module id or path of the Prisma client generated for this provider. */
  generatedClientPath: string;
}

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const defaultSqliteUrl = `file:${path.join(projectRoot, "prisma", "dev.sqlite")}`;

export function providerPaths(provider: DatabaseProvider) {
  const prismaDir = path.join(projectRoot, "prisma");
  return provider === "sqlite"
    ? {
        schemaPath: path.join(prismaDir, "schema.prisma"),
        migrationsPath: path.join(prismaDir, "migrations"),
        generatedClientPath: "@prisma/client",
      }
    : {
        schemaPath: path.join(prismaDir, "postgresql", "schema.prisma"),
        migrationsPath: path.join(prismaDir, "postgresql", "migrations"),
        generatedClientPath: path.join(prismaDir, "generated", "postgresql"),
      };
}

/** node-postgres does not understand Prisma's `schema` query parameter: the URL without it. */
export function postgresConnectionString(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete("schema");
  return parsed.toString();
}

export function databaseTarget(databaseUrl: string | undefined): DatabaseTarget {
  const url = databaseUrl?.trim() || defaultSqliteUrl;
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length);
    if (!file) throw new Error("DATABASE_URL: a file: URL needs a path, e.g. file:./prisma/dev.sqlite");
    const absolute = path.isAbsolute(file) ? file : path.resolve(projectRoot, file);
    return { provider: "sqlite", url: `file:${absolute}`, ...providerPaths("sqlite") };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pgSchema = new URL(url).searchParams.get("schema") ?? "public";
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(pgSchema)) {
      throw new Error(`DATABASE_URL: schema "${pgSchema}" is not a valid PostgreSQL schema name`);
    }
    return { provider: "postgresql", url, pgSchema, ...providerPaths("postgresql") };
  }
  throw new Error(
    "DATABASE_URL must be a file: URL (embedded SQLite) or a postgres:// URL (PostgreSQL); got " +
      JSON.stringify(url.split(":")[0] + ":…"),
  );
}
