import { beforeAll, describe, expect, it } from "vitest";
import { ADA_ID, LAPTOP_ID, newStore, NOW, query, run, SLEEVE_ID, warmSchema } from "./fixture";

beforeAll(warmSchema, 30_000);

const METAFIELDS_SET = `mutation ($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { id namespace key type value }
    userErrors { field message code elementIndex }
  }
}`;

type SetResult = {
  metafieldsSet: {
    metafields: Array<{ id: string; namespace: string; key: string; type: string; value: string }>;
    userErrors: Array<{ field: string[]; message: string; code: string; elementIndex: number | null }>;
  };
};

const PRODUCT = `gid://shopify/Product/${SLEEVE_ID}`;
const bundleConfig = JSON.stringify({ bundles: [{ id: "b1", percent: 10 }] });

describe("metafieldsSet", () => {
  it("writes a product metafield that reads back through product.metafield", async () => {
    const store = newStore();
    let changes = 0;
    store.onChange(() => (changes += 1));
    const set = await query<SetResult>(store, METAFIELDS_SET, {
      metafields: [{ ownerId: PRODUCT, namespace: "$app:attach", key: "bundles", type: "json", value: bundleConfig }],
    });
    expect(set.metafieldsSet.userErrors).toEqual([]);
    expect(set.metafieldsSet.metafields[0]).toMatchObject({ namespace: "$app:attach", key: "bundles", type: "json" });
    expect(changes).toBe(1);

    const read = await query<{ product: { metafield: Record<string, unknown>; metafields: { nodes: unknown[] } } }>(
      store,
      `{ product(id: "${PRODUCT}") {
          metafield(namespace: "$app:attach", key: "bundles") { id namespace key type value jsonValue updatedAt }
          metafields(first: 5, namespace: "$app:attach") { nodes { key } } } }`,
    );
    expect(read.product.metafield).toEqual({
      id: set.metafieldsSet.metafields[0]?.id,
      namespace: "$app:attach",
      key: "bundles",
      type: "json",
      value: bundleConfig,
      jsonValue: { bundles: [{ id: "b1", percent: 10 }] },
      updatedAt: NOW.toISOString().replace(".000", ""),
    });
    expect(read.product.metafields.nodes).toEqual([{ key: "bundles" }]);
    expect(store.toJSON().products.find((p) => p.id === SLEEVE_ID)?.metafields).toHaveLength(1);
  });

  it("writes shop, app-installation and customer metafields", async () => {
    const store = newStore();
    const installation = await query<{ currentAppInstallation: { id: string } }>(
      store,
      "{ currentAppInstallation { id } }",
    );
    const set = await query<SetResult>(store, METAFIELDS_SET, {
      metafields: [
        { ownerId: "gid://shopify/Shop/1", namespace: "attach", key: "enabled", type: "boolean", value: "true" },
        { ownerId: installation.currentAppInstallation.id, key: "settings", type: "json", value: "{}" },
        {
          ownerId: `gid://shopify/Customer/${ADA_ID}`,
          namespace: "$app:attach",
          key: "excluded",
          type: "boolean",
          value: "false",
        },
      ],
    });
    expect(set.metafieldsSet.userErrors).toEqual([]);
    const read = await query<Record<string, { metafield: unknown }>>(
      store,
      `{ shop { metafield(namespace: "attach", key: "enabled") { jsonValue } }
         currentAppInstallation { metafield(key: "settings") { namespace value } }
         customer(id: "gid://shopify/Customer/${ADA_ID}") { metafield(namespace: "$app:attach", key: "excluded") { jsonValue } } }`,
    );
    expect(read.shop?.metafield).toEqual({ jsonValue: true });
    // Without a namespace, Shopify uses the app-reserved one.
    expect(read.currentAppInstallation?.metafield).toEqual({ namespace: "$app", value: "{}" });
    expect(read.customer?.metafield).toEqual({ jsonValue: false });
  });

  it("rejects invalid JSON and writes nothing from the same call", async () => {
    const store = newStore();
    const set = await query<SetResult>(store, METAFIELDS_SET, {
      metafields: [
        { ownerId: PRODUCT, namespace: "$app:attach", key: "good", type: "json", value: "{}" },
        { ownerId: PRODUCT, namespace: "$app:attach", key: "bad", type: "json", value: "{not json" },
      ],
    });
    expect(set.metafieldsSet.metafields).toEqual([]);
    expect(set.metafieldsSet.userErrors).toEqual([
      {
        field: ["metafields", "1", "value"],
        message: expect.stringContaining("Value is invalid JSON"),
        code: "INVALID_VALUE",
        elementIndex: 1,
      },
    ]);
    expect(store.product(SLEEVE_ID)?.metafields).toEqual([]);
  });

  it("rejects more than 25 metafields in one call", async () => {
    const store = newStore();
    const metafields = Array.from({ length: 26 }, (_, i) => ({
      ownerId: PRODUCT,
      namespace: "$app:attach",
      key: `key${i}`,
      type: "single_line_text_field",
      value: "x",
    }));
    const set = await query<SetResult>(store, METAFIELDS_SET, { metafields });
    expect(set.metafieldsSet.userErrors).toEqual([
      {
        field: ["metafields"],
        message: "Exceeded the maximum metafields input limit of 25.",
        code: "LESS_THAN_OR_EQUAL_TO",
        elementIndex: null,
      },
    ]);
    expect(store.product(SLEEVE_ID)?.metafields).toEqual([]);
  });

  it("applies Shopify's size limits: 128 KB for json, 64 KB for text", async () => {
    const store = newStore();
    const bigJson = JSON.stringify("x".repeat(128 * 1024));
    const bigText = "y".repeat(64 * 1024 + 1);
    const set = await query<SetResult>(store, METAFIELDS_SET, {
      metafields: [
        { ownerId: PRODUCT, namespace: "$app:attach", key: "big", type: "json", value: bigJson },
        { ownerId: PRODUCT, namespace: "$app:attach", key: "text", type: "multi_line_text_field", value: bigText },
      ],
    });
    expect(set.metafieldsSet.userErrors.map((e) => [e.field.join("."), e.code])).toEqual([
      ["metafields.0.value", "LESS_THAN_OR_EQUAL_TO"],
      ["metafields.1.value", "LESS_THAN_OR_EQUAL_TO"],
    ]);
  });

  it("checks type, key, namespace and owner", async () => {
    const set = await query<SetResult>(newStore(), METAFIELDS_SET, {
      metafields: [
        { ownerId: PRODUCT, namespace: "$app:attach", key: "n", type: "number_integer", value: "1.5" },
        {
          ownerId: PRODUCT,
          namespace: "$app:attach",
          key: "refs",
          type: "list.product_reference",
          value: '["gid://shopify/Customer/1"]',
        },
        { ownerId: PRODUCT, namespace: "$app:attach", key: "nope", type: "colour", value: "red" },
        { ownerId: PRODUCT, namespace: "$app:attach", key: "untyped", value: "x" },
        { ownerId: "gid://shopify/Product/999", namespace: "$app:attach", key: "gone", type: "json", value: "{}" },
      ],
    });
    expect(set.metafieldsSet.userErrors.map((e) => [e.field.join("."), e.code])).toEqual([
      ["metafields.0.key", "TOO_SHORT"],
      ["metafields.0.value", "INVALID_VALUE"],
      ["metafields.1.value", "INVALID_VALUE"],
      ["metafields.2.type", "INVALID_TYPE"],
      ["metafields.3.type", "BLANK"],
      ["metafields.4.ownerId", "INVALID_VALUE"],
    ]);
  });

  it("refuses a stale compareDigest", async () => {
    const store = newStore();
    await query(store, METAFIELDS_SET, {
      metafields: [{ ownerId: PRODUCT, namespace: "$app:attach", key: "bundles", type: "json", value: "[]" }],
    });
    const read = await query<{ product: { metafield: { compareDigest: string } } }>(
      store,
      `{ product(id: "${PRODUCT}") { metafield(namespace: "$app:attach", key: "bundles") { compareDigest } } }`,
    );
    const digest = read.product.metafield.compareDigest;
    const fresh = await query<SetResult>(store, METAFIELDS_SET, {
      metafields: [{ ownerId: PRODUCT, namespace: "$app:attach", key: "bundles", value: "[1]", compareDigest: digest }],
    });
    expect(fresh.metafieldsSet.userErrors).toEqual([]);
    const stale = await query<SetResult>(store, METAFIELDS_SET, {
      metafields: [{ ownerId: PRODUCT, namespace: "$app:attach", key: "bundles", value: "[2]", compareDigest: digest }],
    });
    expect(stale.metafieldsSet.userErrors[0]?.code).toBe("STALE_OBJECT");
    expect(store.product(SLEEVE_ID)?.metafields[0]?.value).toBe("[1]");
  });
});

