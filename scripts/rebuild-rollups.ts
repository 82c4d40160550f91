// npm run rollups:rebuild -- --shop <shop>.myshopify.com
//
// Recomputes the shop's daily rollups (the rows reports read) from its order facts and widget events,
// in one transaction (app/services/rollup-rebuild.server.ts). Safe while webhooks arrive; refuses to
// start while another rebuild of the same shop runs.
// Exit status: 0 rebuilt, 1 another rebuild of the shop is running, 2 bad usage.
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const USAGE = "usage: npm run rollups:rebuild -- --shop <shop>.myshopify.com";
// Shopify's shop domains: the shop's handle and .myshopify.com.
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** Bad command line: exit 2. */
export class UsageError extends Error {}

export function parseCommand(args: string[]): { shop: string } {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, allowPositionals: false, options: { shop: { type: "string" } } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.shop) throw new UsageError(`--shop: give the shop's domain\n${USAGE}`);
  if (!SHOP_DOMAIN.test(values.shop)) {
    throw new UsageError(`--shop: expected a domain like example.myshopify.com, got ${JSON.stringify(values.shop)}`);
  }
  return { shop: values.shop };
}

async function main() {
  let command;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  // Imported after the arguments are checked: the database client opens on import.
  const [{ rebuildRollups }, { default: db }] = await Promise.all([
    import("../app/services/rollup-rebuild.server"),
    import("../app/db.server"),
  ]);
  try {
    const run = await rebuildRollups(command.shop);
    if (!run.acquired) {
      console.error(
        `A rebuild of ${command.shop} is already running (its lock expires ${run.heldUntil.toISOString()}).`,
      );
      process.exitCode = 1;
      return;
    }
    const { orders, events, rows } = run.value;
    console.log(
      `Rebuilt the rollups of ${command.shop}: ${rows} rows from ${orders} orders and ${events} widget events.`,
    );
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
