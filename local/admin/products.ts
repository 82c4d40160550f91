// The emulated Shopify admin's Products page (http://localhost:3000/__local/products): the shop's products
// with "Archive", "Set as active" and "Delete", as a merchant does in Shopify admin. Each action changes the
// emulated shop and delivers the webhook Shopify sends for it, signed, to the app's routes: archive and
// set as active → products/update; delete → products/delete (the id only).
import type { ProductView, ShopStore } from "../admin-api/store";
import { productWebhookPayload } from "../webhooks";

export interface ProductsPageOptions {
  store: ShopStore;
  deliver: (topic: string, payload: unknown) => Promise<void>;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Answers /__local/products requests; null for any other path. */
export function productsPageHandler({ store, deliver }: ProductsPageOptions) {
  return async (request: Request): Promise<Response | null> => {
    const url = new URL(request.url);
    if (url.pathname === "/__local/products" && request.method === "GET") {
      return page(store, url.searchParams.get("done"));
    }
    const action = /^\/__local\/products\/(\d+)\/(archive|activate|delete)$/.exec(url.pathname);
    if (!action || request.method !== "POST") return null;
    const id = Number(action[1]);
    const product = store.product(id);
    if (!product) return new Response("This product does not exist.", { status: 404 });
    const title = product.title;
    let done: string;
    if (action[2] === "delete") {
      store.deleteProduct(id);
      await deliver("products/delete", { id });
      done = `${title} deleted`;
    } else {
      const updated = store.setProductStatus(id, action[2] === "archive" ? "ARCHIVED" : "ACTIVE")!;
      await deliver("products/update", productWebhookPayload(updated));
      done = action[2] === "archive" ? `${title} archived` : `${title} set as active`;
    }
    return new Response(null, {
      status: 303,
      headers: { location: `/__local/products?done=${encodeURIComponent(done)}` },
    });
  };
}

function page(store: ShopStore, done: string | null): Response {
  const shop = store.shop;
  const rows = [...shop.products]
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((product: ProductView) => {
      const title = escape(product.title);
      const button = (verb: "archive" | "activate" | "delete", label: string) =>
        `<form method="post" action="/__local/products/${product.id}/${verb}"><button aria-label="${label} ${title}">${label}</button></form>`;
      const status = product.status === "ACTIVE" ? "Active" : product.status === "DRAFT" ? "Draft" : "Archived";
      return `<tr data-product="${title}"><th scope="row">${title}</th><td class="status">${status}</td>
<td>${product.status === "ACTIVE" ? button("archive", "Archive") : button("activate", "Set as active")}</td>
<td>${button("delete", "Delete")}</td></tr>`;
    });
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Products · ${escape(shop.name)} (local Shopify admin)</title>
<style>body{font:14px system-ui,sans-serif;margin:0}header{background:#1a1a1a;color:#e3e3e3;padding:8px 12px;font-weight:600}
header a{color:#e3e3e3;margin-left:16px}main{padding:16px}table{border-collapse:collapse}th,td{padding:6px 10px;border-bottom:1px solid #ddd;text-align:left}
form{margin:0}[role=status]{margin:0 0 12px;color:#0a5c2e}</style></head>
<body><header>${escape(shop.name)} — Shopify admin (local emulator) <a href="/app">Attach</a> <a href="/__local/orders">Orders</a> <a href="/__local/products">Products</a></header>
<main><h1>Products</h1>${done ? `<p role="status">${escape(done)}</p>` : ""}
<table><thead><tr><th scope="col">Product</th><th scope="col">Status</th><th scope="col" colspan="2">Actions</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table></main></body></html>`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
}
