import type { ActionFunctionArgs } from "@remix-run/node";
import { recordDelivery } from "../services/webhook-inbox.server";
import { authenticate } from "../shopify.server";

// Orders, refunds, customers and bulk-operation webhooks: verified (HMAC), stored once, answered at once.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload } = await authenticate.webhook(request);
  await recordDelivery({ shop, topic, webhookId, payload });
  return new Response();
};
