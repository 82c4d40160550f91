// Background work of the app process, kept deliberately small (no queue server):
// - `inBackground(task)`: work started by a request that must not delay its response. Failures are
//   logged; the work is tracked so tests and a graceful shutdown can wait for it (`backgroundWorkSettled`).
// - `requestInboxDrain()`: the webhook route calls it after storing a delivery. One drain at a time per
//   process processes the new deliveries in the order they arrived; requests during a drain make it go
//   round once more. One drain rather than one task per webhook, and it gives way while webhooks are
//   being answered (`answeringWebhook`): on SQLite (one connection, one transaction at a time)
//   processing would otherwise hold up the answers Shopify waits for.
// - `startBackgroundJobs()`: once per process, a sweep at startup and then every minute that
//   processes inbox deliveries still `received` — left by a crash between storing and processing, or
//   by an attempt that failed for a passing reason (a refund before its order) — and moves order
//   history imports along (a bulk operation finished, an import a crash interrupted), refreshes the
//   co-purchase counts once a night (app/services/co-purchase.server.ts), and keeps the
//   responsible-targeting exclusion tag in sync, with a daily re-evaluation
//   (app/services/customer-signals.server.ts), and sends the follow-up offers that are due
//   (app/services/follow-up.server.ts). Processing is idempotent and claims each delivery in its
//   transaction, so several app instances may drain and sweep the same database.
import type { AdminGraphql } from "./admin-graphql.server";
import { advanceBackfills } from "./backfill.server";
import { refreshCoPurchaseNightly } from "./co-purchase.server";
import { runCustomerTargeting } from "./customer-signals.server";
import { runFollowUps } from "./follow-up.server";
import { processPendingDeliveries } from "./order-ingestion.server";

const SWEEP_INTERVAL_MS = 60_000;
/** Deliveries younger than this are left to the drain that their webhook started. */
const SWEEP_GRACE_MS = 30_000;

const pending = new Set<Promise<unknown>>();

/** Runs `task` without waiting for it; logs its failure. */
export function inBackground(name: string, task: () => Promise<unknown>): void {
  const running = Promise.resolve()
    .then(task)
    .catch((error: unknown) => console.error(`Background task failed: ${name}`, error))
    .finally(() => pending.delete(running));
  pending.add(running);
}

/** Resolves once every task started with `inBackground` (so far, and meanwhile) has finished. */
export async function backgroundWorkSettled(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}

// `adminFor`, from startBackgroundJobs: product deliveries publish offers again, which needs an Admin client.
const drain: { running: boolean; again: boolean; adminFor?: (shop: string) => Promise<AdminGraphql> } = {
  running: false,
  again: false,
};
let webhooksBeingAnswered = 0;
let lastAnsweredAt = 0;
/** Longest the drain gives way to webhooks being answered before it processes one more delivery. */
const DRAIN_YIELD_MS = 250;
/**
 * A burst of webhooks is over when none has been answered for this long. Over HTTP the next request of a
 * burst is often still being read when the last answer goes out; a drain transaction started in that gap
 * would hold it up.
 */
const BURST_GAP_MS = 10;

/**
 * Runs the answer to a webhook; meanwhile the drain waits (up to DRAIN_YIELD_MS per transaction), so a
 * burst of webhooks is answered first and processed after. On SQLite, whose one connection runs one
 * transaction at a time, processing would otherwise hold up every answer.
 */
export async function answeringWebhook<T>(answer: () => Promise<T>): Promise<T> {
  webhooksBeingAnswered += 1;
  try {
    return await answer();
  } finally {
    webhooksBeingAnswered -= 1;
    lastAnsweredAt = Date.now();
  }
}

/**
 * The drain's pace: waits while a burst of webhooks is being answered, up to DRAIN_YIELD_MS; if it still
 * is, the next transaction takes one delivery, not a batch (processPendingDeliveries), so that it holds the
 * answers up for milliseconds, not tens of them.
 */
async function giveWayToWebhooks(): Promise<number | void> {
  // SQLite's driver is synchronous: without a turn of the event loop, a drain would hold off every socket.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const since = Date.now();
  while (webhooksBeingAnswered > 0 || Date.now() - lastAnsweredAt < BURST_GAP_MS) {
    if (Date.now() - since >= DRAIN_YIELD_MS) return 1;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export function requestInboxDrain(): void {
  if (drain.running) {
    drain.again = true;
    return;
  }
  drain.running = true;
  inBackground("inbox drain", async () => {
    try {
      do {
        drain.again = false;
        await processPendingDeliveries({ onlyFresh: true, pace: giveWayToWebhooks, adminFor: drain.adminFor });
      } while (drain.again);
    } finally {
      drain.running = false;
    }
  });
}

declare global {
  // One sweep timer per process, even when Vite reloads the server modules in development.
  var attachJobsTimer: ReturnType<typeof setInterval> | undefined;
}

export function startBackgroundJobs({ adminFor }: { adminFor: (shop: string) => Promise<AdminGraphql> }): void {
  drain.adminFor = adminFor;
  if (globalThis.attachJobsTimer) return;
  let running = false;
  const sweep = async (graceMs: number) => {
    if (running) return;
    running = true;
    try {
      await processPendingDeliveries({ receivedBefore: new Date(Date.now() - graceMs), adminFor });
    } catch (error) {
      console.error("Inbox sweep failed", error);
    }
    try {
      await advanceBackfills(adminFor);
    } catch (error) {
      console.error("Order history import sweep failed", error);
    }
    try {
      await refreshCoPurchaseNightly();
    } catch (error) {
      console.error("Co-purchase refresh failed", error);
    }
    try {
      await runCustomerTargeting(adminFor);
    } catch (error) {
      console.error("Responsible targeting sweep failed", error);
    }
    try {
      await runFollowUps(adminFor);
    } catch (error) {
      console.error("Follow-up offers sweep failed", error);
    } finally {
      running = false;
    }
  };
  globalThis.attachJobsTimer = setInterval(() => void sweep(SWEEP_GRACE_MS), SWEEP_INTERVAL_MS);
  globalThis.attachJobsTimer.unref();
  // At startup, what is still `received` was mostly left by a previous process; racing a delivery a
  // request is processing right now is harmless (the claim lets one of them through).
  void sweep(0);
}
