import type { ActionFunctionArgs } from "@remix-run/node";
import { describeFieldErrors } from "../domain/validation";
import { handlePrivacyRequest } from "../services/privacy.server";
import { authenticate } from "../shopify.server";

// The three mandatory privacy topics share one endpoint (compliance_topics in shopify.app.toml).
export const action = async ({ request }: ActionFunctionArgs) => {
  let webhook;
  try {
    webhook = await authenticate.webhook(request);
  } catch (error) {
    // The library parses the body after checking its HMAC: a signed body that is not JSON lands here.
    if (error instanceof SyntaxError) return new Response("The payload is not JSON", { status: 400 });
    throw error;
  }
  const { shop, topic, payload } = webhook;
  const handled = await handlePrivacyRequest(shop, topic, payload);
  if (!handled.ok) {
    return new Response(`The ${topic} payload cannot be read: ${describeFieldErrors(handled.errors)}`, { status: 400 });
  }
  return new Response();
};
