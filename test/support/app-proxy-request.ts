// A storefront request as Shopify's app proxy forwards it to the app: /apps/attach/<path> on the shop
// becomes <app>/proxy/<path> with the signed query parameters (shop, logged_in_customer_id,
// path_prefix, timestamp, signature) — built by the local emulator's own forwarding code.
import { projectRoot } from "../../app/database-target";
import { appProxyTarget, loadAppProxyConfig } from "../../local/storefront/app-proxy";

const config = loadAppProxyConfig(projectRoot)!;

export function appProxyUrl(
  path: string,
  { shop, secret, customerId = null, now }: { shop: string; secret: string; customerId?: number | null; now?: Date },
): URL {
  return appProxyTarget(new URL(`https://${shop}/apps/${config.subpath}/${path}`), {
    config,
    appUrl: "https://attach.test",
    apiSecret: secret,
    shopDomain: shop,
    customerId,
    now: now ? () => now : undefined,
  });
}

/** A signed POST of `body` to /proxy/<path>, as sendBeacon sends a string (text/plain). */
export function signedProxyRequest(
  path: string,
  options: {
    shop: string;
    secret: string;
    body: BodyInit;
    customerId?: number | null;
    now?: Date;
    headers?: Record<string, string>;
  },
): Request {
  return new Request(appProxyUrl(path, options), {
    method: "POST",
    body: options.body,
    headers: { "Content-Type": "text/plain;charset=UTF-8", ...options.headers },
    ...(options.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}
