// Suggestions in local mode, as a merchant would use them: the demo shop's order history reaches the app
// the way new orders do — signed orders/create webhooks to the app's real webhook route (the backfill is
// not needed) — and the Suggestions page shows the seeded co-purchase structure with its evidence, ranked
// as the page says (checked against a recount from the app's raw order facts); "Create pairing" on a
// suggestion makes the pairing.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { projectRoot } from "../../app/database-target";
import { evidenceSentence } from "../../app/domain/suggestions";
import { ADMIN_API_VERSION } from "../../app/shopify.api-version";
import { LOCAL_API_SECRET } from "../../local/guard";
import type { EmulatedShop } from "../../local/shop/types";
import { deliverWebhook, orderWebhookPayload, webhookSubscriptions } from "../../local/webhooks";
import { launchBrowser, newLocalPage, screenshot } from "./support/browser";

// The gym membership: the seed's most frequent anchor, so a few hundred orders show its complements.
const ANCHOR = "Pulse Gym Membership";
/** The first orders of the seeded year: enough for the membership's complements to pass the minimum count. */
const ORDERS = 400;
const DELIVERIES_AT_ONCE = 4;

const gid = (id: number) => `gid://shopify/Product/${id}`;

/** The seeded shop, as local mode saved it next to the app's database (test/e2e/global-setup.ts). */
function seededShop(): EmulatedShop {
  const file = path.join(path.dirname(inject("appDatabaseFile")), "shop.json");
  return JSON.parse(fs.readFileSync(file, "utf8")) as EmulatedShop;
}

interface Expected {
  complementId: number;
  title: string;
  evidence: string;
}

/** Each counted order's products, recounted from the app's raw order facts (every order it has seen). */
function countedBaskets(database: Database.Database): Array<Set<number>> {
  const lines = database
    .prepare(
      `SELECT o.id AS orderFact, o.cancelledAt, l.productId, l.quantity, l.refundedQuantity
         FROM OrderFact o JOIN OrderLineFact l ON l.orderFactId = o.id`,
    )
    .all() as Array<{
    orderFact: string;
    cancelledAt: string | null;
    productId: string | null;
    quantity: number;
    refundedQuantity: number;
  }>;
  const orders = new Map<string, typeof lines>();
  for (const line of lines) orders.set(line.orderFact, [...(orders.get(line.orderFact) ?? []), line]);
  return [...orders.values()]
    .filter((order) => order[0]!.cancelledAt === null && order.some((l) => l.refundedQuantity < l.quantity))
    .map((order) => new Set(order.flatMap((l) => (l.productId ? [Number(l.productId.split("/").pop())] : []))))
    .filter((basket) => basket.size > 0);
}

/**
 * The anchor's best complements, recounted independently of the app: at least 5 orders together; lift
 * above 1; no gift cards, nothing sold out or inactive; best lift first (compared exactly), then most
 * orders together, then product id in byte order.
 */
function expectedComplements(shop: EmulatedShop, baskets: Array<Set<number>>, anchorId: number): Expected[] {
  const n = baskets.length;
  const withAnchor = baskets.filter((b) => b.has(anchorId));
  const anchorTitle = shop.products.find((p) => p.id === anchorId)!.title;
  const candidates = shop.products
    .filter((p) => p.id !== anchorId && p.status === "ACTIVE" && !p.isGiftCard)
    .filter((p) => p.variants.some((v) => v.inventoryPolicy === "continue" || v.inventoryQuantity > 0))
    .map((p) => ({
      product: p,
      together: withAnchor.filter((b) => b.has(p.id)).length,
      orders: baskets.filter((b) => b.has(p.id)).length,
    }))
    .filter((c) => c.together >= 5 && c.together * n > withAnchor.length * c.orders);
  candidates.sort(
    (a, b) =>
      b.together * a.orders - a.together * b.orders ||
      b.together - a.together ||
      (gid(a.product.id) < gid(b.product.id) ? -1 : 1),
  );
  return candidates.slice(0, 5).map((c) => ({
    complementId: c.product.id,
    title: c.product.title,
    evidence: evidenceSentence(
      {
        count: c.together,
        antecedentOrders: withAnchor.length,
        confidence: c.together / withAnchor.length,
        lift: (c.together * n) / (withAnchor.length * c.orders),
      },
      anchorTitle,
    ),
  }));
}

