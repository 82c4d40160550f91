// The storefront widget's cost to a product page, the figure Shopify's app review checks (an app may lower
// a store's Lighthouse performance score by at most 10 points): the same product page of the storefront
// emulator with Attach's product block and cart drawer embed, and without either, each loaded cold RUNS
// times in Chromium under Lighthouse's mobile preset (412×823 at 1.75×, CPU 4× slower, 150 ms RTT,
// 1.6 Mbps down), medians printed.
//
// Lighthouse itself is not a dependency of the project (the `lighthouse` package is not installed), so
// this measures with Playwright and the browser's Performance API what Lighthouse scores: FCP, LCP,
// Total Blocking Time (long tasks past 50 ms after FCP), CLS, plus the widget's bytes and whether its
// files block rendering. The score is an estimate: Lighthouse 10's mobile curves and weights applied to
// these observed figures, without Speed Index (its 10% spread over the others), and with the network
// throttled in the browser where Lighthouse simulates it.
//
//   npx tsx bench/lighthouse.bench.ts [runs]      (npm run bench -- lighthouse)
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import { chromium, type Browser } from "playwright-core";
import { projectRoot } from "../app/database-target";
import { LOCAL_API_KEY, LOCAL_API_SECRET } from "../local/guard";
import { nodeListener } from "../local/http-adapter";
import { productImageSvg } from "../local/seed/demo-shop";
import { storefrontHandler, type ThemeEditorState } from "../local/storefront";
import { widgetShop } from "../test/fixtures/attach-widget-shop";

const RUNS = Number(process.argv[2] ?? 3);
const PRODUCT_PAGE = "/products/trail-camera";
/** Lighthouse's mobile preset (Moto G Power): screen and throttling. */
const MOBILE = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  cpuSlowdown: 4,
  latencyMs: 150,
  downloadBytesPerSecond: (1_638.4 * 1024) / 8,
  uploadBytesPerSecond: (675 * 1024) / 8,
};
/** Lighthouse 10 mobile scoring: log-normal curves (p10, median) and weights; Speed Index left out. */
const CURVES = {
  fcp: { p10: 1_800, median: 3_000, weight: 0.1 },
  lcp: { p10: 2_500, median: 4_000, weight: 0.25 },
  tbt: { p10: 200, median: 600, weight: 0.3 },
  cls: { p10: 0.1, median: 0.25, weight: 0.25 },
};

interface PageFigures {
  /** Time to first byte: the emulator's Liquid rendering, which Shopify's servers do (and cache) instead. */
  ttfb: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  load: number;
  htmlBytes: number;
  widget: Array<{ file: string; bytes: number; renderBlocking: string }>;
}

async function serveStorefront(themeEditorState?: ThemeEditorState): Promise<{ url: string; close: () => void }> {
  const shop = widgetShop();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const handler = storefrontHandler({
    getShop: () => shop,
    projectRoot,
    appUrl: "http://127.0.0.1:9",
    apiSecret: LOCAL_API_SECRET,
    apiClientId: LOCAL_API_KEY,
    // No app server here: the beacon's POST gets a 404, which the widget ignores.
    appProxy: null,
    ...(themeEditorState ? { themeEditorState } : {}),
    serveStatic: (request) => {
      const handle = /^\/cdn\/products\/([\w-]+)\.svg$/.exec(new URL(request.url).pathname)?.[1];
      const product = shop.products.find((p) => p.handle === handle);
      return product ? new Response(productImageSvg(product), { headers: { "content-type": "image/svg+xml" } }) : null;
    },
  });
  server.on("request", nodeListener(url, handler));
  return { url, close: () => server.close() };
}

