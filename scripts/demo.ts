// `npm run demo`: the app on the embedded SQLite database, on one machine.
// Migrates the database, then starts the app's dev server at http://localhost:$PORT (3000).
// (The local Shopify emulator and the seeded demo shop arrive with the local-mode issue.)
import { spawn } from "node:child_process";
import path from "node:path";
import { databaseTarget, projectRoot } from "../app/database-target";
import { migrate } from "./db";

const port = Number(process.env.PORT || 3000);
const target = databaseTarget(process.env.DATABASE_URL);

await migrate(target.url);
console.log(`Database: ${target.provider} (${target.provider === "sqlite" ? target.url : "DATABASE_URL"})`);

const server = spawn(
  path.join(projectRoot, "node_modules", ".bin", "remix"),
  ["vite:dev", "--port", String(port), "--strictPort"],
  {
    cwd: projectRoot,
    stdio: "inherit",
    env: {
      ...process.env,
      SHOPIFY_APP_URL: process.env.SHOPIFY_APP_URL || `http://localhost:${port}`,
      // Placeholder credentials for a machine with no Shopify app: nothing here talks to Shopify.
      SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY || "attach-local",
      SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET || "attach-local-secret",
    },
  },
);
console.log(
  `Attach is starting at http://localhost:${port} — connect a store with \`npm run dev\` (Shopify CLI) to open the admin.`,
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
