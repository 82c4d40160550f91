// Hostile input at every public entry point: a corpus of malformed payloads (test/support/hostile-input.ts)
// and fast-check's random ones, sent the way the real clients send them — webhooks signed with the app's
// secret (so the payload check is what answers), admin forms with a session token, beacons through the
// app proxy's signature. Every answer is a 4xx (or the route's validation answer), never a 5xx, and a
// refused request changes no row of any table. Text that is code elsewhere (SQL, HTML, Liquid) is data
// here: where it is valid input it is stored exactly as sent.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { adminRequest, BUNDLE_FUNCTION_ID, emulateShopify, installApp } from "./support/shopify";
import { projectRoot } from "../../app/database-target";
import db from "../../app/db.server";
import { MAX_EVENTS_PER_BEACON } from "../../app/domain/offer-events";
import { action as bundleAction } from "../../app/routes/app.bundles.$id";
import { action as complianceAction } from "../../app/routes/webhooks.compliance";
import { action as inboxAction } from "../../app/routes/webhooks.inbox";
import { backgroundWorkSettled } from "../../app/services/jobs.server";
import {
  DEEP_LEVELS,
  deepJson,
  deepJsonArray,
  HOSTILE_JSON_NUMBERS,
  HOSTILE_NUMBER_TEXTS,
  HOSTILE_STRINGS,
  HUGE_STRING,
  INVALID_UTF8,
  MALFORMED_JSON_TEXTS,
  UNKNOWN_IDS,
} from "../support/hostile-input";
import { orderPayload } from "../support/order-webhooks";
import { signedWebhookRequest } from "../support/webhook-request";
import { resetDatabase } from "./support/reset";
import { routeAnswer, type RouteAnswer } from "./support/route-answer";
import { seedEveryTable, shopRows } from "./support/shop-rows";

type Handler = (args: never) => Promise<unknown>;

const secret = () => process.env.SHOPIFY_API_SECRET!;
const short = (label: string) => label.slice(0, 80);
const routeExists = (pattern: RegExp) =>
  fs.readdirSync(path.join(projectRoot, "app", "routes")).filter((entry) => pattern.test(entry));

const P = (n: number) => `gid://shopify/Product/${n}`;
const validParts = JSON.stringify([
  { productId: P(102), variantId: null, quantity: 1 },
  { productId: P(103), variantId: null, quantity: 2 },
]);
const bundleForm = (overrides: Record<string, string> = {}) => ({
  intent: "save",
  title: "Desk Kit",
  status: "active",
  matchMode: "any",
  discountKind: "percentage",
  discountValue: "10",
  startsAt: "",
  endsAt: "",
  parts: validParts,
  ...overrides,
});

/** A valid orders/create payload, as Shopify sends it, with its one line changed by `line`. */
const order = (id = 4401, line: Record<string, unknown> = {}) => {
  const payload = orderPayload({
    id,
    customerId: 7,
    processedAt: "2026-03-10T12:00:00Z",
    lines: [{ id: id * 10 + 1, productId: 102, quantity: 1, price: 1999 }],
  }) as unknown as Record<string, unknown> & { line_items: Array<Record<string, unknown>> };
  return { ...payload, line_items: [{ ...payload.line_items[0], ...line }] };
};

const withLine = (line: Record<string, unknown>) => order(4401, line);

/** Raw JSON text of a valid order with one top-level field's value replaced by `json` (any JSON text, or not JSON). */
const orderWithRawField = (field: string, json: string) => {
  const text = JSON.stringify({ ...order(), [field]: "__HOLE__" });
  return text.replace('"__HOLE__"', json);
};

