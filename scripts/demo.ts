// `npm run demo`: the whole loop on one machine, with no Shopify account.
// Migrates the embedded SQLite database, seeds the demo shop and starts the app and a local Shopify
// emulator (see local/server.ts). Ports: APP_PORT (3000) and STOREFRONT_PORT (3001).
// `npm run demo -- --fresh` starts again from a freshly seeded shop.
import { startLocalMode } from "../local/server";

const local = await startLocalMode({
  appPort: Number(process.env.APP_PORT || process.env.PORT || 3000),
  storefrontPort: Number(process.env.STOREFRONT_PORT || 3001),
  appMode: process.env.DEMO_APP_MODE === "build" ? "build" : "dev",
  fresh: process.argv.includes("--fresh"),
  dataFile: process.env.DEMO_DATA_FILE || undefined,
});

console.log(`
  Attach is running in local mode on the demo shop ${local.store.shop.domain}.
  App (admin):  ${local.appUrl}/app
  Storefront:   ${local.storefrontUrl}
  Create a bundle in the admin, open its product on the storefront, add the set, check out, then read the report.
`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void local.close().then(() => process.exit(0));
  });
}
