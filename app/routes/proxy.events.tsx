import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptBeacon, beaconClient } from "../services/offer-events.server";
import { authenticate } from "../shopify.server";

// The storefront widget's event beacon: https://{shop}/apps/attach/events reaches us here through
// Shopify's app proxy (shopify.app.toml [app_proxy]), with Shopify's signed query parameters. The shop
// is the signed `shop` parameter, never anything in the body. sendBeacon never reads the answer, so it
// is only a status: 204 stored, 4xx refused (docs/storefront-widget.md, Events).
export const action = async ({ request }: ActionFunctionArgs) => {
  try {
    // Checks the signature and its timestamp (90 seconds); throws a bare 400 Response when either fails.
    await authenticate.public.appProxy(request);
  } catch (thrown) {
    if (thrown instanceof Response) return new Response(null, { status: 401 });
    throw thrown;
  }
  const query = new URL(request.url).searchParams;
  const shop = query.get("shop");
  if (!shop) return new Response(null, { status: 401 });

  const outcome = await acceptBeacon({ shop, client: beaconClient(query, request.headers), request });
  if (outcome.status === 204) return new Response(null, { status: 204 });
  if (outcome.status === 429) {
    return new Response(null, { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } });
  }
  return new Response(outcome.message, { status: outcome.status, headers: { "Content-Type": "text/plain" } });
};
