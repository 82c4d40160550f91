// Prisma CLI configuration. Prisma's native engines cannot be downloaded on our machines, so the
// CLI runs its JavaScript/Wasm engine through the same driver adapter the app uses.
// The provider (and so the schema file and migration folder) follows DATABASE_URL.
import { defineConfig } from "prisma/config";
import { databaseTarget } from "./app/database-target";
import { driverAdapter } from "./app/database-adapter";

const target = databaseTarget(process.env.DATABASE_URL);

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: target.schemaPath,
  migrations: { path: target.migrationsPath },
  adapter: async () => driverAdapter(target),
});
