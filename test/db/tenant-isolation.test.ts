// Tenant isolation, route by route: signed in as a rival shop, every loader and action that takes an id
// is given the owner's ids — to read, change, delete, duplicate, publish — and answers not found, with
// every row of both shops (and the owner's Shopify data) exactly as before. Webhook routes are sent by
// the rival with the owner's order, customer and shop ids. Every file in app/routes must be listed in
// ROUTES below, with the loaders and actions it exports: a new route, or a new action on a known one,
// fails the first tests until its case is written. The static half is test/unit/shop-scope-static.test.ts.
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { adminRequest, BUNDLE_FUNCTION_ID, emulateShopify, installApp, type EmulatedShopify } from "./support/shopify";
import { projectRoot } from "../../app/database-target";
import db from "../../app/db.server";
import { backgroundWorkSettled } from "../../app/services/jobs.server";
import { ingestWebhook } from "../../app/services/order-ingestion.server";
import { demoShop } from "../unit/admin-api/fixture";
import { orderPayload, refundPayload } from "../support/order-webhooks";
import { signedProxyRequest } from "../support/app-proxy-request";
import { signedWebhookRequest } from "../support/webhook-request";
import { resetDatabase } from "./support/reset";
import { routeAnswer } from "./support/route-answer";
import { seedEveryTable, shopRows } from "./support/shop-rows";

const rival = "rival-store.myshopify.com";
const OWNER_TITLE = "Owner's desk kit";
const OWNER_HEADING = "Owner's heading";
/** A product only the owner hid from suggestions. */
const OWNER_HIDDEN = "gid://shopify/Product/104";
/** The order of a follow-up offer only the owner has. */
const OWNER_FOLLOW_UP_ORDER = "gid://shopify/Order/4242";
const P = (n: number) => `gid://shopify/Product/${n}`;
const OWNER_ORDER = 5550001;
const REPORT_RANGE = "from=2026-03-01&to=2026-03-31";

type Handler = "loader" | "action";
type RouteModule = Partial<Record<Handler, (args: never) => Promise<unknown>>>;

interface Owner {
  shop: string;
  shopify: EmulatedShopify;
  /** The bundle created through the editor (live in the owner's Shopify) and the seeded one. */
  bundleIds: string[];
  /** Likewise for pairings. */
  pairingIds: string[];
}

interface RouteCase {
  /** The loaders and actions the route exports: a new one fails the suite until its case covers it. */
  handlers: Handler[];
  /** Routes that read or write no shop's data say why; the others try the owner's records as the rival. */
  noShopData?: string;
  /** Admin routes: both shops' rows must be unchanged. Webhooks: the owner's (the rival's own webhooks change its own). */
  unchanged?: "both shops" | "owner";
  attack?: (owner: Owner, route: RouteModule) => Promise<void>;
}

const call = (handler: RouteModule[Handler], request: Request, params: Record<string, string> = {}) =>
  routeAnswer(handler!, request, params);

const webhook = (pathname: string, topic: string, payload: unknown) =>
  signedWebhookRequest(`https://attach.test${pathname}`, {
    topic,
    shop: rival,
    secret: process.env.SHOPIFY_API_SECRET!,
    payload,
  });

/** The owner's order of the live bundle's first product, credited to the bundle when its id is given. */
const ownerOrder = (bundleId?: string) =>
  orderPayload({
    id: OWNER_ORDER,
    customerId: 7,
    processedAt: "2026-03-10T12:00:00Z",
    lines: [
      {
        id: 71,
        productId: 102,
        quantity: 1,
        price: 1999,
        properties: bundleId ? [{ name: "_attach_offer", value: `bundle:${bundleId}` }] : [],
      },
    ],
  });

const pairingForm = (overrides: Record<string, string> = {}) => ({
  anchorType: "product",
  anchorId: P(101),
  complements: JSON.stringify([P(103), P(102)]),
  discountPercent: "10",
  heading: "",
  status: "active",
  ...overrides,
});

