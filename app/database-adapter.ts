// The Prisma driver adapter for a database target: better-sqlite3 for the embedded default,
// node-postgres for PostgreSQL. Shared by the app's client (db.server.ts) and the Prisma CLI.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { postgresConnectionString, type DatabaseTarget } from "./database-target";

/**
 * SQLite in write-ahead-log mode: readers never wait for the writer, and a commit appends to the log
 * instead of rewriting pages and syncing the rollback journal — the difference between about 50 and
 * several hundred webhook deliveries stored a second. `synchronous = NORMAL` is SQLite's advice for
 * WAL: a commit survives an application crash (the crash-recovery tests kill the server); only a power
 * cut can lose the last commits, which Shopify's retries then deliver again. The demo and the browser
 * tests open the same file from two processes, which WAL supports on one machine. A 64 MiB page cache
 * (SQLite's default is 2 MiB): a report reads tens of thousands of rollup rows, which the default cache
 * would read back from the operating system on every report.
 */
const SQLITE_PRAGMAS =
  "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536;";

/** A connection Prisma opened through a driver adapter (both providers' adapters have this interface). */
export type Connection = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

interface AdapterFactory {
  readonly provider: PrismaBetterSQLite3["provider"] | PrismaPg["provider"];
  readonly adapterName: string;
  connect(): Promise<Connection>;
  connectToShadowDb(): Promise<Connection>;
}

/** A driver adapter that keeps the connection Prisma opened through it, until Prisma closes it. */
export interface KeptConnection {
  readonly connection: Connection | undefined;
}

/** `factory`, keeping the connection Prisma opens through it (after `prepare`). */
function keepingConnection(
  factory: AdapterFactory,
  prepare: (connection: Connection) => Promise<Connection> = async (connection) => connection,
): AdapterFactory & KeptConnection {
  const kept: AdapterFactory & { connection: Connection | undefined } = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connection: undefined,
    async connect() {
      const connection = await prepare(await factory.connect());
      return (kept.connection = closing(connection, () => (kept.connection = undefined)));
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
  return kept;
}

/** `adapter`, with `onClose` called when Prisma disposes of it. */
function closing(adapter: Connection, onClose: () => void): Connection {
  return withOverrides(adapter, {
    dispose: () => {
      onClose();
      return adapter.dispose();
    },
  });
}

/** An adapter that forwards to `adapter`, but for `overrides`. */
function withOverrides(adapter: Connection, overrides: Partial<Connection>): Connection {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    ...overrides,
  };
}

/**
 * The SQLite adapter has one connection, and it runs a statement made outside a transaction on that
 * connection even while an interactive transaction is open there: the statement joins the transaction,
 * reads its uncommitted rows, and is undone with it. A webhook delivery stored (and answered) while the
 * inbox drain's transaction was open would vanish if that transaction rolled back. Here every statement
 * outside a transaction waits for the open transaction to end, as it would on a pooled PostgreSQL
 * connection; transactions already wait for each other (the adapter's own lock).
 */
function oneTransactionAtATime(adapter: Connection): Connection {
  let idle: Promise<void> = Promise.resolve();
  const turn = async () => {
    const previous = idle;
    let release!: () => void;
    idle = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  };
  const inTurn = async <T>(statement: () => Promise<T>) => {
    const release = await turn();
    try {
      return await statement();
    } finally {
      release();
    }
  };
  return withOverrides(adapter, {
    queryRaw: (query) => inTurn(() => adapter.queryRaw(query)),
    executeRaw: (query) => inTurn(() => adapter.executeRaw(query)),
    executeScript: (script) => inTurn(() => adapter.executeScript(script)),
    async startTransaction(isolationLevel) {
      const release = await turn();
      try {
        const transaction = await adapter.startTransaction(isolationLevel);
        const end = (ending: () => Promise<void>) => async () => {
          try {
            await ending();
          } finally {
            release();
          }
        };
        return {
          provider: transaction.provider,
          adapterName: transaction.adapterName,
          options: transaction.options,
          queryRaw: (query) => transaction.queryRaw(query),
          executeRaw: (query) => transaction.executeRaw(query),
          commit: end(() => transaction.commit()),
          rollback: end(() => transaction.rollback()),
        };
      } catch (error) {
        release();
        throw error;
      }
    },
  });
}

/**
 * PostgreSQL settings of the app's sessions. A report sums ~25,000 rows per offer into ~10,000 groups: at
 * the default 4 MB of work memory that aggregate sorts instead of hashing, and split over parallel
 * workers it waits for them to start. With 32 MB in one process, a month's per-offer pages took 48–64 ms
 * instead of 108–118 (1,000,000 orders, 10,000 bundles, this 2-core machine; 16 MB gave 70–90). Work
 * memory is per sort or hash node of a running query, so a few of them per busy connection.
 */
const POSTGRES_SETTINGS = "-c work_mem=32MB -c max_parallel_workers_per_gather=0";

export function driverAdapter(target: DatabaseTarget) {
  if (target.provider === "sqlite") {
    return keepingConnection(new PrismaBetterSQLite3({ url: target.url }), async (connection) => {
      await connection.executeScript(SQLITE_PRAGMAS);
      return oneTransactionAtATime(connection);
    });
  }
  const connectionString = postgresConnectionString(target.url);
  // `schema` qualifies the model queries; search_path makes raw SQL use the same schema.
  return keepingConnection(
    new PrismaPg(
      { connectionString, options: `-c search_path="${target.pgSchema}" ${POSTGRES_SETTINGS}` },
      { schema: target.pgSchema },
    ),
  );
}
