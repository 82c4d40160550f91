import type { ActionFunctionArgs } from "@remix-run/node";
import { forgetShopSessions } from "../services/shop-lifecycle.server";
import { authenticate } from "../shopify.server";

// Sessions go at once; the shop's data stays for Shopify's 48-hour window and is purged by shop/redact.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticate.webhook(request);
  await forgetShopSessions(shop);
  return new Response();
};
