// At most one expensive job of a kind per shop at a time (the co-purchase recompute, the order backfill),
// across every app instance: the ShopJobLock row (primary key shop + kind) is the lock. Inserting it takes
// the lock; a unique violation means the job is already running; a row past its expiry (its holder
// crashed or hung) is taken over. The holder extends its lease while it works and removes the row at the end.
import { randomUUID } from "node:crypto";
import { databaseTarget } from "../database-target";
import { isTransient } from "./order-ingestion.server";
import type { Tx } from "./sql.server";
import { shopData } from "./shop-scope.server";

export interface JobLease {
  /** This run's id, stored in the lock row. */
  owner: string;
  /** Pushes the expiry `leaseMs` past now; throws JobLockLost if another run has taken the lock over. */
  extend: () => Promise<void>;
}

export type LockedRun<T> = { acquired: true; value: T } | { acquired: false; heldUntil: Date };

/** The lease ran out and another run took the lock over: this run must stop writing. */
export class JobLockLost extends Error {
  constructor(kind: string) {
    super(`The ${kind} job's lock expired and was taken over by another run`);
    this.name = "JobLockLost";
  }
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === "P2002";

/**
 * Runs `fn` holding the shop's `kind` lock for `leaseMs` (extend it for longer work), or returns
 * "acquired: false" with the current holder's expiry when another run holds it.
 */
export async function withShopJobLock<T>(
  shop: string,
  kind: string,
  leaseMs: number,
  fn: (lease: JobLease) => Promise<T>,
): Promise<LockedRun<T>> {
  const scoped = shopData(shop);
  const owner = randomUUID();
  const expiry = () => new Date(Date.now() + leaseMs);
  // Twice at most: the holder may release between our insert failing and our take-over finding no row.
  for (let attempt = 1; ; attempt++) {
    try {
      await scoped.shopJobLock.create({ data: { shop, kind, owner, expiresAt: expiry() } });
      break;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    // One UPDATE decides between concurrent take-overs: the loser finds the row no longer expired.
    const takenOver = await scoped.shopJobLock.updateMany({
      where: { kind, expiresAt: { lt: new Date() } },
      data: { owner, expiresAt: expiry() },
    });
    if (takenOver.count === 1) break;
    const holder = await scoped.shopJobLock.findFirst({ where: { kind }, select: { expiresAt: true } });
    if (holder || attempt >= 2) return { acquired: false, heldUntil: holder?.expiresAt ?? new Date() };
  }

  const lease: JobLease = {
    owner,
    extend: async () => {
      const { count } = await scoped.shopJobLock.updateMany({ where: { kind, owner }, data: { expiresAt: expiry() } });
      if (count === 0) throw new JobLockLost(kind);
    },
  };
  try {
    return { acquired: true, value: await fn(lease) };
  } finally {
    await scoped.shopJobLock.deleteMany({ where: { kind, owner } });
  }
}

/**
 * A shop-wide rebuild (co-purchase counts, rollups): `rebuild` runs in one transaction on one snapshot of
 * the shop's rows, under the shop's job lock of `kind`. On PostgreSQL the snapshot is REPEATABLE READ, so
 * a row that ingestion changes meanwhile makes the rebuild fail to commit and start again (up to
 * `attempts`) rather than lose that change; SQLite runs one transaction at a time.
 */
export async function rebuildUnderLock<T>(
  shop: string,
  kind: string,
  timeoutMs: number,
  rebuild: (tx: Tx) => Promise<T>,
  attempts = 5,
): Promise<LockedRun<T>> {
  // Both clients share the SQLite client's types, which know only Serializable; PostgreSQL takes RepeatableRead.
  const isolation =
    databaseTarget(process.env.DATABASE_URL).provider === "postgresql"
      ? ({ isolationLevel: "RepeatableRead" } as unknown as { isolationLevel: "Serializable" })
      : {};
  return withShopJobLock(shop, kind, timeoutMs * 2, async (lease) => {
    for (let attempt = 1; ; attempt++) {
      await lease.extend();
      try {
        return await shopData(shop).$transaction(rebuild, { maxWait: 10_000, timeout: timeoutMs, ...isolation });
      } catch (error) {
        if (isTransient(error) && attempt < attempts) continue;
        throw error;
      }
    }
  });
}
