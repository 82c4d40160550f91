// The app's machine-facing routes over real HTTP, in a process of their own: the webhook inbox
// (/webhooks/inbox) and the storefront event beacon (/proxy/events), answered by the app's own route
// modules, with the app process's background jobs started the way production starts them (loading
// app/entry.server.tsx: the inbox sweep at startup, then every minute). For the load benchmark
// (bench/load.bench.ts) and the crash test (test/db/crash-recovery.test.ts), which flood it or kill it.
//
//   node --import tsx test/support/webhook-server.ts
//
// Reads DATABASE_URL (a migrated database), SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SHOPIFY_APP_URL, SCOPES
// and PORT (default 0: a free port); prints "listening <port>" once it accepts connections.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import readline from "node:readline";
import type { ActionFunctionArgs } from "@remix-run/node";
import { fileURLToPath } from "node:url";
import { projectRoot } from "../../app/database-target";
import { nodeListener } from "../../local/http-adapter";

type Action = (args: ActionFunctionArgs) => Promise<Response>;

const SCRIPT = fileURLToPath(import.meta.url);

export interface WebhookServer {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

/** Starts the server in a child process (its environment: `env`) and resolves once it listens. */
export function spawnWebhookServer(env: NodeJS.ProcessEnv = process.env): Promise<WebhookServer> {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    cwd: projectRoot,
    env: { ...env, PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    // Every line is read, so the child never blocks on a full pipe; only the first "listening" matters.
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      const port = /^listening (\d+)$/.exec(line)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, child, exited });
    });
    void exited.then(() => reject(new Error(`The webhook server exited (${child.exitCode ?? child.signalCode})`)));
  });
}

async function main() {
  await import("../../app/entry.server");
  const routes: Record<string, Action> = {
    "/webhooks/inbox": (await import("../../app/routes/webhooks.inbox")).action,
    "/proxy/events": (await import("../../app/routes/proxy.events")).action,
  };
  const handle = async (request: Request) => {
    const action = routes[new URL(request.url).pathname];
    if (!action || request.method !== "POST") return new Response("Not found", { status: 404 });
    try {
      return await action({ request, params: {}, context: {} });
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  };
  const server = http.createServer({ keepAliveTimeout: 60_000 }, nodeListener("http://127.0.0.1", handle));
  server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
    const address = server.address();
    console.log(`listening ${typeof address === "object" && address ? address.port : ""}`);
  });
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

if (process.argv[1] === SCRIPT) await main();
