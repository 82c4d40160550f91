// Runs the Remix app inside the local-mode process, so the Admin API emulator answers its Admin GraphQL
// client in-process. Two modes:
// - "dev": Vite in middleware mode (fast start, compiles on first request) — `npm run demo`;
// - "build": the production build in build/ (what `npm run build` makes) — the browser tests.
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { projectRoot } from "../app/database-target";

export type AppMode = "dev" | "build";

export interface AppRunner {
  /** Node middleware for the app's static assets (Vite modules or build/client); calls next() otherwise. */
  assets: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  /** The app's Remix request handler. */
  handle: (request: Request) => Promise<Response>;
  close: () => Promise<void>;
}

/**
 * `beforeAppLoads` runs after Vite's config (which installs Remix's fetch globals) and before any app
 * module loads, in both modes: the place to route the app's outgoing requests.
 */
export async function startApp(mode: AppMode, beforeAppLoads: () => void): Promise<AppRunner> {
  if (mode === "dev") {
    const vite = await import("vite");
    const server = await vite.createServer({
      root: projectRoot,
      configFile: path.join(projectRoot, "vite.config.ts"),
      server: { middlewareMode: true, hmr: false, ws: false },
      appType: "custom",
    });
    beforeAppLoads();
    const handler = createRequestHandler(
      () => server.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
      "development",
    );
    return {
      assets: (req, res, next) => server.middlewares(req, res, next),
      handle: (r) => handler(r),
      close: () => server.close(),
    };
  }
  const buildFile = path.join(projectRoot, "build", "server", "index.js");
  if (!fs.existsSync(buildFile)) throw new Error("No production build: run `npm run build` first (or use dev mode).");
  beforeAppLoads();
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  const handler = createRequestHandler(build, "production");
  const clientDir = path.join(projectRoot, "build", "client");
  return { assets: staticFiles(clientDir), handle: (r) => handler(r), close: async () => {} };
}

const contentTypes: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

function staticFiles(dir: string) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = path.join(dir, pathname);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return next();
    res.writeHead(200, {
      "content-type": contentTypes[path.extname(file)] ?? "application/octet-stream",
      "cache-control": pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
    });
    fs.createReadStream(file).pipe(res);
  };
}
