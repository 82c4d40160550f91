// The pairing routes through the app's real authenticate.admin (App Bridge session tokens, an offline
// session, the Shopify library's Admin client answered by the emulator).
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  adminRequest,
  BUNDLE_FUNCTION_ID,
  callRoute,
  emulateShopify,
  installApp,
  routeResult,
  type EmulatedShopify,
} from "./support/shopify";
import db from "../../app/db.server";
import { PAIRING_MESSAGES } from "../../app/domain/pairing";
import { PAIRING_FORM_MESSAGES } from "../../app/domain/pairing-form";
import { action as editAction, loader as editLoader } from "../../app/routes/app.pairings.$id";
import { action as listAction, loader as listLoader } from "../../app/routes/app.pairings._index";
import { PAIRING_SERVICE_MESSAGES } from "../../app/services/pairings.server";
import { demoShop } from "../unit/admin-api/fixture";
import { resetDatabase } from "./support/reset";

const P = (n: number) => `gid://shopify/Product/${n}`;
const LAPTOP = P(101);
const SLEEVE = P(102);
const MOUSE = P(103);
const ACCESSORIES = "gid://shopify/Collection/201"; // the sleeve and the mouse

const saveForm = (overrides: Record<string, string> = {}) => ({
  intent: "save",
  anchorType: "product",
  anchorId: LAPTOP,
  complements: JSON.stringify([MOUSE, SLEEVE]),
  discountPercent: "10",
  heading: "",
  status: "active",
  ...overrides,
});

const writes = (shopify: EmulatedShopify) => shopify.operations.filter((op) => /(Set|Delete|Create|Update)$/.test(op));