const ROUTES: Record<string, RouteCase> = {
  _index: { handlers: ["loader"], noShopData: "the public landing page: redirects to /app or shows the login form" },
  "auth.login": { handlers: ["loader", "action"], noShopData: "the login form: asks for a shop domain" },
  "auth.$.tsx": { handlers: ["loader"], noShopData: "Shopify's auth paths, answered by the library" },
  "app.tsx": { handlers: ["loader"], noShopData: "the admin layout: authenticates and passes the app's API key" },

  "app._index.tsx": {
    handlers: ["loader", "action"],
    unchanged: "owner",
    attack: async (owner, route) => {
      expect((await call(route.loader, adminRequest(rival, "/app"))).body).toMatchObject({
        bundles: 1,
        activeBundles: 0,
        pairings: 1,
      });
      expect((await call(route.loader, adminRequest(owner.shop, "/app"))).body).toMatchObject({ bundles: 2 });
      // Starting the rival's order history import takes no id: it can only be the rival's.
      expect((await call(route.action, adminRequest(rival, "/app", { form: {} }))).status).toBeLessThan(500);
    },
  },

  "app.bundles._index.tsx": {
    handlers: ["loader", "action"],
    unchanged: "both shops",
    attack: async (owner, route) => {
      const search = await call(route.loader, adminRequest(rival, `/app/bundles?q=${encodeURIComponent("Owner")}`));
      expect(search.body).toMatchObject({ total: 0, bundles: [] });
      const list = (await call(route.loader, adminRequest(rival, "/app/bundles"))).body as {
        bundles: { id: string }[];
      };
      expect(list.bundles.map((b) => b.id).filter((id) => owner.bundleIds.includes(id))).toEqual([]);

      const bulk = (intent: string) =>
        call(route.action, adminRequest(rival, "/app/bundles", { form: { intent, ids: owner.bundleIds } }));
      expect((await bulk("delete")).body).toEqual({ ok: true, message: "0 bundles deleted" });
      expect((await bulk("pause")).body).toEqual({ ok: true, message: "0 bundles paused" });
      expect((await bulk("activate")).body).toEqual({ ok: true, message: "0 bundles activated" });
      // Retrying nothing publishes nothing; the answer names none of the owner's bundles.
      expect(JSON.stringify((await bulk("retry")).body)).not.toContain(OWNER_TITLE);
    },
  },

  "app.bundles.$id.tsx": {
    handlers: ["loader", "action"],
    unchanged: "both shops",
    attack: async (owner, route) => {
      const [live] = owner.bundleIds;
      const opened = await call(route.loader, adminRequest(owner.shop, `/app/bundles/${live}`), { id: live! });
      expect(opened.status).toBe(200);
      const updatedAt = (opened.body as { bundle: { updatedAt: string } }).bundle.updatedAt;
      for (const id of owner.bundleIds) {
        const asRival = (form?: Record<string, string>) =>
          adminRequest(rival, `/app/bundles/${id}`, form ? { form } : {});
        expect((await call(route.loader, asRival(), { id })).status).toBe(404);
        const forms: Array<Record<string, string>> = [
          { intent: "save", title: "Hijacked", status: "active", matchMode: "any", discountKind: "percentage" },
          { intent: "delete" },
          { intent: "duplicate" },
          { intent: "sync" },
        ];
        for (const form of forms) {
          const filled: Record<string, string> = {
            discountValue: "50",
            startsAt: "",
            endsAt: "",
            parts: JSON.stringify([{ productId: "gid://shopify/Product/102", variantId: null, quantity: 1 }]),
            updatedAt,
            ...form,
          };
          expect((await call(route.action, asRival(filled), { id })).status, `${form.intent} ${id}`).toBe(404);
        }
      }
    },
  },

  "app.bundles.preview.tsx": {
    handlers: ["loader"],
    unchanged: "both shops",
    attack: async (owner, route) => {
      // The preview reads the rival's own Shopify prices; no record id reaches the database.
      const form = JSON.stringify({ id: owner.bundleIds[0], title: OWNER_TITLE, discountKind: "percentage" });
      const preview = await call(
        route.loader,
        adminRequest(rival, `/app/bundles/preview?form=${encodeURIComponent(form)}`),
      );
      expect(preview.status).toBe(200);
      expect(JSON.stringify(preview.body)).not.toContain(OWNER_TITLE);
    },
  },

  "app.reports.tsx": {
    handlers: ["loader"],
    unchanged: "both shops",
    attack: async (owner, route) => {
      const view = async (shop: string) =>
        (await call(route.loader, adminRequest(shop, `/app/reports?${REPORT_RANGE}`))).body as {
          cards: Array<{ label: string; value: string }>;
          tables: Array<{ rows: Array<{ title: string }> }>;
        };
      const orders = (report: Awaited<ReturnType<typeof view>>) =>
        report.cards.find((c) => c.label === "Orders")?.value;
      const ownerView = await view(owner.shop);
      expect([orders(ownerView), ownerView.tables[0]!.rows.map((o) => o.title)]).toEqual(["1", [OWNER_TITLE]]);
      const rivalView = await view(rival);
      expect([orders(rivalView), rivalView.tables.map((t) => t.rows)]).toEqual(["0", [[], [], []]]);
    },
  },

  "app.reports.csv.tsx": {
    handlers: ["loader"],
    unchanged: "both shops",
    attack: async (owner, route) => {
      for (const table of ["offers", "summary"]) {
        const csv = (shop: string) =>
          call(route.loader, adminRequest(shop, `/app/reports/csv?table=${table}&${REPORT_RANGE}`));
        if (table === "offers") expect((await csv(owner.shop)).body).toContain(OWNER_TITLE);
        const rivalCsv = await csv(rival);
        expect(rivalCsv.status).toBe(200);
        expect(rivalCsv.body).not.toContain(OWNER_TITLE);
      }
    },
  },

  "app.follow-ups.csv.tsx": {
    handlers: ["loader"],
    unchanged: "both shops",
    attack: async (owner, route) => {
      const csv = (shop: string) => call(route.loader, adminRequest(shop, "/app/follow-ups.csv"));
      expect((await csv(owner.shop)).body).toContain(OWNER_FOLLOW_UP_ORDER);
      const rivalCsv = await csv(rival);
      expect(rivalCsv.status).toBe(200);
      expect(rivalCsv.body).not.toContain(OWNER_FOLLOW_UP_ORDER);
    },
  },

  "app.pairings.$id.tsx": {
    handlers: ["loader", "action"],
    unchanged: "both shops",
    attack: async (owner, route) => {
      const [live] = owner.pairingIds;
      const opened = await call(route.loader, adminRequest(owner.shop, `/app/pairings/${live}`), { id: live! });
      expect(opened.status).toBe(200);
      const updatedAt = (opened.body as { pairing: { updatedAt: string } }).pairing.updatedAt;
      for (const id of owner.pairingIds) {
        const asRival = (form?: Record<string, string>) =>
          adminRequest(rival, `/app/pairings/${id}`, form ? { form } : {});
        expect((await call(route.loader, asRival(), { id })).status).toBe(404);
        const forms: Array<Record<string, string>> = [
          { intent: "save", ...pairingForm({ heading: "Hijacked" }), updatedAt },
          { intent: "delete" },
          { intent: "sync" },
        ];
        for (const form of forms) {
          expect((await call(route.action, asRival(form), { id })).status, `${form.intent} ${id}`).toBe(404);
        }
      }
    },
  },

  "app.pairings._index.tsx": {
    handlers: ["loader", "action"],
    unchanged: "both shops",
    attack: async (owner, route) => {
      const list = (await call(route.loader, adminRequest(rival, "/app/pairings"))).body as {
        pairings: Array<{ id: string }>;
      };
      expect(list.pairings.map((p) => p.id).filter((id) => owner.pairingIds.includes(id))).toEqual([]);
      const bulk = (intent: string) =>
        call(route.action, adminRequest(rival, "/app/pairings", { form: { intent, ids: owner.pairingIds } }));
      expect((await bulk("delete")).body).toEqual({ ok: true, message: "0 pairings deleted" });
      expect((await bulk("pause")).body).toEqual({ ok: true, message: "0 pairings paused" });
      expect((await bulk("activate")).body).toEqual({ ok: true, message: "0 pairings activated" });
      expect((await bulk("retry")).status).toBe(404);
    },
  },

  "app.settings.tsx": {
    handlers: ["loader", "action"],
    unchanged: "owner",
    attack: async (owner, route) => {
      const editor = async (shop: string) =>
        (await call(route.loader, adminRequest(shop, "/app/settings"))).body as {
          form: Record<string, string>;
          updatedAt: string;
        };
      const ownerEditor = await editor(owner.shop);
      expect(ownerEditor.form.widgetHeading).toBe(OWNER_HEADING);
      expect((await editor(rival)).form.widgetHeading).not.toBe(OWNER_HEADING);
      // A save carrying the owner's version is stale for the rival's own settings; publishing is the rival's own.
      const save = { intent: "save", ...ownerEditor.form, widgetHeading: "Hijacked", updatedAt: ownerEditor.updatedAt };
      expect((await call(route.action, adminRequest(rival, "/app/settings", { form: save }))).status).toBe(409);
      const publish = { intent: "publish" };
      expect((await call(route.action, adminRequest(rival, "/app/settings", { form: publish }))).status).toBe(200);
    },
  },

  "app.suggestions.tsx": {
    handlers: ["loader", "action"],
    unchanged: "owner",
    attack: async (owner, route) => {
      const hidden = async (shop: string) =>
        (
          (await call(route.loader, adminRequest(shop, "/app/suggestions"))).body as { hidden: Array<{ id: string }> }
        ).hidden.map((product) => product.id);
      expect(await hidden(owner.shop)).toContain(OWNER_HIDDEN);
      expect(await hidden(rival)).not.toContain(OWNER_HIDDEN);
      // The rival's hide, show, pair and bundle change the rival's own suggestions, pairings and bundles only.
      const forms: Array<Record<string, string>> = [
        { intent: "hide", productId: OWNER_HIDDEN },
        { intent: "show", productId: OWNER_HIDDEN },
        { intent: "show", productId: P(3) },
        { intent: "pair", anchorId: P(101), complementId: P(104) },
        { intent: "bundle", anchorId: P(102), complementId: P(103) },
      ];
      for (const form of forms) {
        const answer = await call(route.action, adminRequest(rival, "/app/suggestions", { form }));
        expect(answer.status, form.intent).toBe(200);
      }
    },
  },

  "app.suggested-complements.tsx": {
    handlers: ["loader"],
    unchanged: "both shops",
    attack: async (_owner, route) => {
      const answer = await call(route.loader, adminRequest(rival, `/app/suggested-complements?anchor=${P(101)}`));
      expect(answer.status).toBe(200);
    },
  },

  "proxy.events.tsx": {
    handlers: ["action"],
    unchanged: "both shops",
    attack: async (owner, route) => {
      // A beacon signed for the rival's shop naming the owner's offers: dropped, for both shops.
      const offers = [...owner.bundleIds.map((id) => `bundle:${id}`), ...owner.pairingIds.map((id) => `pairing:${id}`)];
      const events = offers.map((offer, i) => ({
        key: `rival-page.${i}`,
        type: "impression",
        offer,
        page: "product",
        product: 101,
        at: Date.now(),
      }));
      const request = signedProxyRequest("events", {
        shop: rival,
        secret: process.env.SHOPIFY_API_SECRET!,
        body: JSON.stringify({ v: 1, events }),
      });
      expect((await call(route.action, request)).status).toBe(204);
    },
  },

  "webhooks.inbox.tsx": {
    handlers: ["action"],
    unchanged: "owner",
    attack: async (_owner, route) => {
      // The rival's own orders/updated, orders/cancelled and refunds/create carrying the owner's order id.
      const order = ownerOrder();
      for (const [topic, payload] of [
        ["orders/updated", { ...order, line_items: [] }],
        ["orders/cancelled", { ...order, cancelled_at: "2026-03-11T09:00:00Z" }],
        [
          "refunds/create",
          refundPayload({ id: 9, orderId: OWNER_ORDER, lines: [{ lineItemId: 71, quantity: 1, subtotal: 1999 }] }),
        ],
      ] as const) {
        expect((await call(route.action, webhook("/webhooks/inbox", topic, payload))).status, topic).toBe(200);
      }
      await backgroundWorkSettled();
    },
  },

  "webhooks.compliance.tsx": {
    handlers: ["action"],
    unchanged: "owner",
    attack: async (owner, route) => {
      for (const [topic, payload] of [
        ["customers/data_request", { customer: { id: 7 }, orders_requested: [1, OWNER_ORDER] }],
        ["customers/redact", { customer: { id: 7 }, orders_to_redact: [1, OWNER_ORDER] }],
        ["shop/redact", { shop_id: 1, shop_domain: owner.shop }],
      ] as const) {
        expect((await call(route.action, webhook("/webhooks/compliance", topic, payload))).status, topic).toBe(200);
      }
      expect(await db.bundle.count({ where: { shop: rival } })).toBe(0);
    },
  },

  "webhooks.app.uninstalled.tsx": {
    handlers: ["action"],
    unchanged: "owner",
    attack: async (_owner, route) => {
      expect((await call(route.action, webhook("/webhooks/app/uninstalled", "app/uninstalled", {}))).status).toBe(200);
      expect(await db.session.count({ where: { shop: rival } })).toBe(0);
    },
  },

  "webhooks.app.scopes_update.tsx": {
    handlers: ["action"],
    unchanged: "owner",
    attack: async (_owner, route) => {
      const payload = { current: ["read_products"], previous: ["read_products", "write_products"] };
      const response = await call(route.action, webhook("/webhooks/app/scopes_update", "app/scopes_update", payload));
      expect(response.status).toBe(200);
      expect((await db.session.findFirstOrThrow({ where: { shop: rival } })).scope).toBe("read_products");
    },
  },
};