describe("suggestions in local mode", () => {
  let browser: Browser;
  let admin: Page;
  let app: FrameLocator;
  let shop: EmulatedShop;
  let anchorId: number;
  let expected: Expected[];

  const chrome = () => admin.locator("#local-admin-chrome");
  const toast = (text: RegExp) => admin.locator("#local-toasts div", { hasText: text }).last();
  const appDatabase = () => new Database(inject("appDatabaseFile"), { readonly: true });

  beforeAll(async () => {
    shop = seededShop();
    const orders = shop.orders.slice(0, ORDERS);
    anchorId = shop.products.find((p) => p.title === ANCHOR)!.id;
    // Opening Home starts the order history import (the backfill), and another browser test may have: the
    // recount below must not race it. This test itself never opens Home.
    const database = appDatabase();
    try {
      const importing = database.prepare(
        "SELECT COUNT(*) AS n FROM BackfillJob WHERE status NOT IN ('completed', 'failed')",
      );
      await vi.waitFor(() => expect((importing.get() as { n: number }).n).toBe(0), {
        timeout: 120_000,
        interval: 1000,
      });
    } finally {
      database.close();
    }

    const route = webhookSubscriptions(projectRoot).get("orders/create")!;
    const queue = [...orders];
    const deliverNext = async (): Promise<void> => {
      const order = queue.shift();
      if (!order) return;
      const delivery = {
        appUrl: inject("appUrl"),
        apiSecret: LOCAL_API_SECRET,
        apiVersion: ADMIN_API_VERSION,
        shop: shop.domain,
        topic: "orders/create",
        path: route,
        payload: orderWebhookPayload(order, shop.currencyCode),
        webhookId: `e2e-suggestions-${order.id}`,
      };
      // Like Shopify, delivers again when the connection fails: the app stores a webhook id once.
      const status = await deliverWebhook(delivery).catch(() => deliverWebhook(delivery));
      expect(status).toBe(200);
      return deliverNext();
    };
    await Promise.all(Array.from({ length: DELIVERIES_AT_ONCE }, deliverNext));
    // Webhooks are processed just after they are answered.
    const facts = appDatabase();
    try {
      const processed = facts.prepare(
        "SELECT COUNT(*) AS n FROM WebhookDelivery WHERE webhookId LIKE 'e2e-suggestions-%' AND status = 'processed'",
      );
      await vi.waitFor(() => expect((processed.get() as { n: number }).n).toBe(orders.length), {
        timeout: 120_000,
        interval: 500,
      });
      // Other browser tests' orders count too: the recount reads every order the app has.
      expected = expectedComplements(shop, countedBaskets(facts), anchorId);
    } finally {
      facts.close();
    }

    browser = await launchBrowser();
    admin = await newLocalPage(browser);
    app = admin.frameLocator("iframe[name=app-iframe]");
  });
  afterAll(() => browser?.close());

  it("shows the membership's seeded complements with their evidence, ranked by lift", async () => {
    // The seed plants fitness products with the membership; the recount finds several above the minimum.
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const fitness = new Set(shop.collections.find((c) => c.handle === "fitness")!.productIds);
    expect(expected.every((e) => fitness.has(e.complementId))).toBe(true);

    await admin.goto(`${inject("appUrl")}/app/suggestions`);
    await expect.poll(() => chrome().locator(".local-title h1").textContent()).toBe("Suggestions");
    expect(await chrome().locator("nav a", { hasText: "Suggestions" }).count()).toBe(1);
    await app.getByText("Ranked by lift").waitFor();

    await app.getByRole("button", { name: "Search and filter results" }).click();
    await app.getByPlaceholder("Filter by product title").fill(ANCHOR);
    const group = app.locator("tr", { hasText: `${ANCHOR} · bought in` });
    await group.waitFor();
    await expect.poll(() => app.locator("tbody tr").count()).toBe(1 + expected.length);
    const rows = app.locator("tbody tr").filter({ hasNotText: `${ANCHOR} · bought in` });
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector("td")!.textContent, tr.querySelectorAll("td")[1]!.textContent]),
    );
    expect(shown).toEqual(expected.map((e) => [e.title, e.evidence]));
    await screenshot(admin, "suggestions-membership");
  });

  it("creates a pairing from the best suggestion", async () => {
    const [best] = expected;
    const row = app.locator("tbody tr", { hasText: best!.evidence });
    await row.getByRole("button", { name: /^Create pairing/ }).click();
    await toast(/Pairing created|Added to the pairing/).waitFor();
    // Once paired, it is no longer suggested for the membership.
    await expect.poll(() => row.count()).toBe(0);

    const database = appDatabase();
    try {
      const pairing = database
        .prepare(
          `SELECT p.status, p.source FROM Pairing p JOIN PairingComplement c ON c.pairingId = p.id
            WHERE p.anchorId = ? AND c.productId = ?`,
        )
        .get(gid(anchorId), gid(best!.complementId));
      expect(pairing).toEqual({ status: "active", source: "suggested" });
    } finally {
      database.close();
    }

    await chrome().locator("nav a", { hasText: "Pairings" }).click();
    await expect.poll(() => chrome().locator(".local-title h1").textContent()).toBe("Pairings");
    await expect.poll(() => app.locator("tr", { hasText: ANCHOR }).textContent()).toContain("from suggestions");
    await screenshot(admin, "suggestions-pairing-created");
  });
});
