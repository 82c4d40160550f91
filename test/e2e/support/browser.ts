// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core. The page may only reach the
// local servers: anything else (Shopify's CDN fonts, for instance) is answered at once with a 404, so tests
// never wait on a network this machine does not have.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";

export const artifactsDir = path.resolve(import.meta.dirname, "..", "artifacts");

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium is not installed at ${executablePath}: apt-get install -y chromium (the browser tests are never skipped)`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** A page in a fresh context (its own cookies); `options` adds context options, e.g. javaScriptEnabled: false. */
export async function newLocalPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  // Headless Chromium says "HeadlessChrome" in its user agent, which Shopify's library answers as a bot (410).
  const userAgent = (await browser.newBrowserCDPSession())
    .send("Browser.getVersion")
    .then((v) => v.userAgent.replace("HeadlessChrome", "Chrome"));
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    userAgent: await userAgent,
    ...options,
  });
  await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.fulfill({ status: 404, body: "" }));
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

/** Saves a full-page screenshot of the current step under test/e2e/artifacts/ (gitignored). */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}
