// `npm run demo`: the whole loop on one machine, with no Shopify account.
// Builds the app, migrates the embedded SQLite database, seeds the demo shop and starts the app and a
// local Shopify emulator (see local/server.ts). Ports: APP_PORT (3000) and STOREFRONT_PORT (3001).
// `npm run demo -- --fresh` starts again from a freshly seeded shop.
// The app runs from its production build (what the browser tests run). DEMO_APP_MODE=dev serves it through
// Vite instead, for editing; Vite's first-visit dependency optimisation can then need a page reload.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../app/database-target";
import { startLocalMode } from "../local/server";

const appMode = process.env.DEMO_APP_MODE === "dev" ? "dev" : "build";
if (appMode === "build") {
  console.log("Building the app…");
  execFileSync(path.join(projectRoot, "node_modules", ".bin", "remix"), ["vite:build"], {
    cwd: projectRoot,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

const local = await startLocalMode({
  appPort: Number(process.env.APP_PORT || process.env.PORT || 3000),
  storefrontPort: Number(process.env.STOREFRONT_PORT || 3001),
  appMode,
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