async function measure(browser: Browser, url: string): Promise<PageFigures> {
  const context = await browser.newContext({
    viewport: MOBILE.viewport,
    deviceScaleFactor: MOBILE.deviceScaleFactor,
    isMobile: true,
    hasTouch: true,
  });
  // Collected from the first byte on: long tasks are not buffered for a late observer.
  await context.addInitScript(() => {
    const seen = { lcp: 0, tasks: [] as Array<{ start: number; duration: number }>, cls: 0 };
    (window as unknown as { __perf: typeof seen }).__perf = seen;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.lcp = entry.startTime;
    }).observe({ type: "largest-contentful-paint", buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: "longtask", buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
        if (!entry.hadRecentInput) seen.cls += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: MOBILE.latencyMs,
    downloadThroughput: MOBILE.downloadBytesPerSecond,
    uploadThroughput: MOBILE.uploadBytesPerSecond,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: MOBILE.cpuSlowdown });
  await page.goto(url, { waitUntil: "load" });
  // Deferred scripts, custom element upgrades and the first impression have run by then.
  await page.waitForTimeout(3_000);
  const figures = await page.evaluate(() => {
    const perf = (
      window as unknown as { __perf: { lcp: number; tasks: Array<{ start: number; duration: number }>; cls: number } }
    ).__perf;
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0;
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType("resource") as Array<
      PerformanceResourceTiming & { renderBlockingStatus?: string }
    >;
    return {
      ttfb: navigation.responseStart,
      fcp,
      lcp: perf.lcp,
      tbt: perf.tasks.filter((t) => t.start >= fcp).reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
      cls: perf.cls,
      load: navigation.loadEventEnd,
      htmlBytes: navigation.encodedBodySize,
      widget: resources
        .filter((r) => /\/attach-widget\.(js|css)(\?|$)/.test(r.name))
        .map((r) => ({
          file: new URL(r.name).pathname.split("/").pop()!,
          bytes: r.encodedBodySize,
          renderBlocking: r.renderBlockingStatus ?? "unknown",
        })),
    };
  });
  await context.close();
  return figures;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

// Lighthouse's log-normal metric score (core/lib/statistics.js), with its erf approximation
// (Abramowitz and Stegun 7.1.26).
function logNormalScore({ p10, median: mid }: { p10: number; median: number }, value: number): number {
  if (value <= 0) return 1;
  const erf = (x: number) => {
    const sign = Math.sign(x);
    const t = 1 / (1 + 0.3275911 * Math.abs(x));
    const y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    return sign * (1 - y * Math.exp(-x * x));
  };
  const standardized = (Math.log(value / mid) * 0.9061938024368232) / -Math.log(p10 / mid);
  const score = (1 - erf(standardized)) / 2;
  if (value <= p10) return Math.max(0.9, Math.min(1, score));
  if (value <= mid) return Math.max(0.5, Math.min(0.8999999999999999, score));
  return Math.max(0, Math.min(0.49999999999999994, score));
}

function estimatedScore(figures: Pick<PageFigures, keyof typeof CURVES>): number {
  const curves = Object.entries(CURVES) as Array<[keyof typeof CURVES, (typeof CURVES)[keyof typeof CURVES]]>;
  const weights = curves.reduce((sum, [, curve]) => sum + curve.weight, 0);
  const total = curves.reduce((sum, [metric, curve]) => sum + curve.weight * logNormalScore(curve, figures[metric]), 0);
  return Math.round((100 * total) / weights);
}

const withWidget = await serveStorefront();
const withoutWidget = await serveStorefront({ templates: {}, embeds: [] });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
try {
  const runs: Record<"with" | "without", PageFigures[]> = { with: [], without: [] };
  // Interleaved, so that a busy moment of the machine falls on both.
  for (let i = 0; i < RUNS; i++) {
    runs.with.push(await measure(browser, `${withWidget.url}${PRODUCT_PAGE}`));
    runs.without.push(await measure(browser, `${withoutWidget.url}${PRODUCT_PAGE}`));
  }
  const summary = (name: "with" | "without") => {
    const pick = (metric: "ttfb" | "fcp" | "lcp" | "tbt" | "cls" | "load" | "htmlBytes") =>
      median(runs[name].map((r) => r[metric]));
    const figures = { fcp: pick("fcp"), lcp: pick("lcp"), tbt: pick("tbt"), cls: pick("cls") };
    return {
      ...figures,
      ttfb: pick("ttfb"),
      load: pick("load"),
      htmlBytes: pick("htmlBytes"),
      score: estimatedScore(figures),
    };
  };
  const on = summary("with");
  const off = summary("without");
  const columns: Array<[string, (s: typeof on) => string]> = [
    ["score", (s) => String(s.score)],
    ["TTFB", (s) => s.ttfb.toFixed(0)],
    ["FCP", (s) => s.fcp.toFixed(0)],
    ["LCP", (s) => s.lcp.toFixed(0)],
    ["TBT", (s) => s.tbt.toFixed(0)],
    ["CLS", (s) => s.cls.toFixed(3)],
    ["load", (s) => s.load.toFixed(0)],
    ["HTML B", (s) => String(s.htmlBytes)],
  ];
  const line = (label: string, cell: (column: (typeof columns)[number]) => string) =>
    label.padEnd(26) + columns.map((column) => cell(column).padStart(8)).join("");
  const row = (label: string, s: typeof on) => line(label, ([, value]) => value(s));
  console.log(`product page ${PRODUCT_PAGE}, mobile preset, ${RUNS} cold loads each, medians (ms, bytes)`);
  console.log(line("", ([name]) => name));
  console.log(row("with block + drawer embed", on));
  console.log(row("without", off));
  console.log(`estimated score difference: ${on.score - off.score} points (Shopify allows a drop of at most 10)`);
  for (const file of runs.with[0]!.widget) {
    const asset = fs.readFileSync(path.join(projectRoot, "extensions/attach-widget/assets", file.file));
    const gzip = zlib.gzipSync(asset, { level: 9 }).length;
    console.log(
      `widget ${file.file}: ${file.bytes} B transferred (uncompressed by the emulator; ${gzip} B gzipped as Shopify's CDN sends it), render-blocking: ${file.renderBlocking}`,
    );
  }
  console.log(`widget HTML in the page: ${on.htmlBytes - off.htmlBytes} B`);
} finally {
  await browser.close();
  withWidget.close();
  withoutWidget.close();
}
