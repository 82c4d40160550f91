// The order history import ("backfill"): the last 12 months of orders, read with one Admin GraphQL bulk
// operation and recorded through the same applyOrder as the order webhooks, so reports and co-purchase
// mining start with the shop's history. https://shopify.dev/docs/api/usage/bulk-operations/queries
//
//   start ─▶ running (Shopify gathers the orders) ─▶ importing (we read the JSONL) ─▶ completed
//                         └─────────────── failed (with the reason; "Import again" starts a new run) ◀─┘
//
// Progress is driven from three places, all through advanceBackfill: the admin page polling while an
// import runs, the bulk_operations/finish webhook, and the background sweep (which resumes an import a
// crash interrupted). Recording an order is idempotent (refunds are taken as totals, never added twice),
// so resuming after a crash or importing again never counts an order twice; the JSONL lines already
// imported are skipped on resume only to save time.
import readline from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { BackfillJob } from "@prisma/client";
import { OrderHistoryError, readOrderHistory, type HistoricalOrder } from "../domain/order-history";
import {
  BULK_OPERATION_QUERY,
  BULK_OPERATION_RUN_QUERY,
  ORDER_HISTORY_BULK_QUERY,
  ORDERS_COUNT_QUERY,
} from "../graphql/orders";
import db from "../db.server";
import { adminRequest, ShopifyRequestError, type AdminGraphql } from "./admin-graphql.server";
import { inBackground } from "./jobs.server";
import { applyOrder, isTransient } from "./order-ingestion.server";
import { shopData } from "./shop-scope.server";

export const BACKFILL_MONTHS = 12;
/** An import whose progress has not moved for this long is taken to be interrupted, and resumed. */
export const BACKFILL_STALE_MS = 2 * 60_000;
/** Orders recorded per transaction (and between two progress updates); requests are answered in between. */
const BATCH_SIZE = 10;

const ACTIVE_STATUSES = ["pending", "running", "importing"];

export const BACKFILL_MESSAGES = {
  alreadyRunning: "Your order history is already being imported.",
  shopifyRefused: (reason: string) => `Shopify could not start the import: ${reason}`,
  bulkFailed: (code: string | null) =>
    `Shopify could not gather your orders (${code ? code.toLowerCase().replace(/_/g, " ") : "no reason given"}). Import again to retry.`,
  unreadable: (reason: string) => `The order history could not be read: ${reason}. Import again to retry.`,
  downloadFailed: (status: number) =>
    `The order history could not be downloaded (HTTP ${status}). Import again to retry.`,
} as const;

interface BulkOperation {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  url: string | null;
}

/** The shop's most recent import, if any. */
export function latestBackfill(shop: string) {
  return shopData(shop).backfillJob.findFirst({ orderBy: { startedAt: "desc" } });
}

export function isActive(job: Pick<BackfillJob, "status"> | null): boolean {
  return job !== null && ACTIVE_STATUSES.includes(job.status);
}

/** 12 calendar months before `now`. */
export function backfillSince(now: Date): Date {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - BACKFILL_MONTHS);
  return since;
}

export type StartResult = { ok: true; job: BackfillJob } | { ok: false; message: string; job: BackfillJob | null };

/**
 * Starts an import of the last 12 months, unless one is already running for the shop. The check and the
 * new row are one transaction, so two clicks (or two app instances) start one import.
 */
