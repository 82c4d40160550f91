import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { adminApiHandler, type AdminApiHandlerOptions } from "../../../local/admin-api/http";
import type { ShopStore } from "../../../local/admin-api/store";
import { newStore, NOW, warmSchema } from "./fixture";

beforeAll(warmSchema, 30_000);

const ORIGIN = "http://127.0.0.1:4500";
const TOKEN = "shpat_local_emulator";
const CLIENT_ID = "attach-test-key";
const CLIENT_SECRET = "attach-test-secret";

function handler(store: ShopStore, options: Partial<AdminApiHandlerOptions> = {}) {
  const logs: string[] = [];
  const handle = adminApiHandler(store, {
    apiVersion: "2026-04",
    tokenExchange: {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accessToken: TOKEN,
      scope: "read_products,write_products",
    },
    log: (message) => logs.push(message),
    ...options,
  });
  return { handle, logs };
}

function graphqlRequest(body: unknown, token: string | null = TOKEN, version = "2026-04"): Request {
  return new Request(`${ORIGIN}/admin/api/${version}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token === null ? {} : { "X-Shopify-Access-Token": token }) },
    body: JSON.stringify(body),
  });
}

/** An App Bridge session token: an HS256 JWT signed with the app secret. */
function sessionToken(claims: Record<string, unknown>, secret = CLIENT_SECRET): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

function tokenRequest(fields: Record<string, string>): Request {
  return new Request(`${ORIGIN}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(fields),
  });
}

const nowSeconds = Math.floor(NOW.getTime() / 1000);
const validClaims = {
  iss: "https://attach-demo.myshopify.com/admin",
  dest: "https://attach-demo.myshopify.com",
  aud: CLIENT_ID,
  sub: "1",
  exp: nowSeconds + 60,
  nbf: nowSeconds - 5,
};

describe("the Admin GraphQL endpoint", () => {
  it("answers 401 with Shopify's message when the access token is missing or wrong", async () => {
    const { handle } = handler(newStore());
    for (const token of [null, "shpat_wrong"]) {
      const response = await handle(graphqlRequest({ query: "{ shop { name } }" }, token));
      expect(response.status).toBe(401);
      expect(await response.text()).toBe(
        '{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}',
      );
    }
  });

  it("runs a query with a valid token and answers 200 JSON", async () => {
    const { handle } = handler(newStore());
    const response = await handle(
      graphqlRequest({
        query: "query Shop($n: Int) { shop { name } products(first: $n) { nodes { id } } }",
        variables: { n: 1 },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    expect(await response.json()).toEqual({
      data: { shop: { name: "Attach Demo" }, products: { nodes: [{ id: "gid://shopify/Product/101" }] } },
    });
  });

  it("answers an invalid operation with 200 and errors, like Shopify, and logs it", async () => {
    const { handle, logs } = handler(newStore());
    const response = await handle(graphqlRequest({ query: "{ shop { nam } }" }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data?: unknown; errors: Array<{ message: string }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]?.message).toContain('Cannot query field "nam" on type "Shop"');
    expect(logs.join("\n")).toContain("nam");
  });

  it("answers 400 when the body has no query", async () => {
    const { handle } = handler(newStore());
    const response = await handle(graphqlRequest({ variables: {} }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: { query: "Required parameter missing or invalid" } });
  });

  it("serves only the configured API version", async () => {
    const { handle, logs } = handler(newStore());
    const response = await handle(graphqlRequest({ query: "{ shop { name } }" }, TOKEN, "2024-01"));
    expect(response.status).toBe(404);
    expect(logs.join("\n")).toContain("2024-01");
  });

  it("answers 404 for any other path", async () => {
    const { handle } = handler(newStore());
    const response = await handle(new Request(`${ORIGIN}/admin/api/2026-04/products.json`));
    expect(response.status).toBe(404);
  });
});

describe("bulk operation downloads", () => {
  it("serves a completed operation's JSONL at the URL the API hands out", async () => {
    const store = newStore();
    const { handle } = handler(store);
    await handle(
      graphqlRequest({
        query: "mutation ($q: String!) { bulkOperationRunQuery(query: $q) { userErrors { message } } }",
        variables: { q: "{ customers { edges { node { id email } } } }" },
      }),
    );
    await store.whenIdle();
    const status = await handle(graphqlRequest({ query: "{ currentBulkOperation { status url } }" }));
    const { currentBulkOperation } = (
      (await status.json()) as { data: { currentBulkOperation: { status: string; url: string } } }
    ).data;
    expect(currentBulkOperation.status).toBe("COMPLETED");
    expect(currentBulkOperation.url.startsWith(`${ORIGIN}/bulk/`)).toBe(true);

    const download = await handle(new Request(currentBulkOperation.url));
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toContain("application/jsonl");
    expect(await download.text()).toBe(
      '{"id":"gid://shopify/Customer/301","email":"ada@example.com"}\n' +
        '{"id":"gid://shopify/Customer/302","email":"grace@example.com"}\n',
    );
    expect((await handle(new Request(`${ORIGIN}/bulk/424242.jsonl`))).status).toBe(404);
  });
});

describe("token exchange", () => {
  const exchange = (fields: Record<string, string>) => ({
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    subject_token: sessionToken(validClaims),
    subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
    requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    ...fields,
  });

  it("trades a valid session token for the offline access token and its scopes", async () => {
    const store = newStore();
    const { handle } = handler(store);
    const response = await handle(tokenRequest(exchange({})));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ access_token: TOKEN, scope: "read_products,write_products" });
    // The issued token is the one the GraphQL endpoint accepts.
    expect((await handle(graphqlRequest({ query: "{ shop { id } }" }, TOKEN))).status).toBe(200);
  });

  it("refuses wrong client credentials, a forged or expired session token, and other grants", async () => {
    const { handle, logs } = handler(newStore());
    const refusals = [
      exchange({ client_secret: "wrong" }),
      exchange({ subject_token: sessionToken(validClaims, "another-secret") }),
      exchange({ subject_token: sessionToken({ ...validClaims, exp: nowSeconds - 1 }) }),
      exchange({ grant_type: "authorization_code" }),
      exchange({ requested_token_type: "urn:shopify:params:oauth:token-type:online-access-token" }),
    ];
    const answers = [];
    for (const fields of refusals) {
      const response = await handle(tokenRequest(fields));
      answers.push([response.status, ((await response.json()) as { error: string }).error]);
    }
    expect(answers).toEqual([
      [400, "invalid_client"],
      [400, "invalid_subject_token"],
      [400, "invalid_subject_token"],
      [400, "unsupported_grant_type"],
      [400, "invalid_request"],
    ]);
    expect(logs).toHaveLength(5);
  });
});