describe("metafieldsDelete", () => {
  it("deletes a metafield and answers null for one that did not exist", async () => {
    const store = newStore();
    await query(store, METAFIELDS_SET, {
      metafields: [{ ownerId: PRODUCT, namespace: "$app:attach", key: "bundles", type: "json", value: "[]" }],
    });
    const deleted = await query<{ metafieldsDelete: unknown }>(
      store,
      `mutation ($metafields: [MetafieldIdentifierInput!]!) {
        metafieldsDelete(metafields: $metafields) { deletedMetafields { ownerId namespace key } userErrors { field message } } }`,
      {
        metafields: [
          { ownerId: PRODUCT, namespace: "$app:attach", key: "bundles" },
          { ownerId: PRODUCT, namespace: "$app:attach", key: "missing" },
        ],
      },
    );
    expect(deleted.metafieldsDelete).toEqual({
      deletedMetafields: [{ ownerId: PRODUCT, namespace: "$app:attach", key: "bundles" }, null],
      userErrors: [],
    });
    const read = await query<{ product: { metafield: unknown } }>(
      store,
      `{ product(id: "${PRODUCT}") { metafield(namespace: "$app:attach", key: "bundles") { id } } }`,
    );
    expect(read.product.metafield).toBeNull();
  });
});

describe("automatic app discounts", () => {
  const CREATE = `mutation ($input: DiscountAutomaticAppInput!) {
    discountAutomaticAppCreate(automaticAppDiscount: $input) {
      automaticAppDiscount { discountId title status startsAt endsAt discountClasses
        combinesWith { orderDiscounts productDiscounts shippingDiscounts } appDiscountType { functionId } }
      userErrors { field message code }
    }
  }`;
  type Created = {
    discountAutomaticAppCreate: {
      automaticAppDiscount: { discountId: string; status: string } & Record<string, unknown>;
      userErrors: Array<{ field: string[]; message: string; code: string }>;
    };
  };

  it("creates, reads, updates and deletes an app discount with its metafield", async () => {
    const store = newStore();
    const created = await query<Created>(store, CREATE, {
      input: {
        title: "Attach bundles",
        functionId: "fn-123",
        startsAt: "2026-01-01T00:00:00Z",
        discountClasses: ["PRODUCT"],
        combinesWith: { orderDiscounts: true },
        metafields: [{ namespace: "$app:attach", key: "config", type: "json", value: '{"v":1}' }],
      },
    });
    expect(created.discountAutomaticAppCreate.userErrors).toEqual([]);
    const discount = created.discountAutomaticAppCreate.automaticAppDiscount;
    expect(discount).toEqual({
      discountId: expect.stringMatching(/^gid:\/\/shopify\/DiscountAutomaticNode\/\d+$/),
      title: "Attach bundles",
      status: "ACTIVE",
      startsAt: "2026-01-01T00:00:00Z",
      endsAt: null,
      discountClasses: ["PRODUCT"],
      combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: false },
      appDiscountType: { functionId: "fn-123" },
    });

    const listed = await query<{ discountNodes: { nodes: unknown[] } }>(
      store,
      `{ discountNodes(first: 5, query: "status:active") { nodes { id
          metafield(namespace: "$app:attach", key: "config") { jsonValue }
          discount { ... on DiscountAutomaticApp { title } } } } }`,
    );
    expect(listed.discountNodes.nodes).toEqual([
      { id: discount.discountId, metafield: { jsonValue: { v: 1 } }, discount: { title: "Attach bundles" } },
    ]);

    const updated = await query<{ discountAutomaticAppUpdate: unknown }>(
      store,
      `mutation ($id: ID!, $input: DiscountAutomaticAppInput!) {
        discountAutomaticAppUpdate(id: $id, automaticAppDiscount: $input) {
          automaticAppDiscount { title endsAt status combinesWith { orderDiscounts productDiscounts } } userErrors { field message } } }`,
      {
        id: discount.discountId,
        input: { title: "Attach bundles v2", endsAt: "2026-02-01T00:00:00Z", combinesWith: { productDiscounts: true } },
      },
    );
    expect(updated.discountAutomaticAppUpdate).toEqual({
      automaticAppDiscount: {
        title: "Attach bundles v2",
        endsAt: "2026-02-01T00:00:00Z",
        status: "EXPIRED",
        // The schema defaults every omitted combinesWith flag to false, so an update replaces them all.
        combinesWith: { orderDiscounts: false, productDiscounts: true },
      },
      userErrors: [],
    });

    const node = await query<{ automaticDiscountNode: unknown }>(
      store,
      `query ($id: ID!) { automaticDiscountNode(id: $id) { automaticDiscount { ... on DiscountAutomaticApp { title status } } } }`,
      { id: discount.discountId },
    );
    expect(node.automaticDiscountNode).toEqual({
      automaticDiscount: { title: "Attach bundles v2", status: "EXPIRED" },
    });

    const deleted = await query<{ discountAutomaticDelete: unknown }>(
      store,
      "mutation ($id: ID!) { discountAutomaticDelete(id: $id) { deletedAutomaticDiscountId userErrors { field message } } }",
      { id: discount.discountId },
    );
    expect(deleted.discountAutomaticDelete).toEqual({
      deletedAutomaticDiscountId: discount.discountId,
      userErrors: [],
    });
    expect(store.shop.automaticAppDiscounts).toEqual([]);

    const again = await query<{ discountAutomaticDelete: { userErrors: unknown[] } }>(
      store,
      "mutation ($id: ID!) { discountAutomaticDelete(id: $id) { deletedAutomaticDiscountId userErrors { field message } } }",
      { id: discount.discountId },
    );
    expect(again.discountAutomaticDelete.userErrors).toEqual([{ field: ["id"], message: "Discount does not exist" }]);
  });

  it("schedules a discount that starts in the future", async () => {
    const created = await query<Created>(newStore(), CREATE, {
      input: { title: "Later", functionId: "fn-123", startsAt: "2026-06-01T00:00:00Z" },
    });
    expect(created.discountAutomaticAppCreate.automaticAppDiscount.status).toBe("SCHEDULED");
  });

  it("refuses a missing function id and an end before the start", async () => {
    const store = newStore();
    const created = await query<Created>(store, CREATE, {
      input: { title: "Broken", startsAt: "2026-02-01T00:00:00Z", endsAt: "2026-01-01T00:00:00Z" },
    });
    expect(created.discountAutomaticAppCreate.automaticAppDiscount).toBeNull();
    expect(created.discountAutomaticAppCreate.userErrors.map((e) => [e.field.join("."), e.code])).toEqual([
      ["automaticAppDiscount.functionId", "BLANK"],
      ["automaticAppDiscount.endsAt", "INVALID"],
    ]);
    expect(store.shop.automaticAppDiscounts).toEqual([]);
  });
});

