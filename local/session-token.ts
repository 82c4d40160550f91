// Shopify session tokens (the JWT App Bridge's idToken() returns): HS256, signed with the app's secret.
// https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens — payload fields as Shopify sends them.
import { createHmac, randomUUID } from "node:crypto";

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export function signSessionToken({
  shop,
  apiKey,
  apiSecret,
  userId = "1",
  now = Date.now(),
}: {
  shop: string;
  apiKey: string;
  apiSecret: string;
  userId?: string;
  now?: number;
}): string {
  const seconds = Math.floor(now / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: apiKey,
      sub: userId,
      exp: seconds + 60,
      nbf: seconds - 5,
      iat: seconds,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", apiSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The `host` parameter Shopify admin passes to embedded apps: base64 of "<shop>/admin". */
export const adminHostParam = (shop: string) => Buffer.from(`${shop}/admin`).toString("base64url");
