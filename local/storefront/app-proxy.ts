// Shopify's app proxy, emulated: a storefront request to /<prefix>/<subpath>/* (e.g. /apps/attach/events)
// is forwarded to <appUrl><path of [app_proxy].url>/* (e.g. http://localhost:3000/proxy/events) with
// Shopify's signed query parameters (shop, logged_in_customer_id, path_prefix, timestamp, signature).
// Method, body and content type are forwarded; cookies are not, either way (Shopify strips them).
// A response of type application/liquid is rendered by the storefront in the theme, as Shopify does.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseToml } from "./toml";

export interface AppProxyConfig {
  /** The proxy URL from shopify.app.toml; only its path is used, on the emulator's appUrl. */
  url: string;
  subpath: string;
  prefix: string;
}

/** Reads [app_proxy] from shopify.app.toml text; null when the app has no proxy. */
export function readAppProxyConfig(tomlText: string): AppProxyConfig | null {
  const section = parseToml(tomlText).app_proxy;
  if (!section || typeof section !== "object" || Array.isArray(section)) return null;
  const { url, subpath, prefix } = section;
  if (typeof url !== "string" || typeof subpath !== "string" || typeof prefix !== "string") return null;
  return { url, subpath, prefix };
}

export function loadAppProxyConfig(projectRoot: string): AppProxyConfig | null {
  const file = path.join(projectRoot, "shopify.app.toml");
  return fs.existsSync(file) ? readAppProxyConfig(fs.readFileSync(file, "utf8")) : null;
}

export type QueryParams = URLSearchParams | Iterable<readonly [string, string]> | Record<string, string | string[]>;

function entries(params: QueryParams): Array<[string, string]> {
  if (params instanceof URLSearchParams) return [...params.entries()];
  if (Symbol.iterator in Object(params))
    return [...(params as Iterable<readonly [string, string]>)].map(([k, v]) => [k, v]);
  return Object.entries(params as Record<string, string | string[]>).flatMap(([k, v]) =>
    Array.isArray(v) ? v.map((item): [string, string] => [k, item]) : [[k, v] as [string, string]],
  );
}

/**
 * Shopify's app proxy signature: every query parameter but `signature`, as "key=value" with the
 * values of a repeated key joined by ",", sorted, concatenated with no separator, then HMAC-SHA256
 * keyed with the app's API secret, in hex.
 */
export function signAppProxyQuery(params: QueryParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of entries(params)) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped]
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .sort()
    .join("");
  return crypto.createHmac("sha256", secret).update(message).digest("hex");
}

/** True when the query's `signature` is the one `signAppProxyQuery` computes (constant-time compare). */
export function verifyAppProxySignature(params: QueryParams, secret: string): boolean {
  const signature = entries(params).find(([key]) => key === "signature")?.[1];
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return false;
  const expected = signAppProxyQuery(params, secret);
  return crypto.timingSafeEqual(Buffer.from(signature, "hex"), Buffer.from(expected, "hex"));
}

export interface AppProxyForwardOptions {
  config: AppProxyConfig;
  /** The app's origin, e.g. http://localhost:3000. */
  appUrl: string;
  apiSecret: string;
  /** The shop's myshopify domain. */
  shopDomain: string;
  customerId: number | null;
  fetch?: typeof fetch;
  now?: () => Date;
}

/** "/apps/attach" for { prefix: "apps", subpath: "attach" }. */
export function appProxyPathPrefix(config: AppProxyConfig): string {
  return `/${config.prefix}/${config.subpath}`;
}

/** Whether a storefront path is under the app proxy. */
export function isAppProxyPath(pathname: string, config: AppProxyConfig): boolean {
  const prefix = appProxyPathPrefix(config);
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** The app URL a proxied request goes to, signed. */
export function appProxyTarget(storefrontUrl: URL, options: AppProxyForwardOptions): URL {
  const prefix = appProxyPathPrefix(options.config);
  const rest = storefrontUrl.pathname.slice(prefix.length);
  const proxyPath = new URL(options.config.url).pathname.replace(/\/$/, "");
  const target = new URL(`${options.appUrl.replace(/\/$/, "")}${proxyPath}${rest}`);
  const query = new URLSearchParams();
  const reserved = new Set(["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"]);
  for (const [key, value] of storefrontUrl.searchParams) if (!reserved.has(key)) query.append(key, value);
  query.set("shop", options.shopDomain);
  query.set("logged_in_customer_id", options.customerId === null ? "" : String(options.customerId));
  query.set("path_prefix", prefix);
  query.set("timestamp", String(Math.floor((options.now?.() ?? new Date()).getTime() / 1000)));
  query.set("signature", signAppProxyQuery(query, options.apiSecret));
  target.search = query.toString();
  return target;
}

const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "accept-language", "user-agent"];
const DROPPED_RESPONSE_HEADERS = new Set([
  "set-cookie",
  "content-encoding",
  "content-length",
  "transfer-encoding",
  "connection",
]);

export type AppProxyResult =
  | { kind: "response"; response: Response }
  /** The app answered application/liquid: the storefront renders it in the theme. */
  | { kind: "liquid"; source: string; status: number };

/** Forwards a storefront request to the app and returns the app's answer (or a 502 when it cannot be reached). */
export async function forwardAppProxy(request: Request, options: AppProxyForwardOptions): Promise<AppProxyResult> {
  const target = appProxyTarget(new URL(request.url), options);
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const forwardedFor = request.headers.get("x-forwarded-for");
  if (forwardedFor) headers.set("x-forwarded-for", forwardedFor);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  let upstream: Response;
  try {
    upstream = await (options.fetch ?? fetch)(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: "manual",
    });
  } catch (error) {
    return {
      kind: "response",
      response: new Response(`The app proxy could not reach ${target.origin}: ${(error as Error).message}`, {
        status: 502,
        headers: { "content-type": "text/plain; charset=utf-8" },
      }),
    };
  }
  const contentType = upstream.headers.get("content-type") ?? "";
  if (/^application\/liquid\b/i.test(contentType)) {
    return { kind: "liquid", source: await upstream.text(), status: upstream.status };
  }
  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) responseHeaders.set(name, value);
  });
  const body = request.method === "HEAD" || [204, 304].includes(upstream.status) ? null : await upstream.arrayBuffer();
  return { kind: "response", response: new Response(body, { status: upstream.status, headers: responseHeaders }) };
}
