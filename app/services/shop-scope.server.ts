// The shop-scoped data layer: every query on a shop-owned model goes through `shopData(shop)`,
// which adds `shop` to every filter and to every row it creates (nested creates included). A query
// through it cannot read, change or delete another shop's rows, whatever ids it is given.
import db, { type Database } from "../db.server";

// Models whose rows belong to one shop. Session belongs to Shopify's session storage.
// test/db/shop-scope.test.ts fails if a model with a `shop` field is missing here.
export const SHOP_OWNED_MODELS = [
  "ShopSettings",
  "Bundle",
  "BundlePart",
  "Pairing",
  "PairingComplement",
  "OfferEvent",
  "OrderFact",
  "OrderLineFact",
  "DailyRollup",
  "CustomerRollup",
  "OfferWeekTotal",
  "OfferWeekFrontier",
  "WebhookDelivery",
  "CustomerSignal",
  "BackfillJob",
  "ShopJobLock",
  "CoPurchaseProduct",
  "CoPurchasePair",
  "HiddenSuggestionProduct",
  "FollowUpOffer",
] as const;

const shopOwned = new Set<string>(SHOP_OWNED_MODELS);

type ShopOwnedModel = (typeof SHOP_OWNED_MODELS)[number];

/** The client's delegate for a model ("BundlePart" → client.bundlePart), for work over every shop-owned table. */
export function modelDelegate<Client extends object>(client: Client, model: ShopOwnedModel | "Session") {
  const name = (model[0]!.toLowerCase() + model.slice(1)) as Uncapitalize<typeof model>;
  return (client as Record<string, unknown>)[name] as {
    count: (args?: object) => Promise<number>;
    deleteMany: (args?: object) => Promise<unknown>;
  };
}

type Args = Record<string, unknown>;

function isObject(value: unknown): value is Args {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

const each = <T>(value: T | T[], fn: (item: T) => T): T | T[] => (Array.isArray(value) ? value.map(fn) : fn(value));

/** Stamps `shop` on a row to create and on the rows of its nested creates. */
function withShop(row: unknown, shop: string): unknown {
  if (!isObject(row)) return row;
  return { ...stampNestedCreates(row, shop), shop };
}

/** Stamps `shop` on the rows created through relation fields of `data` (create, createMany, upsert). */
function stampNestedCreates(data: Args, shop: string): Args {
  const out: Args = { ...data };
  for (const [field, value] of Object.entries(data)) {
    if (!isObject(value)) continue;
    const nested: Args = { ...value };
    if ("create" in value) nested.create = each(value.create, (row) => withShop(row, shop));
    if (isObject(value.createMany) && Array.isArray(value.createMany.data)) {
      nested.createMany = { ...value.createMany, data: value.createMany.data.map((row) => withShop(row, shop)) };
    }
    if ("upsert" in value) {
      nested.upsert = each(value.upsert as Args | Args[], (u) => ({ ...u, create: withShop(u.create, shop) }));
    }
    out[field] = nested;
  }
  return out;
}

function scopeArgs(operation: string, args: Args, shop: string): Args {
  switch (operation) {
    case "create":
      return { ...args, data: withShop(args.data, shop) };
    case "createMany":
    case "createManyAndReturn":
      return { ...args, data: each(args.data as Args, (row) => withShop(row, shop) as Args) };
    case "upsert":
      return {
        ...args,
        where: { ...(args.where as Args), shop },
        create: withShop(args.create, shop),
        update: stampNestedCreates((args.update as Args) ?? {}, shop),
      };
    case "update":
    case "updateMany":
    case "updateManyAndReturn":
      return {
        ...args,
        where: { ...(args.where as Args), shop },
        data: stampNestedCreates((args.data as Args) ?? {}, shop),
      };
    default:
      // find*, count, aggregate, groupBy, delete, deleteMany: filter by shop.
      return { ...args, where: { ...(args.where as Args), shop } };
  }
}

export function shopData(shop: string, client: Database = db) {
  if (!shop) throw new Error("shopData: a shop domain is required");
  return client.$extends({
    name: "shop-scope",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (!shopOwned.has(model)) return query(args);
          return query(scopeArgs(operation, (args ?? {}) as Args, shop) as typeof args);
        },
      },
    },
  });
}

export type ShopData = ReturnType<typeof shopData>;
