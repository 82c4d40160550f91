// Starts local mode for the browser tests with `npm run demo`'s own script, in its own process: it builds
// the app and runs the production build with the Shopify emulator, on free ports, with a fresh SQLite database and a freshly
// seeded demo shop.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { projectRoot } from "../../app/database-target";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    storefrontUrl: string;
    /** The app's database (SQLite), for checks the app has no page for yet. */
    appDatabaseFile: string;
  }
}

const bin = (name: string) => path.join(projectRoot, "node_modules", ".bin", name);

export default async function setup(project: TestProject) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "attach-e2e-"));
  const [appPort, storefrontPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    DATABASE_URL: `file:${path.join(workDir, "app.sqlite")}`,
    APP_PORT: String(appPort),
    STOREFRONT_PORT: String(storefrontPort),
    DEMO_DATA_FILE: path.join(workDir, "shop.json"),
  };
  for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "PORT"]) delete env[name];
  const demo = spawn(bin("tsx"), ["scripts/demo.ts", "--fresh"], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logFile = path.join(workDir, "demo.log");
  const log = fs.createWriteStream(logFile);
  demo.stdout.pipe(log);
  demo.stderr.pipe(log);
  await waitForReady(demo, logFile);
  project.provide("appUrl", `http://localhost:${appPort}`);
  project.provide("storefrontUrl", `http://localhost:${storefrontPort}`);
  project.provide("appDatabaseFile", path.join(workDir, "app.sqlite"));
  return async () => {
    demo.kill("SIGTERM");
    await new Promise((resolve) => demo.once("exit", resolve));
    if (process.env.KEEP_E2E_LOG) console.log(`local mode log: ${logFile}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  };
}

function waitForReady(demo: ChildProcess, logFile: string) {
  return new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("App (admin):")) resolve();
    };
    demo.stdout!.on("data", onData);
    demo.once("exit", (code) =>
      reject(new Error(`local mode exited (${code}) before it was ready:\n${fs.readFileSync(logFile, "utf8")}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
