// Local mode: the app and an emulated Shopify for the demo shop, in one process, on one machine.
//   http://localhost:<appPort>         the app (admin at /app, signed in to the demo shop)
//   http://localhost:<storefrontPort>  the demo shop's storefront, cart and checkout
// The app is unchanged: its Admin GraphQL client reaches the emulator because requests to the demo shop's
// domain are answered in-process (see routeShopifyRequests), and webhooks reach its real routes over HTTP.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { projectRoot } from "../app/database-target";
import { ADMIN_API_VERSION } from "../app/shopify.api-version";
import { migrate } from "../scripts/db";
import { bulkOperationFinishPayload } from "./admin-api/bulk";
import { adminApiHandler } from "./admin-api/http";
import { ShopStore } from "./admin-api/store";
import { appHostHandler } from "./admin/host";
import { ordersPageHandler } from "./admin/orders";
import { productsPageHandler } from "./admin/products";
import { startApp, type AppMode } from "./app-server";
import { assertLocalModeAllowed, LOCAL_API_KEY, LOCAL_API_SECRET } from "./guard";
import { nodeListener, toFetchRequest, sendFetchResponse } from "./http-adapter";
import { checkoutHook } from "./checkout";
import { discountFunctionPricing, LOCAL_FUNCTION_ID } from "./function-runner";
import { createDemoShop, productImageSvg } from "./seed/demo-shop";
import { storefrontHandler } from "./storefront";
import { deliverWebhook, webhookSubscriptions } from "./webhooks";
import type { EmulatedShop } from "./shop/types";

export interface LocalModeOptions {
  appPort?: number;
  storefrontPort?: number;
  appMode?: AppMode;
  /** Where the emulated shop is kept between runs. */
  dataFile?: string;
  /** Start from a freshly seeded shop, forgetting the saved one. */
  fresh?: boolean;
  /** How many historical orders to seed. */
  orders?: number;
}

export interface LocalMode {
  appUrl: string;
  storefrontUrl: string;
  store: ShopStore;
  close: () => Promise<void>;
}

const LOCAL_ACCESS_TOKEN = "shpat_attach_local";

export function scopesFromToml(): string {
  const toml = fs.readFileSync(path.join(projectRoot, "shopify.app.toml"), "utf8");
  return toml.match(/^scopes\s*=\s*"([^"]*)"/m)?.[1] ?? "";
}

