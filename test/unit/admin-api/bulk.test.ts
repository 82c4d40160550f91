import { beforeAll, describe, expect, it } from "vitest";
import { bulkOperationFinishPayload } from "../../../local/admin-api/bulk";
import type { BulkOperationView } from "../../../local/admin-api/store";
import { newStore, query, run, warmSchema } from "./fixture";

beforeAll(warmSchema, 30_000);

const RUN = `mutation ($query: String!) {
  bulkOperationRunQuery(query: $query) {
    bulkOperation { id status url }
    userErrors { field message code }
  }
}`;

type RunResult = {
  bulkOperationRunQuery: {
    bulkOperation: { id: string; status: string; url: string | null } | null;
    userErrors: Array<{ field: string[] | null; message: string; code: string }>;
  };
};

const ORDERS_WITH_LINES = `{
  orders(query: "created_at:>=2025-01-01") {
    edges { node {
      id name createdAt
      totalPriceSet { shopMoney { amount currencyCode } }
      customer { id }
      lineItems { edges { node { id sku quantity variant { id } customAttributes { key value } } } }
    } }
  }
}`;

const STATUS = `query ($id: ID!) {
  node(id: $id) { ... on BulkOperation { id status errorCode objectCount rootObjectCount url partialDataUrl createdAt completedAt } }
  currentBulkOperation { id status }
}`;

