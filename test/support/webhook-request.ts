import { createHmac, randomUUID } from "node:crypto";

/** A webhook request as Shopify sends it: JSON body signed with the app's secret (X-Shopify-Hmac-Sha256). */
export function signedWebhookRequest(
  url: string,
  {
    topic,
    shop,
    payload,
    secret,
    webhookId = randomUUID(),
    apiVersion = "2026-04",
    rawBody,
  }: {
    topic: string;
    shop: string;
    payload?: unknown;
    secret: string;
    webhookId?: string;
    apiVersion?: string;
    /** Sent as is instead of the JSON of `payload` (still signed). */
    rawBody?: string;
  },
) {
  const body = rawBody ?? JSON.stringify(payload);
  const hmac = createHmac("sha256", secret).update(body, "utf8").digest("base64");
  return new Request(url, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": webhookId,
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-API-Version": apiVersion,
    },
  });
}