const ROUTES_DIR = path.join(projectRoot, "app", "routes");
/** Flat routes: a file, or a folder with route.tsx. */
const routeFiles = () => fs.readdirSync(ROUTES_DIR).filter((entry) => !entry.startsWith("."));
const routeModulePath = (entry: string) =>
  fs.statSync(path.join(ROUTES_DIR, entry)).isDirectory()
    ? path.join(ROUTES_DIR, entry, "route.tsx")
    : path.join(ROUTES_DIR, entry);
const loadRoute = async (entry: string) => (await import(/* @vite-ignore */ routeModulePath(entry))) as RouteModule;

describe("the isolation suite's route list", () => {
  it("knows every route in app/routes", () => {
    const unknown = routeFiles().filter((entry) => !(entry in ROUTES));
    expect(
      unknown.map((entry) => `add app/routes/${entry} to the isolation suite (test/db/tenant-isolation.test.ts)`),
    ).toEqual([]);
    const gone = Object.keys(ROUTES).filter((entry) => !routeFiles().includes(entry));
    expect(gone.map((entry) => `app/routes/${entry} is gone: remove it from the isolation suite`)).toEqual([]);
  });

  it("covers every loader and action each route exports", async () => {
    const mismatched: string[] = [];
    for (const entry of routeFiles().filter((e) => e in ROUTES)) {
      const route = await loadRoute(entry);
      const exported = (["loader", "action"] as const).filter((name) => typeof route[name] === "function");
      const { handlers } = ROUTES[entry]!;
      if ([...exported].sort().join() !== [...handlers].sort().join()) {
        mismatched.push(`${entry} exports ${exported.join(" and ") || "nothing"}: cover it in the isolation suite`);
      }
    }
    expect(mismatched).toEqual([]);
  });

  it("tries the owner's records on every route that reads or writes shop data", () => {
    const untested = Object.entries(ROUTES).filter(([, c]) => !c.attack && !c.noShopData);
    expect(untested.map(([entry]) => entry)).toEqual([]);
  });
});