describe("bulkOperationRunQuery", () => {
  it("runs an orders query and writes Shopify's JSONL, children carrying __parentId", async () => {
    const store = newStore();
    const finished: BulkOperationView[] = [];
    store.onBulkOperationFinished((operation) => finished.push(operation));

    const started = await query<RunResult>(store, RUN, { query: ORDERS_WITH_LINES });
    expect(started.bulkOperationRunQuery.userErrors).toEqual([]);
    const operation = started.bulkOperationRunQuery.bulkOperation;
    expect(operation).toMatchObject({ status: "RUNNING", url: null });
    const id = operation?.id as string;

    await store.whenIdle();
    const status = await query<{ node: Record<string, unknown>; currentBulkOperation: unknown }>(store, STATUS, { id });
    const numericId = id.split("/").pop();
    expect(status.node).toEqual({
      id,
      status: "COMPLETED",
      errorCode: null,
      objectCount: "8",
      rootObjectCount: "3",
      url: `http://emulator.test/bulk/${numericId}.jsonl`,
      partialDataUrl: null,
      createdAt: "2026-03-01T12:00:00Z",
      completedAt: "2026-03-01T12:00:00Z",
    });
    expect(status.currentBulkOperation).toEqual({ id, status: "COMPLETED" });

    const jsonl = store.bulkOperation(Number(numericId))?.resultJsonl ?? "";
    expect(jsonl.endsWith("\n")).toBe(true);
    const lines = jsonl
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(8);
    const orders = lines.filter((line) => !("__parentId" in line));
    expect(orders.map((o) => o.name)).toEqual(["#1001", "#1002", "#1003"]);
    expect(orders[0]).toEqual({
      id: "gid://shopify/Order/401",
      name: "#1001",
      createdAt: "2025-12-15T10:00:00Z",
      totalPriceSet: { shopMoney: { amount: "1317.98", currencyCode: "USD" } },
      customer: { id: "gid://shopify/Customer/301" },
    });
    // Each line item follows its order and points back at it.
    expect(lines[2]).toEqual({
      id: "gid://shopify/LineItem/4012",
      sku: "SKU-1021",
      quantity: 1,
      variant: { id: "gid://shopify/ProductVariant/1021" },
      customAttributes: [{ key: "_attach_offer", value: "bundle-1" }],
      __parentId: "gid://shopify/Order/401",
    });
    const lineParents = lines.filter((line) => "__parentId" in line).map((line) => [line.id, line.__parentId]);
    expect(lineParents).toEqual([
      ["gid://shopify/LineItem/4011", "gid://shopify/Order/401"],
      ["gid://shopify/LineItem/4012", "gid://shopify/Order/401"],
      ["gid://shopify/LineItem/4021", "gid://shopify/Order/402"],
      ["gid://shopify/LineItem/4031", "gid://shopify/Order/403"],
      ["gid://shopify/LineItem/4032", "gid://shopify/Order/403"],
    ]);

    expect(finished).toHaveLength(1);
    expect(bulkOperationFinishPayload(finished[0] as BulkOperationView)).toEqual({
      admin_graphql_api_id: id,
      completed_at: "2026-03-01T12:00:00Z",
      created_at: "2026-03-01T12:00:00Z",
      error_code: null,
      status: "completed",
      type: "query",
    });
  });

  it("exports products with their variants using nodes", async () => {
    const store = newStore();
    await query(store, RUN, {
      query: '{ products(query: "tag:accessory") { nodes { id title variants { nodes { id price } } } } }',
    });
    await store.whenIdle();
    const [operation] = store.shop.bulkOperations;
    expect(operation?.resultJsonl).toBe(
      [
        { id: "gid://shopify/Product/102", title: "Laptop Sleeve" },
        { id: "gid://shopify/ProductVariant/1021", price: "19.99", __parentId: "gid://shopify/Product/102" },
        { id: "gid://shopify/Product/103", title: "Wireless Mouse" },
        { id: "gid://shopify/ProductVariant/1031", price: "29.99", __parentId: "gid://shopify/Product/103" },
      ]
        .map((line) => `${JSON.stringify(line)}\n`)
        .join(""),
    );
  });

  it("rejects an inner query that does not validate, creating no operation", async () => {
    const store = newStore();
    const { data, logs } = await run(store, RUN, { query: "{ orders { edges { node { id colour } } } }" });
    expect(data.bulkOperationRunQuery).toEqual({
      bulkOperation: null,
      userErrors: [
        {
          field: ["query"],
          message: expect.stringContaining('Cannot query field "colour" on type "Order"'),
          code: "INVALID",
        },
      ],
    });
    expect(logs.join("\n")).toContain("colour");
    expect(store.shop.bulkOperations).toEqual([]);
  });

  it("rejects bulk queries that break Shopify's bulk rules", async () => {
    const store = newStore();
    const noParentId = await run(store, RUN, {
      query: "{ orders { edges { node { name lineItems { edges { node { id } } } } } } }",
    });
    expect(noParentId.data.bulkOperationRunQuery).toMatchObject({
      userErrors: [{ message: expect.stringContaining("needs `id` selected on its parent node") }],
    });
    const notConnection = await run(store, RUN, { query: "{ shop { name } }" });
    expect(notConnection.data.bulkOperationRunQuery).toMatchObject({
      userErrors: [{ message: expect.stringContaining("top-level field is a connection") }],
    });
    const mutation = await run(store, RUN, {
      query: 'mutation { tagsAdd(id: "gid://shopify/Customer/301", tags: ["x"]) { userErrors { message } } }',
    });
    expect(mutation.data.bulkOperationRunQuery).toMatchObject({
      userErrors: [{ message: "A bulk query operation must be a query." }],
    });
    expect(store.shop.bulkOperations).toEqual([]);
  });

  it("allows one running bulk query at a time, and cancels one", async () => {
    const store = newStore();
    const finished: string[] = [];
    store.onBulkOperationFinished((operation) => finished.push(operation.status));
    const first = await query<RunResult>(store, RUN, { query: "{ products { edges { node { id } } } }" });
    const second = await query<RunResult>(store, RUN, { query: "{ products { edges { node { id } } } }" });
    expect(second.bulkOperationRunQuery.userErrors).toEqual([
      {
        field: null,
        message: `A bulk query operation for this app and shop is already in progress: ${first.bulkOperationRunQuery.bulkOperation?.id}.`,
        code: "OPERATION_IN_PROGRESS",
      },
    ]);
    const canceled = await query<{ bulkOperationCancel: unknown }>(
      store,
      "mutation ($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status url } userErrors { field message } } }",
      { id: first.bulkOperationRunQuery.bulkOperation?.id },
    );
    expect(canceled.bulkOperationCancel).toEqual({ bulkOperation: { status: "CANCELED", url: null }, userErrors: [] });
    await store.whenIdle();
    expect(store.shop.bulkOperations[0]).toMatchObject({ status: "CANCELED", resultJsonl: null });
    expect(finished).toEqual(["CANCELED"]);
  });

  it("fails the operation when the query touches a field the emulator does not implement", async () => {
    const store = newStore();
    const { logs } = await run(store, RUN, { query: "{ products { edges { node { id templateSuffix } } } }" });
    await store.whenIdle();
    expect(store.shop.bulkOperations[0]).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR" });
    expect(logs.join("\n")).toContain("does not implement Product.templateSuffix");
  });
});