describe("tags", () => {
  const TAGS_ADD = `mutation ($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) {
    node { ... on Customer { tags } } userErrors { field message } } }`;
  const TAGS_REMOVE = `mutation ($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) {
    node { ... on Customer { tags } } userErrors { field message } } }`;
  const ADA = `gid://shopify/Customer/${ADA_ID}`;

  it("adds and removes customer tags, which searches then see", async () => {
    const store = newStore();
    const added = await query<{ tagsAdd: unknown }>(store, TAGS_ADD, {
      id: ADA,
      tags: ["attach-excluded, wholesale", "VIP"],
    });
    expect(added.tagsAdd).toEqual({ node: { tags: ["vip", "attach-excluded", "wholesale"] }, userErrors: [] });
    const found = await query<{ customers: { nodes: Array<{ id: string }> } }>(
      store,
      '{ customers(first: 5, query: "tag:attach-excluded") { nodes { id } } }',
    );
    expect(found.customers.nodes).toEqual([{ id: ADA }]);

    const removed = await query<{ tagsRemove: unknown }>(store, TAGS_REMOVE, { id: ADA, tags: ["ATTACH-EXCLUDED"] });
    expect(removed.tagsRemove).toEqual({ node: { tags: ["vip", "wholesale"] }, userErrors: [] });
  });

  it("tags products too, and reports an unknown resource", async () => {
    const store = newStore();
    await query(store, TAGS_ADD, { id: `gid://shopify/Product/${LAPTOP_ID}`, tags: ["bundle-anchor"] });
    expect(store.product(LAPTOP_ID)?.tags).toContain("bundle-anchor");
    const missing = await run(store, TAGS_ADD, { id: "gid://shopify/Customer/999", tags: ["x"] });
    expect(missing.data.tagsAdd).toEqual({
      node: null,
      userErrors: [{ field: ["id"], message: "Resource not found" }],
    });
  });
});
