// Test helpers for the storefront emulator: a handler over the fixture shop and theme app extension,
// and a client that keeps cookies between requests like a browser.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { EmulatedShop } from "../../../local/shop/types";
import type { Cart } from "../../../local/storefront/cart";
import { type StorefrontOptions, storefrontHandler } from "../../../local/storefront/http";
import { fixtureShop } from "../../fixtures/storefront-shop";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../../..");
export const FIXTURE_EXTENSION = path.join(PROJECT_ROOT, "test/fixtures/theme-extension");
export const API_CLIENT_ID = "4f2c9e";
export const API_SECRET = "hush";
export const ORIGIN = "http://shop.test";

export interface StorefrontClient {
  shop: EmulatedShop;
  carts: Map<string, Cart>;
  cookies: Map<string, string>;
  request(pathname: string, init?: RequestInit): Promise<Response>;
  get(pathname: string, headers?: Record<string, string>): Promise<Response>;
  postJson(pathname: string, body: unknown): Promise<Response>;
  postForm(pathname: string, fields: Array<[string, string]>): Promise<Response>;
  /** GET /cart.js, parsed. */
  cartJs(): Promise<CartJs>;
}

export interface CartJsItem {
  id: number;
  key: string;
  quantity: number;
  variant_id: number;
  product_id: number;
  title: string;
  price: number;
  line_price: number;
  final_price: number;
  final_line_price: number;
  total_discount: number;
  properties: Record<string, string>;
  discounts: Array<{ amount: number; title: string }>;
  [key: string]: unknown;
}

export interface CartJs {
  token: string;
  items: CartJsItem[];
  item_count: number;
  total_price: number;
  original_total_price: number;
  total_discount: number;
  items_subtotal_price: number;
  currency: string;
  [key: string]: unknown;
}

export function storefrontClient(options: Partial<StorefrontOptions> & { shop?: EmulatedShop } = {}): StorefrontClient {
  const shop = options.shop ?? fixtureShop();
  const carts = (options.carts as Map<string, Cart> | undefined) ?? new Map<string, Cart>();
  const handler = storefrontHandler({
    getShop: () => shop,
    projectRoot: PROJECT_ROOT,
    extensionsDir: FIXTURE_EXTENSION,
    appUrl: "http://app.test",
    apiSecret: API_SECRET,
    apiClientId: API_CLIENT_ID,
    appProxy: { url: "https://example.com/proxy", subpath: "attach", prefix: "apps" },
    // Tests look at the 500 page itself; keep the expected errors out of the test output.
    onError: () => {},
    ...options,
    carts,
  });
  const cookies = new Map<string, string>();
  const request = async (pathname: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await handler(new Request(`${ORIGIN}${pathname}`, { ...init, headers }));
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/Max-Age=0/i.test(cookie) || value === "") cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  };
  return {
    shop,
    carts,
    cookies,
    request,
    get: (pathname, headers) => request(pathname, { headers }),
    postJson: (pathname, body) =>
      request(pathname, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    postForm: (pathname, fields) =>
      request(pathname, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      }),
    cartJs: async () => (await (await request("/cart.js")).json()) as CartJs,
  };
}

/** Writes a theme app extension into a fresh temporary directory and returns that directory. */
export function writeExtension(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attach-theme-ext-"));
  const all = { "shopify.extension.toml": 'name = "Temp"\nhandle = "temp"\ntype = "theme"\n', ...files };
  for (const [file, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** The accessibility basics every storefront page must meet; returns the problems found. */
export function accessibilityProblems(html: string): string[] {
  const problems: string[] = [];
  if (!/^<!doctype html>\s*<html lang="[a-zA-Z-]+">/i.test(html)) problems.push("no <!doctype html> with <html lang>");
  const h1s = html.match(/<h1[\s>]/g) ?? [];
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements`);
  if (!/<title>[^<]+<\/title>/.test(html)) problems.push("no title");
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicates.length) problems.push(`duplicate ids: ${duplicates.join(", ")}`);
  for (const match of html.matchAll(/<(?:input|select|textarea)\b([^>]*)>/g)) {
    const [tag, attributes = ""] = match;
    if (/type="hidden"/.test(attributes)) continue;
    const id = /\sid="([^"]+)"/.exec(attributes)?.[1];
    if (!id || !html.includes(`<label for="${id}"`)) problems.push(`unlabelled control ${tag}`);
  }
  for (const match of html.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/g)) {
    if (!match[1]!.replace(/<[^>]+>/g, "").trim()) problems.push(`button without text: ${match[0]}`);
  }
  for (const match of html.matchAll(/<img\b[^>]*>/g)) {
    if (!/\salt="/.test(match[0])) problems.push(`img without alt: ${match[0]}`);
  }
  return problems;
}
