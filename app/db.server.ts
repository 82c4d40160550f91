// The one Prisma client of the app. DATABASE_URL picks the database (see database-target.ts):
// the embedded SQLite file by default, PostgreSQL when it is a postgres:// URL.
//
// Each provider has its own generated client (Prisma generates SQL for one provider per client),
// loaded at run time so that the bundler never touches the generated code. Both clients come from
// the same models, so the SQLite client's types (@prisma/client) describe either.
import { createRequire } from "node:module";
import type { PrismaClient } from "@prisma/client";
import { driverAdapter, type Connection, type KeptConnection } from "./database-adapter";
import { databaseTarget, type DatabaseTarget } from "./database-target";

export type Database = PrismaClient;

const require = createRequire(import.meta.url);

// The client's driver adapter, kept on the client itself so that it survives Vite's reloads with it.
const DRIVER_ADAPTER = Symbol.for("attach.driverAdapter");

export function createDatabase(target: DatabaseTarget = databaseTarget(process.env.DATABASE_URL)): Database {
  const generated = require(target.generatedClientPath) as { PrismaClient: typeof PrismaClient };
  const adapter = driverAdapter(target);
  return Object.assign(new generated.PrismaClient({ adapter }), { [DRIVER_ADAPTER]: adapter });
}

/**
 * The connection `client` runs its statements on (opened if it is not yet), for the few statements run
 * beside Prisma (`queryBeside` in services/sql.server.ts).
 */
export async function connectionOf(client: Database): Promise<Connection> {
  const adapter = (client as Database & { [DRIVER_ADAPTER]?: KeptConnection })[DRIVER_ADAPTER];
  if (!adapter) throw new Error("connectionOf: the client was not made by createDatabase");
  if (!adapter.connection) await client.$connect();
  if (!adapter.connection) throw new Error("connectionOf: the database connection did not open");
  return adapter.connection;
}

declare global {
  // Reused across Vite's hot reloads in development, so reloading does not open new connections.
  var attachDatabase: Database | undefined;
}

const db: Database = globalThis.attachDatabase ?? createDatabase();
if (process.env.NODE_ENV !== "production") globalThis.attachDatabase = db;

export default db;