describe(`hostile input on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let shop: string;

  beforeEach(async () => {
    await resetDatabase();
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", BUNDLE_FUNCTION_ID);
    shop = emulateShopify().domain;
    await installApp(shop);
    await seedEveryTable(shop);
  });
  afterEach(backgroundWorkSettled);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.$disconnect();
  });

  /** Runs `send` and checks it was refused with a 4xx and left every row of the shop as it was. */
  async function expectRefused(label: string, send: () => Promise<RouteAnswer>) {
    const before = await shopRows(shop);
    const { status, body } = await send();
    expect(status, `${short(label)}: ${String(JSON.stringify(body)).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(status, short(label)).toBeLessThan(500);
    await backgroundWorkSettled();
    expect(await shopRows(shop), short(label)).toEqual(before);
    return { status, body };
  }

  describe("the webhook inbox (orders/create, refunds/create), signed correctly", () => {
    const send =
      (body: string | Uint8Array, topic = "orders/create") =>
      () =>
        routeAnswer(
          inboxAction,
          signedWebhookRequest("https://attach.test/webhooks/inbox", { topic, shop, secret: secret(), rawBody: body }),
        );

    const refused: Array<[string, string | Uint8Array]> = [
      ...Object.entries(MALFORMED_JSON_TEXTS).map(([name, text]): [string, string] => [`not JSON: ${name}`, text]),
      ...Object.entries(INVALID_UTF8).map(([name, bytes]): [string, Uint8Array] => [`invalid UTF-8: ${name}`, bytes]),
      ...["[]", '"order"', "1", "null", "true"].map((json): [string, string] => [`not an object: ${json}`, json]),
      [`an object ${DEEP_LEVELS} levels deep`, deepJson(DEEP_LEVELS)],
      [`line_items an array ${DEEP_LEVELS} levels deep`, orderWithRawField("line_items", deepJsonArray(DEEP_LEVELS))],
      [`currency an object ${DEEP_LEVELS} levels deep`, orderWithRawField("currency", deepJson(DEEP_LEVELS))],
      ...Object.entries(HOSTILE_STRINGS).flatMap(([name, text]): Array<[string, string]> => [
        [`id: ${name}`, JSON.stringify({ ...order(), id: text })],
        [`currency: ${name}`, JSON.stringify({ ...order(), currency: text })],
        [`created_at: ${name}`, JSON.stringify({ ...order(), created_at: text })],
        [`line price: ${name}`, JSON.stringify(withLine({ price: text }))],
      ]),
      ...Object.entries(HOSTILE_JSON_NUMBERS)
        .filter(([name]) => name !== "past 2^53" && name !== "zero")
        .flatMap(([name, n]): Array<[string, string]> => [
          [`id: ${name}`, orderWithRawField("id", n === Infinity ? "1e309" : String(n))],
          [
            `line quantity: ${name}`,
            JSON.stringify(withLine({ quantity: n === Infinity ? "1e309" : n })).replace('"1e309"', "1e309"),
          ],
        ]),
      ...Object.entries(HOSTILE_NUMBER_TEXTS).map(([name, text]): [string, string] => [
        `line quantity as text: ${name}`,
        JSON.stringify(withLine({ quantity: text })),
      ]),
      ["line_items: a string", JSON.stringify({ ...order(), line_items: "x" })],
      ["line_items: empty objects", JSON.stringify({ ...order(), line_items: [{}, {}] })],
      ["a wrong type everywhere", JSON.stringify({ id: [], currency: {}, created_at: 1, line_items: {} })],
    ];

    it("refuses every malformed order payload with a 4xx and stores nothing", async () => {
      for (const [label, body] of refused) await expectRefused(`orders/create, ${label}`, send(body));
      for (const [label, body] of refused.slice(0, 12))
        await expectRefused(`refunds/create, ${label}`, send(body, "refunds/create"));
    });

    it("stores SQL, HTML and Liquid in an order's text as data, and counts the order once", async () => {
      const texts = [
        HOSTILE_STRINGS["SQL injection"]!,
        HOSTILE_STRINGS["HTML script"]!,
        HOSTILE_STRINGS["Liquid output and tags"]!,
      ];
      for (const [i, text] of texts.entries()) {
        const payload = { ...order(4500 + i, { properties: [{ name: "note", value: text }] }), name: text };
        const { status } = await send(JSON.stringify(payload))();
        expect(status).toBe(200);
      }
      await backgroundWorkSettled();
      const facts = await db.orderFact.findMany({ where: { shop, orderId: { startsWith: "gid://shopify/Order/45" } } });
      expect(facts.map((fact) => fact.orderName).sort()).toEqual([...texts].sort());
      expect(await db.bundle.count({ where: { shop } })).toBe(1);
    });

    it("stores a refund for an order no one has, and changes no figure until the order comes", async () => {
      const before = await shopRows(shop);
      const refund = { id: 9, order_id: 999999, refund_line_items: [], created_at: "2026-03-11T00:00:00Z" };
      expect((await send(JSON.stringify(refund), "refunds/create")()).status).toBe(200);
      await backgroundWorkSettled();
      const after = await shopRows(shop);
      expect(after.WebhookDelivery).toHaveLength(before.WebhookDelivery!.length + 1);
      expect({ ...after, WebhookDelivery: [] }).toEqual({ ...before, WebhookDelivery: [] });
    });

    it("never answers 5xx nor stores part of an order, whatever the payload (fast-check)", async () => {
      let next = 7000;
      const field = fc.constantFrom("id", "currency", "created_at", "processed_at", "line_items", "customer", "name");
      const lineField = fc.constantFrom("id", "quantity", "price", "product_id", "properties", "discount_allocations");
      const value = fc.jsonValue({ maxDepth: 4, stringUnit: "binary" });
      const payload = fc.oneof(
        value,
        fc.tuple(field, value).map(([key, v]) => ({ ...order(next), [key]: v })),
        fc.tuple(lineField, value).map(([key, v]) => {
          const base = order(next);
          return { ...base, line_items: [{ ...base.line_items[0], [key]: v }] };
        }),
      );
      await fc.assert(
        fc.asyncProperty(payload, async (body) => {
          next += 1;
          const before = await shopRows(shop);
          const { status } = await send(JSON.stringify(body))();
          expect(status).toBeLessThan(500);
          await backgroundWorkSettled();
          const after = await shopRows(shop);
          if (status >= 400) {
            expect(after).toEqual(before);
            return;
          }
          expect(status).toBe(200);
          expect(after.WebhookDelivery).toHaveLength(before.WebhookDelivery!.length + 1);
          const delivery = after.WebhookDelivery!.find((d) => !before.WebhookDelivery!.some((b) => b.id === d.id))!;
          const facts = {
            OrderFact: after.OrderFact,
            OrderLineFact: after.OrderLineFact,
            DailyRollup: after.DailyRollup,
          };
          if (delivery.status !== "processed") {
            // Refused by processing (or waiting for a retry): no fact and no figure moved.
            expect(facts).toEqual({
              OrderFact: before.OrderFact,
              OrderLineFact: before.OrderLineFact,
              DailyRollup: before.DailyRollup,
            });
          } else {
            // Processed: the order is there whole, every line of it.
            const stored = JSON.parse(delivery.payload as string) as { line_items: unknown[] };
            expect(after.OrderFact!.length).toBeGreaterThanOrEqual(before.OrderFact!.length);
            expect(after.OrderLineFact!.length - before.OrderLineFact!.length).toBeLessThanOrEqual(
              stored.line_items.length,
            );
          }
        }),
        { numRuns: 60 },
      );
    }, 180_000);
  });

  describe("the compliance webhooks (customers/data_request, customers/redact, shop/redact)", () => {
    const send = (topic: string, body: string | Uint8Array) => () =>
      routeAnswer(
        complianceAction,
        signedWebhookRequest("https://attach.test/webhooks/compliance", {
          topic,
          shop,
          secret: secret(),
          rawBody: body,
        }),
      );
    const customerTopics = ["customers/data_request", "customers/redact"];
    const refused: Array<[string, string, string | Uint8Array]> = [
      ...["customers/data_request", "customers/redact", "shop/redact"].flatMap((topic) => [
        ...Object.entries(MALFORMED_JSON_TEXTS).map(([name, text]): [string, string, string] => [
          topic,
          `not JSON: ${name}`,
          text,
        ]),
        ...Object.entries(INVALID_UTF8).map(([name, bytes]): [string, string, Uint8Array] => [
          topic,
          `invalid UTF-8: ${name}`,
          bytes,
        ]),
        ...["[]", '"x"', "1", "null"].map((json): [string, string, string] => [topic, `not an object: ${json}`, json]),
        [topic, `an array ${DEEP_LEVELS} levels deep`, deepJsonArray(DEEP_LEVELS)] as [string, string, string],
      ]),
      ...customerTopics.flatMap((topic) => [
        ...[...Object.values(HOSTILE_STRINGS), ...UNKNOWN_IDS.slice(1)].map((text): [string, string, string] => [
          topic,
          `customer id: ${text}`,
          JSON.stringify({ shop_domain: shop, customer: { id: text }, orders_to_redact: [], orders_requested: [] }),
        ]),
        ...Object.entries(HOSTILE_JSON_NUMBERS)
          .filter(([name]) => name !== "past 2^53")
          .map(([name, n]): [string, string, string] => [
            topic,
            `customer id: ${name}`,
            `{"customer": {"id": ${n === Infinity ? "1e309" : n}}}`,
          ]),
        [topic, "no customer", JSON.stringify({ shop_domain: shop })] as [string, string, string],
        [topic, "customer: a string", JSON.stringify({ customer: "7" })] as [string, string, string],
        [topic, "customer id: an object", JSON.stringify({ customer: { id: {} } })] as [string, string, string],
        [topic, `customer ${DEEP_LEVELS} levels deep`, `{"customer": ${deepJson(DEEP_LEVELS, "id")}}`] as [
          string,
          string,
          string,
        ],
      ]),
      ...[
        ["a string", '"1"'],
        ["a list of objects", "[{}]"],
        ["a list of injection text", JSON.stringify([HOSTILE_STRINGS["SQL injection"]])],
        ["negative ids", "[-1]"],
        ["huge", JSON.stringify([HUGE_STRING])],
      ].flatMap(([name, json]): Array<[string, string, string]> => [
        ["customers/redact", `orders_to_redact: ${name}`, `{"customer": {"id": 7}, "orders_to_redact": ${json}}`],
        ["customers/data_request", `orders_requested: ${name}`, `{"customer": {"id": 7}, "orders_requested": ${json}}`],
      ]),
    ];

    it("refuses every malformed privacy payload with a 4xx and changes nothing", async () => {
      for (const [topic, label, body] of refused) await expectRefused(`${topic}, ${label}`, send(topic, body));
      const named = await send(
        "customers/redact",
        JSON.stringify({ customer: { id: "7x" }, orders_to_redact: ["1", {}] }),
      )();
      expect(named).toEqual({
        status: 400,
        body:
          "The CUSTOMERS_REDACT payload cannot be read: customer.id: Expected a customer id: a positive whole number; " +
          "orders_to_redact[1]: Expected an order id: a positive whole number",
      });
    });

    it("never answers 5xx nor redacts part of a customer, whatever the payload (fast-check)", async () => {
      const payload = fc.oneof(
        fc.jsonValue({ maxDepth: 4, stringUnit: "binary" }),
        fc.record({
          customer: fc.oneof(fc.record({ id: fc.jsonValue({ maxDepth: 2 }) }), fc.jsonValue({ maxDepth: 2 })),
          orders_to_redact: fc.jsonValue({ maxDepth: 2 }),
        }),
      );
      await fc.assert(
        fc.asyncProperty(payload, fc.constantFrom(...customerTopics), async (body, topic) => {
          const before = await shopRows(shop);
          const { status } = await send(topic, JSON.stringify(body))();
          expect(status).toBeLessThan(500);
          const after = await shopRows(shop);
          if (status >= 400 || topic === "customers/data_request") expect(after).toEqual(before);
        }),
        { numRuns: 60 },
      );
    }, 120_000);
  });

  describe("the bundle form (create and edit)", () => {
    const save =
      (form: Record<string, string>, id = "new") =>
      () =>
        routeAnswer(bundleAction, adminRequest(shop, `/app/bundles/${id}`, { form }), { id });

    /** Fields the merchant types, each with what no form sends. */
    const refusedFields: Array<[string, Record<string, string>]> = [
      ["title: 1 MB", { title: HUGE_STRING }],
      ["title: empty", { title: "" }],
      ["title: only spaces", { title: "   " }],
      ...Object.entries(HOSTILE_NUMBER_TEXTS).flatMap(([name, text]): Array<[string, Record<string, string>]> => [
        [`percentage: ${name}`, { discountKind: "percentage", discountValue: text }],
        [`amount off: ${name}`, { discountKind: "fixed_amount_off", discountValue: text }],
      ]),
      ["percentage: over 100", { discountValue: "101" }],
      ["amount off: 1 MB", { discountKind: "fixed_amount_off", discountValue: HUGE_STRING }],
      ...Object.entries(HOSTILE_STRINGS).flatMap(([name, text]): Array<[string, Record<string, string>]> => [
        [`discount kind: ${name}`, { discountKind: text }],
        [`status: ${name}`, { status: text }],
        [`match mode: ${name}`, { matchMode: text }],
        [`starts: ${name}`, { startsAt: text }],
        [`parts: ${name}`, { parts: text }],
      ]),
      [`parts: ${DEEP_LEVELS} levels deep`, { parts: deepJsonArray(DEEP_LEVELS) }],
      [`parts: an object ${DEEP_LEVELS} levels deep`, { parts: `[${deepJson(DEEP_LEVELS, "productId")}]` }],
      ...UNKNOWN_IDS.map((id): [string, Record<string, string>] => [
        `parts: unknown product ${id}`,
        {
          parts: JSON.stringify([
            { productId: id, variantId: null, quantity: 1 },
            { productId: P(103), quantity: 1 },
          ]),
        },
      ]),
      ...[...Object.values(HOSTILE_NUMBER_TEXTS), "0", ""].map((quantity): [string, Record<string, string>] => [
        `part quantity: ${quantity}`,
        {
          parts: JSON.stringify([
            { productId: P(102), variantId: null, quantity },
            { productId: P(103), quantity: 1 },
          ]),
        },
      ]),
      [
        "parts: 10,000 of them",
        { parts: JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ productId: P(i + 1), quantity: 1 }))) },
      ],
      ["parts: wrong types", { parts: JSON.stringify([{ productId: 102, quantity: [] }, null]) }],
    ];

    it("refuses every malformed new bundle with a 400 naming the field, and stores nothing", async () => {
      for (const [label, fields] of refusedFields) {
        const { status, body } = await expectRefused(`create, ${label}`, save(bundleForm(fields)));
        expect(status, label).toBe(400);
        const errors = (body as { errors: Array<{ field: string; message: string }> }).errors;
        expect(errors.length, label).toBeGreaterThan(0);
        for (const error of errors) expect(error.field && error.message, label).toBeTruthy();
      }
      // An action other than save on a bundle not created yet: the editor's not-found answer.
      await expectRefused("create, intent unknown", save(bundleForm({ intent: HOSTILE_STRINGS["HTML script"]! })));
    }, 120_000);

    it("refuses every malformed edit with a 4xx and leaves the bundle as it was", async () => {
      const created = await save(bundleForm())();
      const id = (created.body as { id: string }).id;
      const { updatedAt } = await db.bundle.findUniqueOrThrow({ where: { id } });
      const edit = (fields: Record<string, string>) =>
        save(bundleForm({ updatedAt: updatedAt.toISOString(), ...fields }), id);
      for (const [label, fields] of refusedFields) await expectRefused(`edit, ${label}`, edit(fields));
      for (const text of [HUGE_STRING, "NaN", "<script>", "", "1e309"]) {
        await expectRefused(`edit, updatedAt ${short(text)}`, edit({ updatedAt: text }));
      }
      for (const unknown of [...UNKNOWN_IDS, HUGE_STRING]) {
        await expectRefused(`edit of an unknown id ${short(unknown)}`, save(bundleForm(), unknown));
      }
    }, 180_000);

    it("stores SQL, HTML and Liquid in a title exactly as typed", async () => {
      const titles = ["SQL injection", "SQL tautology", "HTML script", "HTML attribute", "Liquid output and tags"].map(
        (name) => HOSTILE_STRINGS[name]!,
      );
      for (const title of titles) expect((await save(bundleForm({ title }))()).status).toBe(200);
      const stored = await db.bundle.findMany({ where: { shop, title: { in: titles } } });
      expect(stored.map((bundle) => bundle.title).sort()).toEqual([...titles].sort());
    });

    it("refuses a title with control characters, and stores other unusual text exactly", async () => {
      // (A lone surrogate cannot be sent: form encoding turns it into U+FFFD on the way.)
      for (const name of ["NUL character", "right-to-left override", "prototype key"]) {
        const title = HOSTILE_STRINGS[name]!;
        const before = await shopRows(shop);
        const { status, body } = await save(bundleForm({ title }))();
        expect(status, name).toBeLessThan(500);
        if (status === 400) {
          expect(
            (body as { errors: Array<{ field: string }> }).errors.map((e) => e.field),
            name,
          ).toContain("title");
          expect(await shopRows(shop), name).toEqual(before);
        } else {
          const stored = await db.bundle.findUniqueOrThrow({ where: { id: (body as { id: string }).id } });
          expect(stored.title, name).toBe(title);
        }
      }
    });

    it("never answers 5xx, and an accepted form stores a whole bundle (fast-check)", async () => {
      const text = fc.oneof(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.constantFrom(
          ...Object.values(HOSTILE_NUMBER_TEXTS),
          ...Object.values(HOSTILE_STRINGS).filter((s) => s.length < 1000),
        ),
      );
      const parts = fc.oneof(
        text,
        { arbitrary: fc.constant(validParts), weight: 3 },
        fc
          .array(
            fc.record({
              productId: fc.oneof(fc.constantFrom(P(102), P(103), P(104)), text),
              variantId: fc.oneof(fc.constant(null), text),
              quantity: fc.oneof(text, fc.integer()),
            }),
            { maxLength: 4 },
          )
          .map((list) => JSON.stringify(list)),
      );
      // Mostly valid fields, so that some forms pass and the stored bundle can be checked.
      const field = <T>(valid: fc.Arbitrary<T>) =>
        fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: text, weight: 1 });
      const form = fc.record({
        title: field(fc.oneof(fc.constant("Desk Kit"), fc.string({ unit: "binary", minLength: 1, maxLength: 40 }))),
        status: field(fc.constantFrom("active", "draft", "paused")),
        matchMode: field(fc.constantFrom("any", "widget")),
        discountKind: field(fc.constant("percentage")),
        discountValue: field(fc.constantFrom("10", "5.5", "99")),
        startsAt: field(fc.constant("")),
        endsAt: field(fc.constant("")),
        parts,
      });
      await fc.assert(
        fc.asyncProperty(form, async (fields) => {
          const before = await shopRows(shop);
          const { status, body } = await save({ intent: "save", ...fields })();
          expect(status === 200 || status === 400, `${status} ${JSON.stringify(body)}`).toBe(true);
          const after = await shopRows(shop);
          if (status === 400) {
            expect(after).toEqual(before);
            return;
          }
          const id = (body as { id: string }).id;
          const submitted = JSON.parse(fields.parts) as unknown[];
          expect(after.Bundle).toHaveLength(before.Bundle!.length + 1);
          expect(after.BundlePart!.filter((part) => part.bundleId === id)).toHaveLength(submitted.length);
        }),
        { numRuns: 60 },
      );
    }, 180_000);
  });

  describe("every admin action (forms signed in with a session token)", () => {
    /** Values put in each field of a valid form, one at a time. */
    const FIELD_VALUES: Array<[string, string]> = [
      ["1 MB", HUGE_STRING],
      ...(["NUL character", "SQL injection", "Liquid output and tags", "HTML attribute"] as const).map(
        (name): [string, string] => [name, HOSTILE_STRINGS[name]!],
      ),
      ...(["not a number", "negative", "past a double (1e309)", "infinity"] as const).map((name): [string, string] => [
        name,
        HOSTILE_NUMBER_TEXTS[name]!,
      ]),
      [`JSON ${DEEP_LEVELS} levels deep`, deepJsonArray(DEEP_LEVELS)],
      ["an unknown id", UNKNOWN_IDS[0]!],
    ];

    interface AdminForm {
      path: string;
      params?: Record<string, string>;
      /** A valid form, read fresh before each request (it may carry the version it edits). */
      form: () => Promise<Record<string, string>>;
    }

    const firstId = async (model: "bundle" | "pairing") =>
      model === "bundle"
        ? (await db.bundle.findFirstOrThrow({ where: { shop } })).id
        : (await db.pairing.findFirstOrThrow({ where: { shop } })).id;

    /** A valid form for each admin route with an action: a new one fails the suite until it is added here. */
    const ADMIN_FORMS: Record<string, AdminForm> = {
      "app._index.tsx": { path: "/app", form: async () => ({}) },
      "app.bundles.$id.tsx": { path: "/app/bundles/new", params: { id: "new" }, form: async () => bundleForm() },
      "app.bundles._index.tsx": {
        path: "/app/bundles",
        form: async () => ({ intent: "pause", ids: await firstId("bundle") }),
      },
      "app.pairings.$id.tsx": {
        path: "/app/pairings/new",
        params: { id: "new" },
        form: async () => ({
          intent: "save",
          anchorType: "product",
          anchorId: P(101),
          complements: JSON.stringify([P(103), P(102)]),
          discountPercent: "10",
          heading: "Goes well with",
          status: "active",
        }),
      },
      "app.pairings._index.tsx": {
        path: "/app/pairings",
        form: async () => ({ intent: "pause", ids: await firstId("pairing") }),
      },
      "app.settings.tsx": {
        path: "/app/settings",
        form: async () => {
          const { settingsEditorData } = await import("../../app/services/settings.server");
          const editor = await settingsEditorData(shop);
          return { intent: "save", ...editor.form, updatedAt: editor.updatedAt };
        },
      },
      "app.suggestions.tsx": {
        path: "/app/suggestions",
        form: async () => ({ intent: "hide", productId: P(104) }),
      },
    };

    const ROUTES_DIR = path.join(projectRoot, "app", "routes");
    const loadAction = async (entry: string) =>
      ((await import(/* @vite-ignore */ path.join(ROUTES_DIR, entry))) as { action?: Handler }).action;

    it("has a valid form for every admin route with an action", async () => {
      const missing: string[] = [];
      for (const entry of routeExists(/^app\..+\.tsx$/)) {
        if ((await loadAction(entry)) && !(entry in ADMIN_FORMS)) {
          missing.push(`add app/routes/${entry} to the hostile-input suite (ADMIN_FORMS)`);
        }
      }
      expect(missing).toEqual([]);
    });

    for (const [entry, target] of Object.entries(ADMIN_FORMS)) {
      const absent = !fs.existsSync(path.join(ROUTES_DIR, entry));
      it.skipIf(absent)(
        `${entry}: every field with hostile text, numbers, depth or unknown ids gets a 4xx and changes nothing, or is stored whole${absent ? " (skipped: the route file does not exist yet)" : ""}`,
        async () => {
          const action = (await loadAction(entry))!;
          const send = (form: Record<string, string>) => () =>
            routeAnswer(action, adminRequest(shop, target.path, { form }), target.params);
          const fields = Object.keys(await target.form()).filter((field) => field !== "intent");
          const extra = ["intent", "__proto__", "id", fields.length === 0 ? "anything" : null].filter(
            Boolean,
          ) as string[];
          for (const field of [...fields, ...extra]) {
            for (const [name, value] of FIELD_VALUES) {
              const label = `${entry} ${field}: ${name}`;
              const before = await shopRows(shop);
              const { status, body } = await send({ ...(await target.form()), [field]: value })();
              expect(status, `${label}: ${String(JSON.stringify(body)).slice(0, 300)}`).toBeLessThan(500);
              await backgroundWorkSettled();
              if (status >= 400) expect(await shopRows(shop), label).toEqual(before);
            }
          }
        },
        300_000,
      );
    }
  });

  describe("every admin page and resource route (loaders)", () => {
    /** Every query parameter an admin loader reads today, and a few it might read tomorrow. */
    const PARAMS = ["q", "status", "sort", "page", "from", "to", "table", "form", "anchor", "id", "ids", "shop"];
    const VALUES = [
      HUGE_STRING,
      HOSTILE_STRINGS["NUL character"]!,
      HOSTILE_STRINGS["SQL injection"]!,
      HOSTILE_STRINGS["Liquid output and tags"]!,
      HOSTILE_NUMBER_TEXTS["not a number"]!,
      HOSTILE_NUMBER_TEXTS["past a double (1e309)"]!,
      HOSTILE_NUMBER_TEXTS.negative!,
      deepJsonArray(DEEP_LEVELS),
      UNKNOWN_IDS[0]!,
    ];

    it("answers every hostile query string and route parameter below 500 and changes nothing", async () => {
      const entries = routeExists(/^app\..+\.tsx$/);
      expect(entries.length).toBeGreaterThan(5);
      const before = await shopRows(shop);
      const failures: string[] = [];
      for (const entry of entries) {
        const route = (await import(/* @vite-ignore */ path.join(projectRoot, "app", "routes", entry))) as {
          loader?: Handler;
        };
        if (!route.loader) continue;
        const urlPath = `/${entry
          .replace(/\.tsx$/, "")
          .replaceAll(".", "/")
          .replace(/\/_index$/, "")}`;
        for (const value of VALUES) {
          const query = new URLSearchParams(PARAMS.map((name) => [name, value]));
          const params: Record<string, string> = entry.includes("$id") ? { id: value } : {};
          const { status, body } = await routeAnswer(route.loader, adminRequest(shop, `${urlPath}?${query}`), params);
          if (status >= 500) failures.push(`${entry} ${JSON.stringify(short(value))}: ${String(body).slice(0, 200)}`);
        }
      }
      expect(failures).toEqual([]);
      await backgroundWorkSettled();
      expect(await shopRows(shop)).toEqual(before);
    }, 300_000);
  });

  describe("the storefront event beacon (signed by the app proxy)", () => {
    const beaconExists = fs.existsSync(path.join(projectRoot, "app", "routes", "proxy.events.tsx"));
    let sent = 0;
    const post = async (body: string | Uint8Array) => {
      const { action } = await import("../../app/routes/proxy.events");
      const { signedProxyRequest } = await import("../support/app-proxy-request");
      sent += 1;
      // One shopper address per request: the per-client rate limit is not what is tested here.
      const request = signedProxyRequest("events", {
        shop,
        secret: secret(),
        body: body as BodyInit,
        headers: { "X-Forwarded-For": `10.0.${sent >> 8}.${sent & 255}` },
      });
      return routeAnswer(action as Handler, request);
    };
    const event = (overrides: Record<string, unknown> = {}) => ({
      key: `page${sent}.1`,
      type: "impression",
      offer: "bundle:does-not-matter",
      page: "product",
      product: 101,
      at: Date.now(),
      ...overrides,
    });

    beforeEach(async () => {
      if (!beaconExists) return;
      const { beaconLimits } = await import("../../app/services/offer-events.server");
      beaconLimits.client.reset();
      beaconLimits.shop.reset();
    });

    it.skipIf(!beaconExists)(
      `refuses every malformed beacon with a 4xx and stores nothing${beaconExists ? "" : " (skipped: app/routes/proxy.events.tsx does not exist yet)"}`,
      async () => {
        const bundle = await db.bundle.findFirstOrThrow({ where: { shop } });
        const valid = (overrides: Record<string, unknown>) =>
          JSON.stringify({ v: 1, events: [event({ offer: `bundle:${bundle.id}`, ...overrides })] });
        const bodies: Array<[string, string | Uint8Array]> = [
          ...Object.entries(MALFORMED_JSON_TEXTS).map(([name, text]): [string, string] => [`not JSON: ${name}`, text]),
          ...Object.entries(INVALID_UTF8).map(([name, bytes]): [string, Uint8Array] => [
            `invalid UTF-8: ${name}`,
            bytes,
          ]),
          ["1 MB", JSON.stringify({ v: 1, events: [event({ key: HUGE_STRING })] })],
          [`${DEEP_LEVELS} levels deep`, deepJson(DEEP_LEVELS)],
          [
            "one event more than a batch may carry",
            JSON.stringify({
              v: 1,
              events: Array.from({ length: MAX_EVENTS_PER_BEACON + 1 }, (_, i) => event({ key: `k${i}` })),
            }),
          ],
          ["no events", JSON.stringify({ v: 1, events: [] })],
          ["version 2", JSON.stringify({ v: 2, events: [event()] })],
          ...Object.entries(HOSTILE_STRINGS)
            .filter(([name]) => name !== "huge (1 MB)")
            .flatMap(([name, text]): Array<[string, string]> => [
              // "__proto__" is a well-formed key: stored as data.
              ...(name === "prototype key" ? [] : [[`key: ${name}`, valid({ key: text })] as [string, string]]),
              [`type: ${name}`, valid({ type: text })],
              [`offer: ${name}`, valid({ offer: text })],
              [`page: ${name}`, valid({ page: text })],
            ]),
          ...Object.entries(HOSTILE_JSON_NUMBERS)
            .filter(([name]) => name !== "past 2^53")
            .flatMap(([name, n]): Array<[string, string]> => [
              [`product: ${name}`, valid({ product: n === Infinity ? "1e309" : n }).replace('"1e309"', "1e309")],
              [`at: ${name === "zero" ? "a string" : name}`, valid({ at: name === "zero" ? "0" : n })],
            ]),
        ];
        for (const [label, body] of bodies) await expectRefused(`beacon, ${label}`, () => post(body));
      },
      120_000,
    );

    it.skipIf(!beaconExists)(
      "never answers 5xx, and stores a beacon whole or not at all (fast-check)",
      async () => {
        const bundle = await db.bundle.findFirstOrThrow({ where: { shop } });
        const value = fc.jsonValue({ maxDepth: 3, stringUnit: "binary" });
        const field = fc.constantFrom("key", "type", "offer", "page", "product", "at");
        const beacon = fc.oneof(
          value,
          fc.array(fc.tuple(field, value), { minLength: 1, maxLength: 5 }).map((changes) => ({
            v: 1,
            events: changes.map(([key, v], i) =>
              event({ key: `fc${sent}.${i}`, offer: `bundle:${bundle.id}`, [key]: v }),
            ),
          })),
        );
        await fc.assert(
          fc.asyncProperty(beacon, async (body) => {
            const before = await shopRows(shop);
            const { status } = await post(JSON.stringify(body));
            expect(status).toBeLessThan(500);
            const after = await shopRows(shop);
            if (status >= 400) {
              expect(after).toEqual(before);
              return;
            }
            // Accepted: every new event of the shop's offer is stored (the first of a repeated key; the
            // shop's offers only), and nothing else.
            const known = new Set(before.OfferEvent!.map((row) => row.eventKey));
            const firsts = new Map<unknown, { offer?: unknown }>();
            for (const e of (body as { events: Array<{ key?: unknown; offer?: unknown }> }).events) {
              if (!firsts.has(e.key)) firsts.set(e.key, e);
            }
            const expected = [...firsts].filter(([key, e]) => e.offer === `bundle:${bundle.id}` && !known.has(key));
            expect(after.OfferEvent!.length - before.OfferEvent!.length).toBe(expected.length);
          }),
          { numRuns: 60 },
        );
      },
      120_000,
    );
  });
});
