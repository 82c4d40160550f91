import { createHmac, randomUUID } from "node:crypto";

export interface WebhookDeliveryOptions {
  topic: string;
  shop: string;
  payload?: unknown;
  secret: string;
  webhookId?: string;
  apiVersion?: string;
  /** Sent as is instead of the JSON of `payload` (still signed): text, or bytes that need not be UTF-8. */
  rawBody?: string | Uint8Array;
}

/** A webhook's body and headers as Shopify sends them: signed with the app's secret (X-Shopify-Hmac-Sha256). */
export function signedWebhook({
  topic,
  shop,
  payload,
  secret,
  webhookId = randomUUID(),
  apiVersion = "2026-04",
  rawBody,
}: WebhookDeliveryOptions) {
  const body = rawBody ?? JSON.stringify(payload);
  const hmac = createHmac("sha256", secret).update(body).digest("base64");
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-Hmac-Sha256": hmac,
    "X-Shopify-Webhook-Id": webhookId,
    "X-Shopify-Event-Id": webhookId,
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-API-Version": apiVersion,
  };
  return { body, headers };
}

/** A webhook request as Shopify sends it to `url`. */
export function signedWebhookRequest(url: string, options: WebhookDeliveryOptions) {
  const { body, headers } = signedWebhook(options);
  return new Request(url, { method: "POST", body: body as BodyInit, headers });
}
