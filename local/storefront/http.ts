// The emulated Online Store, as a Fetch API handler: pages rendered by the theme (home, products,
// collections, cart, account), the Ajax Cart API (/cart.js, /cart/add.js, /cart/change.js,
// /cart/update.js, /cart/clear.js) with the Section Rendering API, the Ajax Product API
// (/products/<handle>.js), theme app extension assets, the app proxy, customer login emulation and
// a checkout hook. Locales other than the primary one live under /<locale>/, as on Shopify.

import path from "node:path";
import fs from "node:fs";
import type { EmulatedCustomer, EmulatedShop } from "../shop/types";
import { type AppProxyConfig, forwardAppProxy, isAppProxyPath, loadAppProxyConfig } from "./app-proxy";
import {
  type Cart,
  CartError,
  type CartStore,
  type PriceCart,
  type PricedCart,
  type AddItem,
  addToCart,
  cartJson,
  changeCartLine,
  clearCart,
  emptyCart,
  lineItemJson,
  noDiscounts,
  priceCart,
  updateCart,
} from "./cart";
import { type ThemeAppExtension, loadThemeAppExtensions, resolveExtensionAsset } from "./extensions";
import { checkThemeAppExtension, escapeHtml } from "./liquid";
import { StorefrontObjects, isVisibleProduct } from "./objects";
import {
  type PageRequest,
  PUBLISHED_THEME_ID,
  THEMES,
  type ThemeEditorState,
  ThemeRenderer,
  defaultThemeEditorState,
} from "./theme";

export interface CheckoutInput {
  shop: EmulatedShop;
  /** The cart as priced for the shopper: lines, discounts and totals in the shop's minor units. */
  cart: PricedCart;
  customer: EmulatedCustomer | null;
}

/** What the checkout hook returns: a Response to send as is, or the order to thank the shopper for. */
export type CheckoutResult = Response | { orderName: string; orderId?: number };

export interface StorefrontOptions {
  /** The shop's current state (read on every request). */
  getShop: () => EmulatedShop;
  /** The app's root: shopify.app.toml ([app_proxy]) and, by default, extensions/ are read from here. */
  projectRoot: string;
  /** Where theme app extensions live; defaults to <projectRoot>/extensions. */
  extensionsDir?: string;
  /** The app's origin (app proxy target), e.g. http://localhost:3000. */
  appUrl: string;
  /** The app's API secret: signs app proxy requests. */
  apiSecret: string;
  /** The app's API client id: `$app:attach` is `app--<client id>--attach` in Liquid. */
  apiClientId: string;
  /** Which app blocks the merchant placed where; defaults to `defaultThemeEditorState`. */
  themeEditorState?: ThemeEditorState | ((extensions: readonly ThemeAppExtension[]) => ThemeEditorState);
  /** Line discounts (the discount Function); defaults to none. */
  priceCart?: PriceCart;
  /** POST /checkout: turns the cart into an order. Without it, checkout answers 501. */
  checkout?: (input: CheckoutInput) => CheckoutResult | Promise<CheckoutResult>;
  /** Anything under /cdn/ (product images…); 404 when absent or when it returns null. */
  serveStatic?: (request: Request) => Response | null | Promise<Response | null>;
  /** The carts, by token; inject a Map to inspect or share carts. */
  carts?: CartStore;
  /** The app proxy's configuration; defaults to [app_proxy] of <projectRoot>/shopify.app.toml, null for none. */
  appProxy?: AppProxyConfig | null;
  /** fetch used by the app proxy (tests pass a stub). */
  fetch?: typeof fetch;
  /** Locales the shop publishes, primary first; defaults to the primary locale and the extensions' locales. */
  publishedLocales?: string[];
  /** ISO country of `localization.country`; defaults from the shop's currency. */
  country?: string;
  now?: () => Date;
  /** Called with any error that becomes a 500 page; defaults to console.error. */
  onError?: (error: unknown) => void;
}

export const CART_COOKIE = "cart";
export const CUSTOMER_COOKIE = "storefront_customer";
/** The theme previewed in this browser, set by `?preview_theme_id=` (Shopify's theme preview). */
export const PREVIEW_THEME_COOKIE = "preview_theme";
const CART_COOKIE_MAX_AGE = 14 * 24 * 3600;