export async function startBackfill(shop: string, admin: AdminGraphql, now = new Date()): Promise<StartResult> {
  const scoped = shopData(shop);
  const since = backfillSince(now);
  // Serializable: of two concurrent starts, one sees the other's row or fails to commit.
  const job = await scoped
    .$transaction(
      async (tx) => {
        const active = await tx.backfillJob.findFirst({ where: { status: { in: ACTIVE_STATUSES } } });
        if (active) return null;
        return tx.backfillJob.create({ data: { shop, since, status: "pending" } });
      },
      { isolationLevel: "Serializable", maxWait: 10_000 },
    )
    .catch((error: unknown) => {
      // The other start committed first: a serialization failure means "already running".
      if (isTransient(error)) return null;
      throw error;
    });
  if (!job) return { ok: false, message: BACKFILL_MESSAGES.alreadyRunning, job: await latestBackfill(shop) };

  try {
    const search = `created_at:>='${since.toISOString()}'`;
    const counted = await adminRequest<{ ordersCount: { count: number } | null }>(admin, ORDERS_COUNT_QUERY, {
      query: search,
    });
    const query = ORDER_HISTORY_BULK_QUERY.replace(/created_at:>='[^']*'/, search);
    const started = await adminRequest<{
      bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: Array<{ message: string }> };
    }>(admin, BULK_OPERATION_RUN_QUERY, { query });
    const { bulkOperation, userErrors } = started.bulkOperationRunQuery;
    if (!bulkOperation) {
      const reason = userErrors.map((e) => e.message).join("; ") || "no reason given";
      return { ok: false, message: BACKFILL_MESSAGES.shopifyRefused(reason), job: await fail(shop, job.id, reason) };
    }
    const running = await scoped.backfillJob.update({
      where: { id: job.id },
      data: {
        status: "running",
        bulkOperationId: bulkOperation.id,
        ordersExpected: counted.ordersCount?.count ?? null,
      },
    });
    return { ok: true, job: running };
  } catch (error) {
    const reason = error instanceof ShopifyRequestError ? error.message : "Shopify could not be reached";
    await fail(shop, job.id, BACKFILL_MESSAGES.shopifyRefused(reason));
    throw error;
  }
}

function fail(shop: string, id: string, error: string) {
  return shopData(shop).backfillJob.update({
    where: { id },
    data: { status: "failed", error, finishedAt: new Date() },
  });
}

/** Imports running in this process (by job id), so polling does not start a second one. */
const importing = new Set<string>();

/**
 * Moves the shop's active import along: reads the bulk operation's progress while Shopify gathers the
 * orders, starts the import when it has completed, resumes an import that stopped moving. Returns the job.
 */
export async function advanceBackfill(shop: string, admin: AdminGraphql, now = new Date()) {
  const job = await latestBackfill(shop);
  if (!job || !isActive(job) || !job.bulkOperationId || importing.has(job.id)) return job;
  if (job.status === "importing" && now.getTime() - job.updatedAt.getTime() < BACKFILL_STALE_MS) return job;

  const result = await adminRequest<{ node: BulkOperation | null }>(admin, BULK_OPERATION_QUERY, {
    id: job.bulkOperationId,
  });
  const operation = result.node;
  const scoped = shopData(shop);
  if (!operation || ["FAILED", "CANCELED", "EXPIRED"].includes(operation.status)) {
    return fail(shop, job.id, BACKFILL_MESSAGES.bulkFailed(operation?.errorCode ?? operation?.status ?? null));
  }
  const objectCount = Number(operation.objectCount) || 0;
  if (operation.status !== "COMPLETED") {
    return scoped.backfillJob.update({ where: { id: job.id }, data: { objectCount } });
  }
  // Claim the import: only the caller that moves updatedAt from the value it read goes on.
  const claimed = await scoped.backfillJob.updateMany({
    where: { id: job.id, updatedAt: job.updatedAt, status: job.status },
    data: { status: "importing", objectCount },
  });
  if (claimed.count === 0) return latestBackfill(shop);
  importing.add(job.id);
  inBackground(`order history import ${job.id}`, () =>
    importOrderHistory(shop, job.id, operation.url, job.linesImported).finally(() => importing.delete(job.id)),
  );
  return latestBackfill(shop);
}

