import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Three projects:
// - unit: pure domain code and configuration checks, no I/O;
// - db-sqlite and db-postgresql: the same service and route tests against real databases, a fresh
//   SQLite file and a fresh schema on the local PostgreSQL server for every run. Neither is ever skipped:
//   the global setup fails the run when PostgreSQL cannot be reached.
const runId = `${Date.now().toString(36)}_${process.pid}`;
const postgresServer = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
export const testDatabases = {
  sqlite: `file:${path.join(os.tmpdir(), `attach-test-${runId}.sqlite`)}`,
  postgresql: `${postgresServer}?schema=attach_test_${runId}`,
};
process.env.ATTACH_TEST_DATABASES = JSON.stringify(testDatabases);

const dbProject = (provider: keyof typeof testDatabases) => ({
  test: {
    name: `db-${provider}`,
    include: ["test/db/**/*.test.ts"],
    environment: "node",
    env: {
      DATABASE_URL: testDatabases[provider],
      ATTACH_TEST_PROVIDER: provider,
      // A test app's credentials: webhook HMACs in tests are signed with this secret.
      SHOPIFY_API_KEY: "attach-test-key",
      SHOPIFY_API_SECRET: "attach-test-secret",
      SHOPIFY_APP_URL: "https://attach.test",
      SCOPES: "read_products,write_products",
    },
    globalSetup: ["test/db/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // The files of one project share its database.
    fileParallelism: false,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts", "extensions/**/*.test.ts"], environment: "node" } },
      dbProject("sqlite"),
      dbProject("postgresql"),
      {
        // The whole app in a real browser (Debian's Chromium) against local mode: never skipped.
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.e2e.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