const COUNTRY_BY_CURRENCY: Readonly<Record<string, string>> = {
  USD: "US",
  CAD: "CA",
  GBP: "GB",
  EUR: "DE",
  JPY: "JP",
  AUD: "AU",
  NZD: "NZ",
  CHF: "CH",
  SEK: "SE",
  DKK: "DK",
  NOK: "NO",
  KWD: "KW",
};

/** Builds the storefront's request handler. */
export function storefrontHandler(options: StorefrontOptions): (request: Request) => Promise<Response> {
  const carts = options.carts ?? new Map<string, Cart>();
  const extensionsDir = options.extensionsDir ?? path.join(options.projectRoot, "extensions");
  const proxyConfig = options.appProxy !== undefined ? options.appProxy : loadAppProxyConfig(options.projectRoot);
  return async (request) => {
    try {
      return await handle(request, { options, carts, extensionsDir, proxyConfig });
    } catch (error) {
      (options.onError ?? ((e: unknown) => console.error("[storefront]", e)))(error);
      return errorPage(500, "Storefront error", (error as Error).message ?? String(error));
    }
  };
}

interface HandlerState {
  options: StorefrontOptions;
  carts: CartStore;
  extensionsDir: string;
  proxyConfig: AppProxyConfig | null;
}

/** Everything one request needs, built lazily. */
class RequestContext {
  readonly url: URL;
  readonly shop: EmulatedShop;
  readonly customer: EmulatedCustomer | null;
  readonly locale: string;
  readonly localePrefix: string;
  /** The path without its locale prefix. */
  readonly path: string;
  readonly publishedLocales: string[];
  /** The theme shown: the published one, or the one previewed. */
  readonly themeId: number;
  private cartValue: Cart | null;
  private cartCreated = false;
  private extensionsValue: ThemeAppExtension[] | null = null;
  readonly setCookies: string[] = [];

  constructor(
    readonly request: Request,
    readonly state: HandlerState,
  ) {
    this.url = new URL(request.url);
    this.shop = state.options.getShop();
    const cookies = parseCookies(request.headers.get("cookie"));
    const customerId = Number(cookies.get(CUSTOMER_COOKIE));
    this.customer = this.shop.customers.find((c) => c.id === customerId) ?? null;
    const previewed = this.url.searchParams.get("preview_theme_id");
    const themeId = Number(previewed ?? cookies.get(PREVIEW_THEME_COOKIE));
    this.themeId = THEMES[themeId] ? themeId : PUBLISHED_THEME_ID;
    if (previewed !== null) {
      this.setCookies.push(`${PREVIEW_THEME_COOKIE}=${this.themeId}; Path=/; SameSite=Lax`);
    }
    this.publishedLocales = state.options.publishedLocales ?? this.discoverLocales();
    const [, first = "", ...rest] = this.url.pathname.split("/");
    const alternate = this.publishedLocales.slice(1).find((l) => l.toLowerCase() === first.toLowerCase());
    this.locale = alternate ?? this.publishedLocales[0] ?? this.shop.primaryLocale;
    this.localePrefix = alternate ? `/${alternate}` : "";
    this.path = alternate ? `/${rest.join("/")}` : this.url.pathname;
    const token = cookies.get(CART_COOKIE);
    this.cartValue = token ? (state.carts.get(token) ?? null) : null;
  }

  private discoverLocales(): string[] {
    const primary = this.shop.primaryLocale;
    const locales = new Set([primary]);
    try {
      for (const extension of this.extensions()) for (const locale of extension.locales.keys()) locales.add(locale);
    } catch {
      // A broken extension is reported when a page renders it; locales fall back to the primary one.
    }
    return [...locales];
  }

  extensions(): ThemeAppExtension[] {
    if (!this.extensionsValue) this.extensionsValue = loadThemeAppExtensions(this.state.extensionsDir);
    return this.extensionsValue;
  }

  /** The shopper's cart, created (with its cookie) on first use. */
  cart(): Cart {
    if (!this.cartValue) {
      this.cartValue = emptyCart(undefined, this.now());
      this.state.carts.set(this.cartValue.token, this.cartValue);
      this.cartCreated = true;
    }
    return this.cartValue;
  }

  /** Ends the cart (after checkout): the next request starts a new one. */
  replaceCart(): void {
    if (this.cartValue) this.state.carts.delete(this.cartValue.token);
    this.cartValue = emptyCart(undefined, this.now());
    this.state.carts.set(this.cartValue.token, this.cartValue);
    this.cartCreated = true;
  }

