import type { ActionFunctionArgs } from "@remix-run/node";
import { handlePrivacyRequest } from "../services/privacy.server";
import { authenticate } from "../shopify.server";

// The three mandatory privacy topics share one endpoint (compliance_topics in shopify.app.toml).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload } = await authenticate.webhook(request);
  await handlePrivacyRequest(shop, topic, payload);
  return new Response();
};
