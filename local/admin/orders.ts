// The emulated Shopify admin's Orders page (http://localhost:3000/__local/orders): the shop's latest
// orders with "Fulfil", "Cancel order" and "Refund all items", as a merchant does in Shopify admin. Each
// action changes the emulated shop and delivers the webhooks Shopify sends for it, signed, to the app's routes:
// fulfil → fulfillments/create (every line, now; the emulated shop keeps no fulfilment state);
// cancel → orders/updated + orders/cancelled; refund → refunds/create + orders/updated.
import type { OrderView, ShopStore } from "../admin-api/store";
import { fulfillmentWebhookPayload, orderWebhookPayload, refundWebhookPayload } from "../webhooks";
import { formatMoney } from "../../app/domain/money";

export interface OrdersPageOptions {
  store: ShopStore;
  deliver: (topic: string, payload: unknown) => Promise<void>;
}

const PAGE_SIZE = 25;
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Answers /__local/orders requests; null for any other path. */
export function ordersPageHandler({ store, deliver }: OrdersPageOptions) {
  return async (request: Request): Promise<Response | null> => {
    const url = new URL(request.url);
    if (url.pathname === "/__local/orders" && request.method === "GET") {
      return page(store, url.searchParams.get("done"));
    }
    const action = /^\/__local\/orders\/(\d+)\/(fulfil|cancel|refund)$/.exec(url.pathname);
    if (!action || request.method !== "POST") return null;
    const id = Number(action[1]);
    const currency = store.shop.currencyCode;
    let done: string;
    if (action[2] === "fulfil") {
      const order = store.order(id);
      if (!order || order.cancelledAt) {
        return new Response("This order does not exist or is cancelled.", { status: 422 });
      }
      await deliver("fulfillments/create", fulfillmentWebhookPayload(order, store.nextId(), store.timestamp()));
      done = `Order ${order.name} fulfilled`;
    } else if (action[2] === "cancel") {
      const order = store.cancelOrder(id);
      if (!order) return new Response("This order does not exist or is already cancelled.", { status: 422 });
      await deliver("orders/updated", orderWebhookPayload(order, currency));
      await deliver("orders/cancelled", orderWebhookPayload(order, currency));
      done = `Order ${order.name} cancelled`;
    } else {
      const refunded = store.refundOrder(id);
      if (!refunded) return new Response("This order has nothing left to refund.", { status: 422 });
      await deliver("refunds/create", refundWebhookPayload(refunded.order, refunded.refund, currency));
      await deliver("orders/updated", orderWebhookPayload(refunded.order, currency));
      done = `Order ${refunded.order.name} refunded`;
    }
    return new Response(null, {
      status: 303,
      headers: { location: `/__local/orders?done=${encodeURIComponent(done)}` },
    });
  };
}

function status(order: OrderView): string {
  if (order.cancelledAt) return "Cancelled";
  const units = order.lineItems.reduce((sum, l) => sum + l.quantity, 0);
  const refunded = order.refunds.flatMap((r) => r.lines).reduce((sum, l) => sum + l.quantity, 0);
  if (refunded === 0) return "Paid";
  return refunded >= units ? "Refunded" : "Partially refunded";
}

function page(store: ShopStore, done: string | null): Response {
  const shop = store.shop;
  const orders = [...shop.orders].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, PAGE_SIZE);
  const rows = orders.map((order) => {
    const total = order.lineItems.reduce(
      (sum, l) => sum + l.price * l.quantity - l.discountAllocations.reduce((s, a) => s + a.amount, 0),
      0,
    );
    const state = status(order);
    const name = escape(order.name);
    const button = (verb: "fulfil" | "cancel" | "refund", label: string, enabled: boolean) =>
      `<form method="post" action="/__local/orders/${order.id}/${verb}"><button ${enabled ? "" : "disabled"} aria-label="${label} ${name}">${label}</button></form>`;
    return `<tr data-order="${name}"><th scope="row">${name}</th><td>${escape(order.createdAt.slice(0, 10))}</td>
<td>${escape(formatMoney({ amount: total, currency: shop.currencyCode }))}</td><td class="status">${state}</td>
<td>${button("fulfil", "Fulfil", order.cancelledAt === null)}</td>
<td>${button("cancel", "Cancel order", order.cancelledAt === null)}</td>
<td>${button("refund", "Refund all items", state !== "Refunded")}</td></tr>`;
  });
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Orders · ${escape(shop.name)} (local Shopify admin)</title>
<style>body{font:14px system-ui,sans-serif;margin:0}header{background:#1a1a1a;color:#e3e3e3;padding:8px 12px;font-weight:600}
header a{color:#e3e3e3;margin-left:16px}main{padding:16px}table{border-collapse:collapse}th,td{padding:6px 10px;border-bottom:1px solid #ddd;text-align:left}
form{margin:0}[role=status]{margin:0 0 12px;color:#0a5c2e}</style></head>
<body><header>${escape(shop.name)} — Shopify admin (local emulator) <a href="/app">Attach</a> <a href="/__local/orders">Orders</a> <a href="/__local/products">Products</a></header>
<main><h1>Orders</h1>${done ? `<p role="status">${escape(done)}</p>` : ""}
<table><thead><tr><th scope="col">Order</th><th scope="col">Date</th><th scope="col">Total</th><th scope="col">Status</th><th scope="col" colspan="3">Actions</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table></main></body></html>`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
}
