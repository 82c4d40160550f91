// The Prisma driver adapter for a database target: better-sqlite3 for the embedded default,
// node-postgres for PostgreSQL. Shared by the app's client (db.server.ts) and the Prisma CLI.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { postgresConnectionString, type DatabaseTarget } from "./database-target";

export function driverAdapter(target: DatabaseTarget) {
  if (target.provider === "sqlite") return new PrismaBetterSQLite3({ url: target.url });
  const connectionString = postgresConnectionString(target.url);
  // `schema` qualifies the model queries; search_path makes raw SQL use the same schema.
  return new PrismaPg(
    { connectionString, options: `-c search_path="${target.pgSchema}"` },
    { schema: target.pgSchema },
  );
}
