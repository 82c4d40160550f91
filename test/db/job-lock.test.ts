import { afterAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { JobLockLost, withShopJobLock } from "../../app/services/job-lock.server";
import { resetDatabase } from "./support/reset";

const shop = "locks.myshopify.com";
const MINUTE = 60_000;

/** A promise and the function that settles it, to hold a job open while the test looks. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe(`per-shop job locks on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeEach(resetDatabase);
  afterAll(() => db.$disconnect());

  it("runs the job holding the lock row, and removes the row when it ends", async () => {
    const result = await withShopJobLock(shop, "recompute", MINUTE, async (lease) => {
      const row = await db.shopJobLock.findUnique({ where: { shop_kind: { shop, kind: "recompute" } } });
      expect(row).toMatchObject({ owner: lease.owner });
      expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now());
      return 42;
    });
    expect(result).toEqual({ acquired: true, value: 42 });
    expect(await db.shopJobLock.count()).toBe(0);
  });

  it("refuses a second run of the same job for the same shop while the first holds the lock", async () => {
    const { opened, open } = gate();
    let ran = 0;
    const first = withShopJobLock(shop, "recompute", MINUTE, async () => {
      ran += 1;
      await opened;
    });
    await expect.poll(() => db.shopJobLock.count()).toBe(1);
    const second = await withShopJobLock(shop, "recompute", MINUTE, async () => (ran += 1));
    expect(second).toMatchObject({ acquired: false });
    if (!second.acquired) expect(second.heldUntil.getTime()).toBeGreaterThan(Date.now());
    // Other kinds and other shops are independent.
    expect(await withShopJobLock(shop, "backfill", MINUTE, async () => "ok")).toEqual({ acquired: true, value: "ok" });
    expect(await withShopJobLock("other.myshopify.com", "recompute", MINUTE, async () => "ok")).toMatchObject({
      acquired: true,
    });
    open();
    await first;
    expect(ran).toBe(1);
    expect(await withShopJobLock(shop, "recompute", MINUTE, async () => "again")).toEqual({
      acquired: true,
      value: "again",
    });
  });

  it("lets exactly one of two simultaneous runs take the lock", async () => {
    const { opened, open } = gate();
    const runs = [1, 2].map(() => withShopJobLock(shop, "recompute", MINUTE, () => opened));
    await expect.poll(() => db.shopJobLock.count()).toBe(1);
    open();
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
  });

  it("takes over a lock whose holder's lease ran out, and the old holder can no longer extend it", async () => {
    await db.shopJobLock.create({
      data: { shop, kind: "recompute", owner: "crashed", expiresAt: new Date(Date.now() - 1000) },
    });
    const result = await withShopJobLock(shop, "recompute", MINUTE, async (lease) => lease.owner);
    expect(result).toMatchObject({ acquired: true });
    expect(result.acquired && result.value).not.toBe("crashed");
    expect(await db.shopJobLock.count()).toBe(0);

    const stolen = await withShopJobLock(shop, "recompute", MINUTE, async (lease) => {
      await db.shopJobLock.updateMany({ data: { owner: "someone else" } });
      await expect(lease.extend()).rejects.toBeInstanceOf(JobLockLost);
    });
    expect(stolen).toMatchObject({ acquired: true });
    // The loser's clean-up leaves the new holder's row alone.
    expect(await db.shopJobLock.findMany()).toMatchObject([{ owner: "someone else" }]);
  });

  it("releases the lock when the job fails", async () => {
    await expect(
      withShopJobLock(shop, "recompute", MINUTE, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.shopJobLock.count()).toBe(0);
  });

  it("extends the lease while the job works", async () => {
    await withShopJobLock(shop, "recompute", MINUTE, async (lease) => {
      await db.shopJobLock.updateMany({ data: { expiresAt: new Date(Date.now() + 1000) } });
      await lease.extend();
      const row = await db.shopJobLock.findFirstOrThrow();
      expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + MINUTE / 2);
    });
  });
});