export async function startLocalMode(options: LocalModeOptions = {}): Promise<LocalMode> {
  assertLocalModeAllowed(process.env);
  const appPort = options.appPort ?? 3000;
  const storefrontPort = options.storefrontPort ?? 3001;
  const appUrl = `http://localhost:${appPort}`;
  const storefrontUrl = `http://localhost:${storefrontPort}`;
  const scope = scopesFromToml();
  Object.assign(process.env, {
    SHOPIFY_API_KEY: LOCAL_API_KEY,
    SHOPIFY_API_SECRET: LOCAL_API_SECRET,
    SHOPIFY_APP_URL: appUrl,
    SCOPES: scope,
    // The Shopify CLI gives the app each Function's id as SHOPIFY_<HANDLE>_ID.
    SHOPIFY_BUNDLE_DISCOUNT_ID: LOCAL_FUNCTION_ID,
  });

  await migrate(process.env.DATABASE_URL);
  const store = new ShopStore(loadShop(options));
  persist(store, options.dataFile ?? defaultDataFile(store.shop.domain));

  const adminApi = adminApiHandler(store, {
    apiVersion: ADMIN_API_VERSION,
    tokenExchange: { clientId: LOCAL_API_KEY, clientSecret: LOCAL_API_SECRET, accessToken: LOCAL_ACCESS_TOKEN, scope },
  });
  const app = await startApp(options.appMode ?? "dev", () => routeShopifyRequests(store.shop.domain, adminApi));
  const appHost = appHostHandler({
    shop: () => store.shop as EmulatedShop,
    apiKey: LOCAL_API_KEY,
    apiSecret: LOCAL_API_SECRET,
    app: app.handle,
  });
  const appServer = http.createServer((req, res) => {
    app.assets(req, res, () => {
      const request = toFetchRequest(req, appUrl);
      ordersPage(request)
        .then((answer) => answer ?? productsPage(request))
        .then((answer) => answer ?? appHost(request))
        .then((response) => sendFetchResponse(res, response))
        .catch((error: Error) => {
          console.error(error);
          if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
          res.end(error.message);
        });
    });
  });
  const subscriptions = webhookSubscriptions(projectRoot);
  const deliver = async (topic: string, payload: unknown) => {
    const uri = subscriptions.get(topic);
    if (!uri) return;
    const status = await deliverWebhook({
      appUrl,
      apiSecret: LOCAL_API_SECRET,
      apiVersion: ADMIN_API_VERSION,
      shop: store.shop.domain,
      topic,
      path: uri,
      payload,
    }).catch((error: Error) => error.message);
    if (status !== 200) console.error(`Webhook ${topic} → ${uri} was not accepted: ${status}`);
  };
  // Shopify tells the app when a bulk operation (the order history import) has finished.
  store.onBulkOperationFinished(
    (operation) => void deliver("bulk_operations/finish", bulkOperationFinishPayload(operation)),
  );
  const ordersPage = ordersPageHandler({ store, deliver });
  const productsPage = productsPageHandler({ store, deliver });
  const storefront = storefrontHandler({
    getShop: () => store.shop as EmulatedShop,
    projectRoot,
    appUrl,
    apiSecret: LOCAL_API_SECRET,
    apiClientId: LOCAL_API_KEY,
    checkout: checkoutHook({ store, deliver }),
    priceCart: await discountFunctionPricing(() => store.shop),
    serveStatic: (request) => productImage(store.shop as EmulatedShop, new URL(request.url).pathname),
  });
  // Shopify serves the Admin API and the storefront from the shop's domain; so does the emulator.
  const shopDomain = (request: Request) => {
    const { pathname } = new URL(request.url);
    return pathname.startsWith("/admin/") || pathname.startsWith("/bulk/") ? adminApi(request) : storefront(request);
  };
  const storefrontServer = http.createServer(nodeListener(storefrontUrl, shopDomain));

  await Promise.all([listen(appServer, appPort), listen(storefrontServer, storefrontPort)]);
  return {
    appUrl,
    storefrontUrl,
    store,
    close: async () => {
      await Promise.all([close(appServer), close(storefrontServer)]);
      await app.close();
      await store.whenIdle();
    },
  };
}

function productImage(shop: EmulatedShop, pathname: string): Response | null {
  const handle = pathname.match(/^\/cdn\/products\/([\w-]+)\.svg$/)?.[1];
  const product = handle && shop.products.find((p) => p.handle === handle);
  if (!product) return null;
  return new Response(productImageSvg(product), {
    headers: { "content-type": "image/svg+xml", "cache-control": "public, max-age=3600" },
  });
}

function defaultDataFile(domain: string) {
  return path.join(projectRoot, "local", ".data", `${domain}.json`);
}

function loadShop(options: LocalModeOptions): EmulatedShop {
  const file = options.dataFile;
  if (!options.fresh && file && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as EmulatedShop;
  const saved = defaultDataFile(createDemoShop({ orders: 0 }).domain);
  if (!options.fresh && !file && fs.existsSync(saved))
    return JSON.parse(fs.readFileSync(saved, "utf8")) as EmulatedShop;
  return createDemoShop({ orders: options.orders, now: new Date() });
}

/** Saves the emulated shop after changes (debounced), so a restart keeps what the app wrote to "Shopify". */
function persist(store: ShopStore, file: string) {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(store.toJSON()));
  };
  save();
  store.onChange(() => {
    clearTimeout(timer);
    timer = setTimeout(save, 200);
  });
}

/**
 * Requests from this process to the demo shop's domain (the Admin API, token exchange) are answered by the
 * emulator in-process. The Shopify library captures `fetch` when it loads, so this runs before the app loads
 * (and after Vite's config has installed Remix's fetch globals).
 */
function routeShopifyRequests(domain: string, handler: (request: Request) => Promise<Response>) {
  const networkFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    return new URL(request.url).host === domain ? handler(request) : networkFetch(request);
  };
}

function listen(server: http.Server, port: number) {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

function close(server: http.Server) {
  return new Promise<void>((resolve) => server.close(() => resolve()));
}
