// Local mode signs a browser in to the demo shop without OAuth and emulates Shopify. It must never run
// where real shops and real credentials are: it refuses production and real Shopify credentials.

export const LOCAL_API_KEY = "attach-local";
export const LOCAL_API_SECRET = "attach-local-secret";

export class LocalModeRefused extends Error {}

export function assertLocalModeAllowed(env: Record<string, string | undefined>) {
  if (env.NODE_ENV === "production") {
    throw new LocalModeRefused("Local mode is refused when NODE_ENV=production: it signs in without OAuth.");
  }
  for (const [name, local] of [
    ["SHOPIFY_API_KEY", LOCAL_API_KEY],
    ["SHOPIFY_API_SECRET", LOCAL_API_SECRET],
  ] as const) {
    const value = env[name];
    if (value && value !== local) {
      throw new LocalModeRefused(
        `Local mode is refused while real Shopify credentials are configured (${name} is set). ` +
          "Unset it to run the demo, or use `npm run dev` to connect a real store.",
      );
    }
  }
  const appUrl = env.SHOPIFY_APP_URL;
  if (appUrl && !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(appUrl)) {
    throw new LocalModeRefused(`Local mode only serves http://localhost; SHOPIFY_APP_URL is ${appUrl}.`);
  }
}
