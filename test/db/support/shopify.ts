// An emulated Shopify for the database tests: the local Admin API emulator (local/admin-api) over a small
// fixture shop, reached two ways —
// - as an injected Admin GraphQL client for the services (`shopify.admin`);
// - through the app's real `authenticate.admin` and the Shopify library's client, for route tests:
//   requests to the shop's domain are answered in-process, the way local mode's routeShopifyRequests does.
//   Import this module before the app's modules: the Shopify library captures `fetch` when it loads.
import { ADMIN_API_VERSION } from "../../../app/shopify.api-version";
import type { AdminGraphql } from "../../../app/services/admin-graphql.server";
import db from "../../../app/db.server";
import { adminApiHandler } from "../../../local/admin-api/http";
import { ShopStore } from "../../../local/admin-api/store";
import { signSessionToken } from "../../../local/session-token";
import type { EmulatedShop } from "../../../local/shop/types";
import { demoShop } from "../../unit/admin-api/fixture";

const handlers = new Map<string, (request: Request) => Promise<Response>>();
const networkFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const handler = handlers.get(new URL(request.url).host);
  return handler ? handler(request) : networkFetch(request);
};

export const BUNDLE_FUNCTION_ID = "01a7ac4e-0000-4000-8000-00000000test";

export interface EmulatedShopify {
  store: ShopStore;
  domain: string;
  admin: AdminGraphql;
  /** The operation names the app sent, in order. */
  operations: string[];
  /** What the emulator logged: operations that do not validate against the Admin schema end up here. */
  logs: string[];
  /** A product's $app:attach metafield value, parsed; undefined when absent. */
  metafield: (productId: string, key: string) => unknown;
  metafieldType: (productId: string, key: string) => string | undefined;
}

/** A fresh emulated shop (the Admin API emulator's fixture shop unless one is given), reachable in-process. */
export function emulateShopify(shop: EmulatedShop = demoShop()): EmulatedShopify {
  const store = new ShopStore(shop);
  const logs: string[] = [];
  const operations: string[] = [];
  const handler = adminApiHandler(store, { apiVersion: ADMIN_API_VERSION, log: (message) => logs.push(message) });
  const recording = async (request: Request) => {
    if (request.url.endsWith("/graphql.json")) {
      const body = (await request.clone().json()) as { query?: string };
      operations.push(/\b(?:query|mutation)\s+(\w+)/.exec(body.query ?? "")?.[1] ?? "anonymous");
    }
    return handler(request);
  };
  handlers.set(store.shop.domain, recording);
  const find = (productId: string, key: string) =>
    store.metafieldsOf(productId)?.find((m) => m.namespace === "$app:attach" && m.key === key);
  return {
    store,
    domain: store.shop.domain,
    operations,
    logs,
    admin: {
      graphql: (query, options) =>
        recording(
          new Request(`https://${store.shop.domain}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_test" },
            body: JSON.stringify({ query, variables: options?.variables ?? {} }),
          }),
        ),
    },
    metafield: (productId, key) => {
      const found = find(productId, key);
      return found ? (JSON.parse(found.value) as unknown) : undefined;
    },
    metafieldType: (productId, key) => find(productId, key)?.type,
  };
}

/** An offline session for the shop, so authenticate.admin signs requests in without a token exchange. */
export async function installApp(shop: string) {
  await db.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "installed",
      isOnline: false,
      scope: process.env.SCOPES,
      accessToken: "shpat_test",
    },
  });
}

/** A request from the embedded admin: App Bridge's session token in the Authorization header. */
export function adminRequest(
  shop: string,
  path: string,
  init: { method?: string; form?: Record<string, string | string[]> } = {},
): Request {
  const token = signSessionToken({
    shop,
    apiKey: process.env.SHOPIFY_API_KEY!,
    apiSecret: process.env.SHOPIFY_API_SECRET!,
  });
  const headers = new Headers({ Authorization: `Bearer ${token}` });
  let body: URLSearchParams | undefined;
  if (init.form) {
    body = new URLSearchParams();
    for (const [key, value] of Object.entries(init.form)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
    }
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  return new Request(new URL(path, process.env.SHOPIFY_APP_URL).href, {
    method: init.method ?? (body ? "POST" : "GET"),
    headers,
    body,
  });
}

/** Calls a loader or action; a thrown Response (404, redirect) is returned as the result. */
export async function callRoute<T>(
  handler: (args: never) => Promise<T>,
  request: Request,
  params: Record<string, string> = {},
): Promise<T | Response> {
  try {
    return await handler({ request, params, context: {} } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** Unwraps what a route returned: `data(...)` results, plain objects, or a Response (thrown or returned). */
export function routeResult(result: unknown): { status: number; body: Record<string, unknown> } {
  if (result instanceof Response) return { status: result.status, body: {} };
  const withInit = result as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (withInit?.type === "DataWithResponseInit") {
    return { status: withInit.init?.status ?? 200, body: withInit.data as Record<string, unknown> };
  }
  return { status: 200, body: result as Record<string, unknown> };
}