  now(): Date {
    return this.state.options.now?.() ?? new Date();
  }

  private pricedMemo: { snapshot: string; priced: Promise<PricedCart> } | null = null;

  /** The cart priced by the pricing function, once per cart state within this request. */
  priced(): Promise<PricedCart> {
    const cart = this.cart();
    const snapshot = JSON.stringify([cart.token, cart.lines, cart.attributes]);
    if (this.pricedMemo?.snapshot !== snapshot) {
      const pricing = this.state.options.priceCart ?? noDiscounts;
      this.pricedMemo = { snapshot, priced: priceCart(this.shop, cart, pricing, this.customer) };
    }
    return this.pricedMemo.priced;
  }

  objects(selectedVariantId: number | null = null): StorefrontObjects {
    return new StorefrontObjects({
      shop: this.shop,
      apiClientId: this.state.options.apiClientId,
      locale: this.locale,
      localePrefix: this.localePrefix,
      origin: this.url.origin,
      selectedVariantId,
    });
  }

  async theme(selectedVariantId: number | null = null): Promise<ThemeRenderer> {
    const extensions = this.extensions();
    for (const extension of extensions) {
      try {
        checkThemeAppExtension(extension);
      } catch (error) {
        throw new Error(
          `Theme app extension "${extension.handle}" (${extension.directory}): ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    }
    const editor = this.state.options.themeEditorState;
    const editorState =
      typeof editor === "function" ? editor(extensions) : (editor ?? defaultThemeEditorState(extensions));
    return new ThemeRenderer({
      shop: this.shop,
      extensions,
      editorState,
      objects: this.objects(selectedVariantId),
      cart: await this.priced(),
      customer: this.customer,
      publishedLocales: this.publishedLocales,
      country: this.state.options.country ?? COUNTRY_BY_CURRENCY[this.shop.currencyCode] ?? "US",
      settings: THEMES[this.themeId],
    });
  }

  /** Adds this request's cookies to a response. */
  finish(response: Response): Response {
    const headers = new Headers(response.headers);
    if (this.cartCreated && this.cartValue) {
      headers.append(
        "set-cookie",
        `${CART_COOKIE}=${this.cartValue.token}; Path=/; Max-Age=${CART_COOKIE_MAX_AGE}; SameSite=Lax`,
      );
    }
    for (const cookie of this.setCookies) headers.append("set-cookie", cookie);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }

  localized(pathname: string): string {
    return `${this.localePrefix}${pathname}`;
  }
}

async function handle(request: Request, state: HandlerState): Promise<Response> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();

  // Theme app extension assets and the CDN do not depend on the shopper.
  const asset = /^\/extensions\/([^/]+)\/assets\/([^/]+)$/.exec(url.pathname);
  if (asset && (method === "GET" || method === "HEAD"))
    return serveAsset(state, decodeURIComponent(asset[1]!), decodeURIComponent(asset[2]!));
  if (url.pathname.startsWith("/cdn/")) {
    const served = await state.options.serveStatic?.(request);
    return served ?? new Response("Not found", { status: 404 });
  }

  const ctx = new RequestContext(request, state);
  const p = ctx.path;

  if (state.proxyConfig && isAppProxyPath(p, state.proxyConfig))
    return ctx.finish(await appProxy(ctx, state.proxyConfig));

  // Ajax Cart API and the cart's forms
  if (p === "/cart.js" || p === "/cart.json") {
    if (method !== "GET") return methodNotAllowed();
    return ctx.finish(json(await cartResponse(ctx, await cartParams(ctx, {}))));
  }
  const cartAction = /^\/cart\/(add|change|update|clear)(\.js|\.json)?$/.exec(p);
  if (cartAction) return ctx.finish(await cartEndpoint(ctx, cartAction[1]!, !!cartAction[2]));
  if (p === "/cart" && method === "POST") return ctx.finish(await cartForm(ctx));
  if (p === "/checkout") return ctx.finish(await checkout(ctx));

  // Customer accounts (emulated login: pick a customer)
  if (p === "/account/login") return ctx.finish(await login(ctx));
  if (p === "/account/logout") {
    ctx.setCookies.push(`${CUSTOMER_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
    return ctx.finish(redirect(ctx.localized("/") || "/"));
  }

  if (method !== "GET" && method !== "HEAD") return methodNotAllowed();

  // Ajax Product API
  const productJs = /^\/products\/([^/]+)\.js$/.exec(p);
  if (productJs) {
    const product = ctx.objects().productByHandle(decodeURIComponent(productJs[1]!));
    return ctx.finish(
      product ? json(product.toJSON()) : json({ status: 404, message: "Not Found", description: "Not Found" }, 404),
    );
  }

  const { page, status } = resolvePage(ctx, p, url.searchParams);
  const variantId = Number(url.searchParams.get("variant")) || null;
  return ctx.finish(await renderPageResponse(ctx, page, status, variantId));
}

/** Which template a storefront path shows. */
function resolvePage(ctx: RequestContext, p: string, query: URLSearchParams): { page: PageRequest; status: number } {
  const pathWithLocale = `${ctx.localePrefix}${p === "/" && ctx.localePrefix ? "" : p}` || "/";
  const notFound = { page: { template: "404" as const, path: pathWithLocale, title: "Page not found" }, status: 404 };
  if (p === "/" || p === "")
    return { page: { template: "index", path: pathWithLocale, title: ctx.shop.name }, status: 200 };
  const product = /^\/(?:collections\/[^/]+\/)?products\/([^/]+)$/.exec(p);
  if (product) {
    const found = ctx.shop.products.find((x) => x.handle === decodeURIComponent(product[1]!));
    if (!found || !isVisibleProduct(found)) return notFound;
    return { page: { template: "product", path: pathWithLocale, title: found.title, product: found }, status: 200 };
  }
  if (p === "/collections/all") {
    return {
      page: { template: "collection", path: pathWithLocale, title: "Products", collection: "all" },
      status: 200,
    };
  }
  const collection = /^\/collections\/([^/]+)$/.exec(p);
  if (collection) {
    const found = ctx.shop.collections.find((c) => c.handle === decodeURIComponent(collection[1]!));
    if (!found) return notFound;
    return {
      page: { template: "collection", path: pathWithLocale, title: found.title, collection: found },
      status: 200,
    };
  }
  if (p === "/collections") {
    const links = [{ handle: "all", title: "All products" }, ...ctx.shop.collections]
      .map(
        (c) => `<li><a href="${escapeHtml(ctx.localized(`/collections/${c.handle}`))}">${escapeHtml(c.title)}</a></li>`,
      )
      .join("");
    return {
      page: { template: "page", path: pathWithLocale, title: "Collections", content: `<ul>${links}</ul>` },
      status: 200,
    };
  }
  if (p === "/cart") return { page: { template: "cart", path: pathWithLocale, title: "Your cart" }, status: 200 };
  if (p === "/account") {
    const customer = ctx.customer;
    if (!customer) return { page: loginPage(ctx, query.get("return_to")), status: 200 };
    const content = `<p>Logged in as ${escapeHtml(customer.firstName)} ${escapeHtml(customer.lastName)} (${escapeHtml(customer.email)}).</p>
<p><a href="${escapeHtml(ctx.localized("/account/logout"))}">Log out</a></p>`;
    return { page: { template: "customers/account", path: pathWithLocale, title: "Account", content }, status: 200 };
  }
  return notFound;
}

async function renderPageResponse(
  ctx: RequestContext,
  page: PageRequest,
  status: number,
  selectedVariantId: number | null,
): Promise<Response> {
  const theme = await ctx.theme(selectedVariantId);
  const query = ctx.url.searchParams;
  const sectionId = query.get("section_id");
  if (sectionId !== null) {
    const html = await theme.renderSection(sectionId, page);
    return html === null ? new Response("Not found", { status: 404 }) : htmlResponse(html, 200);
  }
  const sections = query.get("sections");
  if (sections !== null) return json(await renderSections(theme, page, sections));
  return htmlResponse(await theme.renderPage(page), status);
}

/** The Section Rendering API: {id: html or null} for up to five ids. */
async function renderSections(
  theme: ThemeRenderer,
  page: PageRequest,
  ids: unknown,
): Promise<Record<string, string | null>> {
  const list = (Array.isArray(ids) ? ids.map(String) : String(ids ?? "").split(","))
    .map((id) => id.trim())
    .filter(Boolean)
    .slice(0, 5);
  const out: Record<string, string | null> = {};
  for (const id of list) out[id] = await theme.renderSection(id, page);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cart

interface CartParams {
  body: Record<string, unknown>;
  sections: unknown;
  sectionsUrl: string | null;
}

async function cartParams(ctx: RequestContext, body: Record<string, unknown>): Promise<CartParams> {
  const query = ctx.url.searchParams;
  return {
    body,
    sections: body.sections ?? query.get("sections") ?? undefined,
    sectionsUrl: (typeof body.sections_url === "string" ? body.sections_url : null) ?? query.get("sections_url"),
  };
}

/** The cart JSON, plus `sections` when the request asked for some. */
async function cartResponse(
  ctx: RequestContext,
  params: CartParams,
  payload?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const priced = await ctx.priced();
  const out = payload ?? cartJson(priced, { localePrefix: ctx.localePrefix });
  if (params.sections !== undefined && params.sections !== null && params.sections !== "") {
    out.sections = await sectionsFor(ctx, params);
  }
  return out;
}

async function sectionsFor(ctx: RequestContext, params: CartParams): Promise<Record<string, string | null>> {
  let contextPath = params.sectionsUrl;
  if (!contextPath) {
    const referer = ctx.request.headers.get("referer");
    try {
      const refererUrl = referer ? new URL(referer) : null;
      contextPath = refererUrl && refererUrl.origin === ctx.url.origin ? refererUrl.pathname + refererUrl.search : "/";
    } catch {
      contextPath = "/";
    }
  }
  const contextUrl = new URL(contextPath, ctx.url.origin);
  const localePath =
    ctx.localePrefix && contextUrl.pathname.startsWith(`${ctx.localePrefix}/`)
      ? contextUrl.pathname.slice(ctx.localePrefix.length)
      : contextUrl.pathname;
  const { page } = resolvePage(ctx, localePath, contextUrl.searchParams);
  const theme = await ctx.theme(Number(contextUrl.searchParams.get("variant")) || null);
  return renderSections(theme, page, params.sections);
}

async function cartEndpoint(ctx: RequestContext, action: string, isJs: boolean): Promise<Response> {
  const method = ctx.request.method.toUpperCase();
  // Shopify accepts GET on the non-JS URLs (cart permalinks like /cart/add?id=…, remove links).
  const body =
    method === "POST"
      ? await readBody(ctx.request)
      : !isJs && method === "GET"
        ? decodeNestedParams(ctx.url.searchParams)
        : null;
  if (body === null) return methodNotAllowed();
  const params = await cartParams(ctx, body);
  const shop = ctx.shop;
  try {
    const cart = ctx.cart();
    const now = ctx.now();
    let added: ReturnType<typeof addToCart> | null = null;
    let single = false;
    switch (action) {
      case "add": {
        const items = addItems(body);
        single = !Array.isArray(body.items) && !isIndexedObject(body.items);
        added = addToCart(shop, cart, items, now);
        break;
      }
      case "change":
        changeCartLine(shop, cart, body, now);
        break;
      case "update":
        updateCart(shop, cart, { updates: body.updates, note: body.note, attributes: body.attributes }, now);
        break;
      case "clear":
        clearCart(cart, now);
        break;
    }
    if (!isJs) {
      if (action === "update" && body.checkout !== undefined) return redirect("/checkout", 307);
      return redirect(safeReturnTo(body.return_to) ?? ctx.localized("/cart"));
    }
    if (added) {
      const priced = await ctx.priced();
      const lines = added
        .map((line) => priced.lines.find((l) => l.line.key === line.key))
        .filter((l) => l !== undefined);
      const items = lines.map((l) => lineItemJson(l, priced.currency, { localePrefix: ctx.localePrefix }));
      const payload = single && items[0] ? items[0] : { items };
      return json(await cartResponse(ctx, params, payload));
    }
    return json(await cartResponse(ctx, params));
  } catch (error) {
    if (!(error instanceof CartError)) throw error;
    if (isJs) return json(error.toJSON(), error.status);
    return renderPageResponse(
      ctx,
      {
        template: "page",
        path: ctx.url.pathname,
        title: "Cart error",
        content: `<p class="errors" role="alert">${escapeHtml(error.description)}</p><p><a href="${escapeHtml(ctx.localized("/cart"))}">Back to the cart</a></p>`,
      },
      error.status,
      null,
    );
  }
}

function isIndexedObject(value: unknown): boolean {
  return (
    !!value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).every((k) => /^\d+$/.test(k))
  );
}

function addItems(body: Record<string, unknown>): AddItem[] {
  const raw = body.items;
  const list = Array.isArray(raw) ? raw : isIndexedObject(raw) ? indexedToArray(raw as Record<string, unknown>) : null;
  if (list) {
    return list.map((item) => {
      const o = (item && typeof item === "object" ? item : {}) as Record<string, unknown>;
      return { id: o.id, quantity: o.quantity, properties: o.properties };
    });
  }
  return [{ id: body.id, quantity: body.quantity, properties: body.properties }];
}

/** Applies the cart page form's quantities, note and attributes; an error page when the cart refuses them. */
function applyCartForm(ctx: RequestContext, body: Awaited<ReturnType<typeof readBody>>): Response | null {
  try {
    updateCart(
      ctx.shop,
      ctx.cart(),
      { updates: body.updates, note: body.note, attributes: body.attributes },
      ctx.now(),
    );
    return null;
  } catch (error) {
    if (!(error instanceof CartError)) throw error;
    return errorPage(error.status, "Cart error", error.description);
  }
}

/** POST /cart (the cart page's form): quantities, note, attributes; "checkout" continues to the checkout. */
async function cartForm(ctx: RequestContext): Promise<Response> {
  const body = await readBody(ctx.request);
  const failed = applyCartForm(ctx, body);
  if (failed) return failed;
  if (body.checkout !== undefined) return redirect("/checkout", 307);
  return redirect(ctx.localized("/cart"));
}

async function checkout(ctx: RequestContext): Promise<Response> {
  const method = ctx.request.method.toUpperCase();
  if (method === "GET") return redirect(ctx.localized("/cart"));
  if (method !== "POST") return methodNotAllowed();
  const body = await readBody(ctx.request);
  if (body.updates !== undefined) {
    const failed = applyCartForm(ctx, body);
    if (failed) return failed;
  }
  const hook = ctx.state.options.checkout;
  if (!hook) {
    return errorPage(501, "Checkout is not available", "This storefront emulator has no checkout hook configured.");
  }
  const priced = await ctx.priced();
  if (priced.lines.length === 0) return redirect(ctx.localized("/cart"));
  const result = await hook({ shop: ctx.shop, cart: priced, customer: ctx.customer });
  if (result instanceof Response) {
    if (result.status < 400) ctx.replaceCart();
    return result;
  }
  ctx.replaceCart();
  return renderPageResponse(
    ctx,
    {
      template: "page",
      path: "/checkout",
      title: "Thank you for your order",
      content: `<p role="status">Your order <strong class="order-name">${escapeHtml(result.orderName)}</strong> is confirmed.</p><p><a href="${escapeHtml(ctx.localized("/") || "/")}">Continue shopping</a></p>`,
    },
    200,
    null,
  );
}

// ---------------------------------------------------------------------------------------------
// Accounts, assets, app proxy

function loginPage(ctx: RequestContext, returnTo: string | null, error?: string): PageRequest {
  const options = ctx.shop.customers
    .map(
      (c) =>
        `<option value="${c.id}">${escapeHtml(`${c.firstName} ${c.lastName}`.trim())} (${escapeHtml(c.email)})</option>`,
    )
    .join("");
  const content = `${error ? `<p class="errors" role="alert">${escapeHtml(error)}</p>` : ""}
<p>This emulated store has no passwords: choose a customer to shop as.</p>
<form method="post" action="${escapeHtml(ctx.localized("/account/login"))}">
${returnTo ? `<input type="hidden" name="return_to" value="${escapeHtml(returnTo)}">` : ""}
<label for="login-customer">Customer</label>
<select id="login-customer" name="customer_id">${options}</select>
<button type="submit">Log in</button>
</form>`;
  return { template: "customers/login", path: ctx.url.pathname, title: "Log in", content };
}

async function login(ctx: RequestContext): Promise<Response> {
  const method = ctx.request.method.toUpperCase();
  const params = method === "POST" ? await readBody(ctx.request) : decodeNestedParams(ctx.url.searchParams);
  const returnTo = safeReturnTo(params.return_to);
  const requested = params.customer_id ?? params.email;
  if (requested === undefined || requested === "") {
    if (method !== "GET") return methodNotAllowed();
    return renderPageResponse(ctx, loginPage(ctx, returnTo), 200, null);
  }
  const customer = ctx.shop.customers.find(
    (c) => String(c.id) === String(requested) || c.email.toLowerCase() === String(requested).toLowerCase(),
  );
  if (!customer)
    return renderPageResponse(ctx, loginPage(ctx, returnTo, "No customer with that id or email."), 404, null);
  ctx.setCookies.push(`${CUSTOMER_COOKIE}=${customer.id}; Path=/; HttpOnly; SameSite=Lax`);
  return redirect(returnTo ?? ctx.localized("/account"));
}

function serveAsset(state: HandlerState, handle: string, file: string): Response {
  const extension = loadThemeAppExtensions(state.extensionsDir).find((e) => e.handle === handle);
  const asset = extension ? resolveExtensionAsset(extension, file) : null;
  if (!asset)
    return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(fs.readFileSync(asset.path), {
    status: 200,
    headers: { "content-type": asset.contentType, "cache-control": "no-cache" },
  });
}

async function appProxy(ctx: RequestContext, config: AppProxyConfig): Promise<Response> {
  const { options } = ctx.state;
  const result = await forwardAppProxy(ctx.request, {
    config,
    appUrl: options.appUrl,
    apiSecret: options.apiSecret,
    shopDomain: ctx.shop.domain,
    customerId: ctx.customer?.id ?? null,
    fetch: options.fetch,
    now: options.now,
  });
  if (result.kind === "response") return result.response;
  const theme = await ctx.theme();
  const page: PageRequest = { template: "page", path: ctx.url.pathname, title: ctx.shop.name };
  return htmlResponse(await theme.renderProxyLiquid(page, result.source), result.status);
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });
}

function htmlResponse(html: string, status: number): Response {
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}

function redirect(location: string, status = 302): Response {
  return new Response(null, { status, headers: { location } });
}

function methodNotAllowed(): Response {
  return new Response("Method not allowed", { status: 405, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** A page outside the theme, for failures (the theme itself may be what failed). */
function errorPage(status: number, title: string, message: string): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1><pre role="alert">${escapeHtml(message)}</pre><p><a href="/">Home</a></p></main></body></html>`;
  return htmlResponse(html, status);
}

/** Only same-site paths: "/cart", never "//evil.example" or "https://…". */
function safeReturnTo(value: unknown): string | null {
  return typeof value === "string" && /^\/(?!\/)/.test(value) && !value.includes("\\") ? value : null;
}

export function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) {
      try {
        cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
      } catch {
        cookies.set(name, part.slice(eq + 1).trim());
      }
    }
  }
  return cookies;
}

/** Reads a JSON, urlencoded or multipart body into nested params. */
async function readBody(request: Request): Promise<Record<string, unknown>> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.includes("application/json")) {
    const text = await request.text();
    if (!text.trim()) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CartError(400, "The request body is not valid JSON.");
    }
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  }
  if (type.includes("multipart/form-data")) {
    const form = await request.formData();
    const pairs: Array<[string, string]> = [];
    form.forEach((value, key) => {
      if (typeof value === "string") pairs.push([key, value]);
    });
    return decodeNestedParams(pairs);
  }
  return decodeNestedParams(new URLSearchParams(await request.text()));
}

/**
 * Rack-style nested params: "properties[Engraving]=Hi" → {properties: {Engraving: "Hi"}},
 * "updates[]=1&updates[]=2" → {updates: ["1", "2"]}, "items[0][id]=5" → {items: {"0": {id: "5"}}}.
 */
export function decodeNestedParams(pairs: Iterable<[string, string]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of pairs) {
    const match = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(name);
    if (!match) continue;
    const keys = [match[1]!, ...[...match[2]!.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)];
    if (keys.some((key) => key === "__proto__" || key === "constructor" || key === "prototype")) continue;
    let node: Record<string, unknown> | unknown[] = root;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const last = index === keys.length - 1;
      const child: Record<string, unknown> | unknown[] = keys[index + 1] === "" ? [] : {};
      if (Array.isArray(node)) {
        if (last) node.push(value);
        else {
          node.push(child);
          node = child;
        }
        continue;
      }
      if (last) {
        node[key] = value;
        continue;
      }
      const existing = node[key];
      if (existing && typeof existing === "object") node = existing as Record<string, unknown> | unknown[];
      else {
        node[key] = child;
        node = child;
      }
    }
  }
  return root;
}

function indexedToArray(value: Record<string, unknown>): unknown[] {
  return Object.keys(value)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => value[k]);
}