describe(`the pairing routes on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let shopify: EmulatedShopify;
  let rival: EmulatedShopify;
  let shop: string;
  const other = "rival-store.myshopify.com";

  beforeEach(async () => {
    await resetDatabase();
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", BUNDLE_FUNCTION_ID);
    shopify = emulateShopify();
    rival = emulateShopify({ ...demoShop(), domain: other });
    shop = shopify.domain;
    await installApp(shop);
    await installApp(other);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.$disconnect();
  });

  const create = async (form = saveForm(), as = shop) =>
    routeResult(await callRoute(editAction, adminRequest(as, "/app/pairings/new", { form }), { id: "new" }));
  const edit = async (id: string, form: Record<string, string>, as = shop) =>
    routeResult(await callRoute(editAction, adminRequest(as, `/app/pairings/${id}`, { form }), { id }));
  const bulk = (form: Record<string, string | string[]>, as = shop) =>
    callRoute(listAction, adminRequest(as, "/app/pairings", { form })).then(routeResult);

  it("creates a pairing from the form, publishes the complements in order and lists it live", async () => {
    const { status, body } = await create();
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, created: true, sync: "live" });
    const stored = await db.pairing.findUniqueOrThrow({
      where: { id: body.id as string },
      include: { complements: { orderBy: { position: "asc" } } },
    });
    expect(stored).toMatchObject({ shop, anchorId: LAPTOP, discountPercent: 10, heading: null, source: "manual" });
    expect(stored.complements.map((c) => c.productId)).toEqual([MOUSE, SLEEVE]);
    expect(shopify.metafield(LAPTOP, "pairing")).toMatchObject({ complements: [MOUSE, SLEEVE], percent: 10 });

    const list = routeResult(await callRoute(listLoader, adminRequest(shop, "/app/pairings?status=active&q=laptop")));
    expect(list.body).toMatchObject({
      total: 1,
      pairings: [{ id: body.id, anchorTitle: "Laptop 14", complementCount: 2, sync: "live", discount: "10% off" }],
    });
    const editor = routeResult(
      await callRoute(editLoader, adminRequest(shop, `/app/pairings/${body.id}`), { id: body.id as string }),
    ).body;
    expect(editor).toMatchObject({
      form: { anchorId: LAPTOP, complements: [MOUSE, SLEEVE], discountPercent: "10", heading: "" },
      resources: { [LAPTOP]: { title: "Laptop 14" }, [MOUSE]: { title: "Wireless Mouse" } },
      defaultHeading: "Complete the solution",
    });
  });

  it("publishes a collection pairing to every product of the collection", async () => {
    const { body } = await create(
      saveForm({ anchorType: "collection", anchorId: ACCESSORIES, complements: JSON.stringify([LAPTOP]) }),
    );
    expect(body).toMatchObject({ ok: true, sync: "live" });
    for (const product of [SLEEVE, MOUSE]) {
      expect(shopify.metafield(product, "pairing")).toMatchObject({ id: body.id, complements: [LAPTOP] });
    }
    expect(shopify.metafield(LAPTOP, "pairing")).toBeUndefined();
  });

  it("answers invalid input with a 400 naming each field, and stores and publishes nothing", async () => {
    const invalid = await create(
      saveForm({ anchorId: "", complements: "[]", discountPercent: "ten", heading: "x".repeat(81), status: "gone" }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([
      { field: "anchor", message: PAIRING_MESSAGES.anchor },
      { field: "complements", message: PAIRING_MESSAGES.complementsMissing },
      { field: "discountPercent", message: PAIRING_MESSAGES.discountPercent },
      { field: "heading", message: PAIRING_MESSAGES.headingTooLong },
      { field: "status", message: PAIRING_MESSAGES.status },
    ]);
    const unreadable = await create(saveForm({ complements: "not json" }));
    expect(unreadable).toEqual({
      status: 400,
      body: { ok: false, errors: [{ field: "complements", message: PAIRING_FORM_MESSAGES.complements }] },
    });
    const unknown = await create(saveForm({ complements: JSON.stringify([MOUSE, P(999)]) }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { field: "complements[1]", message: PAIRING_SERVICE_MESSAGES.productMissing },
    ]);
    expect((await bulk({ intent: "pause" })).status).toBe(400);

    expect(await db.pairing.count()).toBe(0);
    expect(writes(shopify)).toEqual([]);
  });

  it("gives another shop a 404 for a pairing's id, on every read and change, with no side effect", async () => {
    const { body } = await create();
    const id = body.id as string;
    const before = await db.pairing.findUniqueOrThrow({ where: { id }, include: { complements: true } });
    const shopifyWrites = writes(shopify).length;

    expect(routeResult(await callRoute(editLoader, adminRequest(other, `/app/pairings/${id}`), { id })).status).toBe(
      404,
    );
    for (const form of [
      saveForm({ complements: JSON.stringify([SLEEVE]), updatedAt: before.updatedAt.toISOString() }),
      { intent: "delete" },
      { intent: "sync" },
    ]) {
      expect((await edit(id, form, other)).status).toBe(404);
    }
    for (const intent of ["delete", "pause"]) {
      expect((await bulk({ intent, ids: [id] }, other)).body).toMatchObject({
        ok: true,
        message: expect.stringMatching(/^0 pairings/),
      });
    }
    expect(await bulk({ intent: "retry", ids: [id] }, other)).toEqual({
      status: 404,
      body: { ok: false, message: "These pairings no longer exist" },
    });

    expect(await db.pairing.findUniqueOrThrow({ where: { id }, include: { complements: true } })).toEqual(before);
    expect(writes(shopify).length).toBe(shopifyWrites);
    expect(writes(rival)).toEqual([]);
    expect(routeResult(await callRoute(listLoader, adminRequest(other, "/app/pairings"))).body).toMatchObject({
      total: 0,
      hasPairings: false,
    });
  });

  it("answers a stale edit and a second pairing for the same anchor with a 409, changing nothing", async () => {
    const { body } = await create();
    const id = body.id as string;
    const opened = routeResult(await callRoute(editLoader, adminRequest(shop, `/app/pairings/${id}`), { id })).body as {
      pairing: { updatedAt: string };
    };
    const save = (complements: string[]) =>
      edit(id, saveForm({ complements: JSON.stringify(complements), updatedAt: opened.pairing.updatedAt }));
    expect((await save([SLEEVE, MOUSE])).body).toMatchObject({ ok: true });
    expect(await save([MOUSE])).toEqual({
      status: 409,
      body: { ok: false, errors: [{ field: "form", message: PAIRING_SERVICE_MESSAGES.stale }] },
    });
    const complements = await db.pairingComplement.findMany({ where: { pairingId: id }, orderBy: { position: "asc" } });
    expect(complements.map((c) => c.productId)).toEqual([SLEEVE, MOUSE]);
    expect(shopify.metafield(LAPTOP, "pairing")).toMatchObject({ complements: [SLEEVE, MOUSE] });

    const duplicate = await create(saveForm({ complements: JSON.stringify([SLEEVE]) }));
    expect(duplicate).toEqual({
      status: 409,
      body: { ok: false, errors: [{ field: "anchor", message: PAIRING_SERVICE_MESSAGES.anchorTaken("Laptop 14") }] },
    });
    expect(await db.pairing.count()).toBe(1);
  });

  it("pauses, activates and deletes in bulk and from the editor, taking the pairing off the storefront", async () => {
    const first = (await create()).body.id as string;
    const second = (
      await create(saveForm({ anchorId: SLEEVE, complements: JSON.stringify([MOUSE]), discountPercent: "" }))
    ).body.id as string;

    expect((await bulk({ intent: "pause", ids: [first, second] })).body).toEqual({
      ok: true,
      message: "2 pairings paused",
    });
    expect(shopify.metafield(LAPTOP, "pairing")).toBeUndefined();
    expect(shopify.metafield(SLEEVE, "pairing")).toBeUndefined();
    expect((await bulk({ intent: "activate", ids: [first] })).body).toEqual({
      ok: true,
      message: "1 pairing activated",
    });
    expect(shopify.metafield(LAPTOP, "pairing")).toMatchObject({ id: first });

    expect((await edit(first, { intent: "delete" })).body).toEqual({
      ok: true,
      intent: "delete",
      message: "Pairing deleted",
    });
    expect((await bulk({ intent: "delete", ids: [second] })).body).toEqual({ ok: true, message: "1 pairing deleted" });
    expect(await db.pairing.count()).toBe(0);
    expect(shopify.store.shop.products.flatMap((p) => p.metafields)).toEqual([]);
  });

  it("shows a failed sync with its reason and publishes the pairing on Retry", async () => {
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", "");
    const { body } = await create();
    expect(body).toMatchObject({ ok: true, sync: "failed", syncError: expect.stringMatching(/is not deployed/) });
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", BUNDLE_FUNCTION_ID);
    expect((await edit(body.id as string, { intent: "sync" })).body).toEqual({
      ok: true,
      intent: "sync",
      message: "Published to Shopify",
      isError: false,
    });
    expect(await db.pairing.findUniqueOrThrow({ where: { id: body.id as string } })).toMatchObject({
      syncStatus: "live",
      syncError: null,
    });
  });
});
