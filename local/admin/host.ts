// The app's host in local mode (http://localhost:3000): what Shopify admin would do around the app.
// - /app opened in the browser shows an emulated admin page that frames the app as Shopify admin does:
//   the iframe opens /app?embedded=1&shop&host&id_token (a session token signed with the app's secret), so
//   the app's real authenticate.admin() signs it in. A page loaded in the iframe without those gets them.
// - HTML pages load the local App Bridge (local/admin/app-bridge.js) instead of Shopify's CDN script.
// - /__local/* serves the App Bridge stand-in, fresh session tokens and the resource picker's data.
// Everything else goes to the app's own request handler, unchanged.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EmulatedShop } from "../shop/types";
import { adminHostParam, signSessionToken } from "../session-token";
import { pickerResources } from "./resources";

const APP_BRIDGE_CDN = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
const appBridgeScript = fs.readFileSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), "app-bridge.js"),
  "utf8",
);

export interface AppHostOptions {
  shop: () => EmulatedShop;
  apiKey: string;
  apiSecret: string;
  app: (request: Request) => Promise<Response>;
}

export function appHostHandler({ shop, apiKey, apiSecret, app }: AppHostOptions) {
  const sessionToken = () => signSessionToken({ shop: shop().domain, apiKey, apiSecret });

  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === "/__local/app-bridge.js") {
      return new Response(appBridgeScript, { headers: { "content-type": "text/javascript; charset=utf-8" } });
    }
    if (url.pathname === "/__local/session-token") {
      return new Response(sessionToken(), { headers: { "content-type": "text/plain", "cache-control": "no-store" } });
    }
    if (url.pathname === "/__local/resources") {
      return Response.json(pickerResources(shop(), url.searchParams.get("type") ?? "product"));
    }
    if (isAdminDocumentRequest(request, url)) {
      if (request.headers.get("sec-fetch-dest") !== "iframe") return adminPage(shop(), url);
      url.searchParams.set("embedded", "1");
      url.searchParams.set("shop", shop().domain);
      url.searchParams.set("host", adminHostParam(shop().domain));
      url.searchParams.set("locale", "en");
      url.searchParams.set("id_token", sessionToken());
      return new Response(null, { status: 302, headers: { location: url.pathname + url.search } });
    }
    const response = await app(request);
    if (!response.headers.get("content-type")?.startsWith("text/html")) return response;
    const html = (await response.text()).replaceAll(APP_BRIDGE_CDN, "/__local/app-bridge.js");
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    // The app allows framing by Shopify admin only; here the emulated admin is this origin.
    const preload = headers.get("link");
    if (preload) headers.set("link", preload.replaceAll(APP_BRIDGE_CDN, "/__local/app-bridge.js"));
    const csp = headers.get("content-security-policy");
    if (csp) headers.set("content-security-policy", csp.replace("frame-ancestors ", "frame-ancestors 'self' "));
    return new Response(html, { status: response.status, statusText: response.statusText, headers });
  };
}

/** The emulated Shopify admin page: the containers App Bridge renders into, and the app's iframe. */
function adminPage(shop: EmulatedShop, url: URL) {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(shop.name)} · Attach (local Shopify admin)</title>
<style>html,body{margin:0;height:100%}body{display:flex;flex-direction:column;font:14px system-ui,sans-serif}
#local-admin-header{background:#1a1a1a;color:#e3e3e3;padding:8px 12px;font-weight:600}
#local-admin-header a{color:#e3e3e3;margin-left:16px}
iframe{flex:1;border:0;width:100%}</style></head>
<body><div id="local-admin-header">${escape(shop.name)} — Shopify admin (local emulator) <a href="/__local/orders" target="_top">Orders</a> <a href="/__local/products" target="_top">Products</a></div>
<div id="local-admin-chrome"><nav aria-label="App navigation"></nav><div class="local-savebar" hidden></div><div class="local-title" hidden></div></div>
<iframe name="app-iframe" title="Attach" src="${escape(url.pathname + url.search)}"></iframe>
<div id="local-toasts" role="status" aria-live="polite"></div></body></html>`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
}

// A page of the embedded admin opened without Shopify admin around it (a typed URL, a reload, a bookmark).
function isAdminDocumentRequest(request: Request, url: URL) {
  const isAdminPath = url.pathname === "/app" || url.pathname.startsWith("/app/");
  return (
    request.method === "GET" &&
    isAdminPath &&
    !url.pathname.endsWith(".data") &&
    !request.headers.has("authorization") &&
    (url.searchParams.get("embedded") !== "1" || !url.searchParams.has("id_token"))
  );
}
