// The one Prisma client of the app. DATABASE_URL picks the database (see database-target.ts):
// the embedded SQLite file by default, PostgreSQL when it is a postgres:// URL.
//
// Each provider has its own generated client (Prisma generates SQL for one provider per client),
// loaded at run time so that the bundler never touches the generated code. Both clients come from
// the same models, so the SQLite client's types (@prisma/client) describe either.
import { createRequire } from "node:module";
import type { PrismaClient } from "@prisma/client";
import { driverAdapter } from "./database-adapter";
import { databaseTarget, type DatabaseTarget } from "./database-target";

export type Database = PrismaClient;

const require = createRequire(import.meta.url);

export function createDatabase(target: DatabaseTarget = databaseTarget(process.env.DATABASE_URL)): Database {
  const generated = require(target.generatedClientPath) as { PrismaClient: typeof PrismaClient };
  return new generated.PrismaClient({ adapter: driverAdapter(target) });
}

declare global {
  // Reused across Vite's hot reloads in development, so reloading does not open new connections.
  var attachDatabase: Database | undefined;
}

const db: Database = globalThis.attachDatabase ?? createDatabase();
if (process.env.NODE_ENV !== "production") globalThis.attachDatabase = db;

export default db;