describe(`tenant isolation on every route, on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  const owner = {} as Owner;

  beforeEach(async () => {
    await resetDatabase();
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", BUNDLE_FUNCTION_ID);
    owner.shopify = emulateShopify();
    owner.shop = owner.shopify.domain;
    emulateShopify({ ...demoShop(), domain: rival });
    for (const shop of [owner.shop, rival]) {
      await installApp(shop);
      await seedEveryTable(shop);
    }
    // A live bundle made in the editor (metafields in the owner's Shopify) and an order that took it up.
    const { action } = await loadRoute("app.bundles.$id.tsx");
    const created = await call(
      action,
      adminRequest(owner.shop, "/app/bundles/new", {
        form: {
          intent: "save",
          title: OWNER_TITLE,
          status: "active",
          matchMode: "any",
          discountKind: "percentage",
          discountValue: "10",
          startsAt: "",
          endsAt: "",
          parts: JSON.stringify([
            { productId: "gid://shopify/Product/102", variantId: null, quantity: 1 },
            { productId: "gid://shopify/Product/103", variantId: null, quantity: 1 },
          ]),
        },
      }),
      { id: "new" },
    );
    expect(created.body).toMatchObject({ ok: true, sync: "live" });
    const liveId = (created.body as { id: string }).id;
    const seeded = await db.bundle.findFirstOrThrow({ where: { shop: owner.shop, title: "Kit" } });
    owner.bundleIds = [liveId, seeded.id];
    const pairing = await call(
      (await loadRoute("app.pairings.$id.tsx")).action,
      adminRequest(owner.shop, "/app/pairings/new", { form: { intent: "save", ...pairingForm() } }),
      { id: "new" },
    );
    expect(pairing.body).toMatchObject({ ok: true, sync: "live" });
    const seededPairing = await db.pairing.findFirstOrThrow({ where: { shop: owner.shop, anchorId: P(1) } });
    owner.pairingIds = [(pairing.body as { id: string }).id, seededPairing.id];
    await db.shopSettings.update({ where: { shop: owner.shop }, data: { widgetHeading: OWNER_HEADING } });
    await db.hiddenSuggestionProduct.create({ data: { shop: owner.shop, productId: OWNER_HIDDEN } });
    await db.followUpOffer.create({
      data: {
        shop: owner.shop,
        customerId: "gid://shopify/Customer/7",
        orderId: OWNER_FOLLOW_UP_ORDER,
        anchorProductId: P(1),
        complementProductId: P(2),
        dueAt: new Date("2026-11-04T00:00:00Z"),
        currencyCode: "USD",
      },
    });
    const payload = ownerOrder(liveId);
    expect(
      await ingestWebhook({ shop: owner.shop, topic: "orders/create", webhookId: "owner-1", payload }),
    ).toMatchObject({
      ok: true,
      outcome: "processed",
    });
  });
  afterEach(backgroundWorkSettled);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.$disconnect();
  });

  const ownerShopify = () =>
    JSON.stringify({
      metafields: owner.shopify.store.shop.products.map((p) => [p.id, p.metafields]),
      discounts: owner.shopify.store.shop.automaticAppDiscounts,
    });

  for (const [entry, routeCase] of Object.entries(ROUTES)) {
    if (!routeCase.attack) continue;
    const what = routeCase.unchanged === "both shops" ? "both shops' rows" : "the owner's rows";
    it(`${entry}: the rival gets none of the owner's records, and ${what} and Shopify data stay as they were`, async () => {
      const route = await loadRoute(entry);
      const before = { owner: await shopRows(owner.shop), rival: await shopRows(rival), shopify: ownerShopify() };
      await routeCase.attack!(owner, route);
      await backgroundWorkSettled();
      expect(await shopRows(owner.shop)).toEqual(before.owner);
      expect(ownerShopify()).toEqual(before.shopify);
      if (routeCase.unchanged === "both shops") expect(await shopRows(rival)).toEqual(before.rival);
    });
  }
});