/** Streams the JSONL result and records each order; resumes after `skipLines`. */
export async function importOrderHistory(shop: string, jobId: string, url: string | null, skipLines: number) {
  const scoped = shopData(shop);
  let ordersImported = (await scoped.backfillJob.findFirstOrThrow({ where: { id: jobId } })).ordersImported;
  try {
    // No URL: the operation completed with no objects (a shop without orders in the range).
    if (url) {
      const response = await fetch(url);
      if (!response.ok || !response.body) throw new DownloadError(response.status);
      const lines = readline.createInterface({
        input: Readable.fromWeb(response.body as WebReadableStream),
        crlfDelay: Infinity,
      });
      let batch: HistoricalOrder[] = [];
      let batchEnd = skipLines;
      // A batch of orders per transaction, with the progress that covers it: one commit per batch.
      const flush = async () => {
        if (batch.length === 0) return;
        const orders = batch;
        batch = [];
        ordersImported += orders.length;
        await scoped.$transaction(
          async (tx) => {
            for (const { order, refunded } of orders) await applyOrder(tx, shop, order, refunded);
            await tx.backfillJob.update({ where: { id: jobId }, data: { linesImported: batchEnd, ordersImported } });
          },
          { maxWait: 10_000, timeout: 60_000 },
        );
      };
      for await (const { order, refunded, lastLine } of readOrderHistory(lines)) {
        if (lastLine <= skipLines) continue;
        batch.push({ order, refunded });
        batchEnd = lastLine;
        if (batch.length >= BATCH_SIZE) {
          const started = Date.now();
          await flush();
          await giveWay(Date.now() - started);
        }
      }
      await flush();
    }
    await scoped.backfillJob.update({
      where: { id: jobId },
      data: { status: "completed", ordersImported, finishedAt: new Date(), error: null },
    });
  } catch (error) {
    const message =
      error instanceof DownloadError
        ? BACKFILL_MESSAGES.downloadFailed(error.status)
        : error instanceof OrderHistoryError
          ? BACKFILL_MESSAGES.unreadable(error.message)
          : null;
    // Anything else (the database went away, the process is stopping) leaves the job `importing`: the
    // sweep resumes it once it has been still for BACKFILL_STALE_MS.
    if (message === null) throw error;
    await scoped.backfillJob.update({ where: { id: jobId }, data: { ordersImported } });
    await fail(shop, jobId, message);
  }
}

/**
 * Lets the process answer requests between two batches, for half as long as the batch took (at most a
 * quarter of a second): the import takes about two thirds of the database's time, and a merchant's page
 * (several queries in a row) still loads while it runs. SQLite's driver is synchronous, so without a pause
 * a chain of database calls resolves in microtasks alone and holds off every timer and socket until it ends.
 */
const giveWay = (batchMs: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.min(MAX_PAUSE_MS, Math.max(1, batchMs / 2))));
const MAX_PAUSE_MS = 250;

class DownloadError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/**
 * Shops whose import needs moving along, for the background sweep: across shops, so it reads the raw
 * client (ids only); each shop is then advanced through its own scoped calls.
 */
export async function shopsWithActiveBackfill(now = new Date()): Promise<string[]> {
  const jobs = await db.backfillJob.findMany({
    where: {
      OR: [
        { status: "running" },
        { status: "importing", updatedAt: { lt: new Date(now.getTime() - BACKFILL_STALE_MS) } },
      ],
    },
    select: { shop: true },
    distinct: ["shop"],
  });
  return jobs.map((job) => job.shop);
}

/** Advances every shop's active import (the sweep), each with an Admin client for its offline session. */
export async function advanceBackfills(adminFor: (shop: string) => Promise<AdminGraphql>, now = new Date()) {
  for (const shop of await shopsWithActiveBackfill(now)) {
    try {
      await advanceBackfill(shop, await adminFor(shop), now);
    } catch (error) {
      console.error(`Order history import of ${shop} could not move along`, error);
    }
  }
}

export interface BackfillView {
  status: "none" | "running" | "importing" | "completed" | "failed";
  active: boolean;
  since: string | null;
  ordersExpected: number | null;
  ordersImported: number;
  /** 0–100 while importing (orders recorded of those expected); null while Shopify gathers them. */
  percent: number | null;
  error: string | null;
  finishedAt: string | null;
}

export function backfillView(job: BackfillJob | null): BackfillView {
  if (!job) {
    return {
      status: "none",
      active: false,
      since: null,
      ordersExpected: null,
      ordersImported: 0,
      percent: null,
      error: null,
      finishedAt: null,
    };
  }
  const status = job.status === "pending" ? "running" : (job.status as BackfillView["status"]);
  const expected = job.ordersExpected;
  const percent =
    status === "completed"
      ? 100
      : status === "importing" && expected
        ? Math.min(99, Math.floor((job.ordersImported / expected) * 100))
        : null;
  return {
    status,
    active: isActive(job),
    since: job.since.toISOString(),
    ordersExpected: expected,
    ordersImported: job.ordersImported,
    percent,
    error: job.error,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/**
 * The admin's view of the import: the first time the app is opened for a shop (its install), the import
 * starts; while one is active, each look moves it along.
 */
export async function backfillOnOpen(shop: string, admin: AdminGraphql): Promise<BackfillView> {
  const job = await latestBackfill(shop);
  if (!job) {
    const started = await startBackfill(shop, admin).catch(() => null);
    return backfillView(started?.job ?? (await latestBackfill(shop)));
  }
  return backfillView(isActive(job) ? await advanceBackfill(shop, admin) : job);
}
