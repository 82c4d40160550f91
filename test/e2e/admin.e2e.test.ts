import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newLocalPage, screenshot } from "./support/browser";

describe("the embedded admin in local mode", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newLocalPage(browser);
  });
  afterAll(() => browser?.close());

  it("opens /app signed in to the demo shop, framed like Shopify admin, with App Bridge's title bar and navigation", async () => {
    await page.goto(`${inject("appUrl")}/app`);
    const app = page.frameLocator("iframe[name=app-iframe]");
    await app.getByText("Sell the products that complete what your customers buy").waitFor();
    await expect.poll(() => page.locator("#local-admin-chrome .local-title h1").textContent()).toBe("Attach");
    await expect.poll(() => page.locator("#local-admin-chrome nav a").allTextContents()).toContain("Home");
    expect(page.frame("app-iframe")?.url()).toContain("embedded=1");
    await screenshot(page, "admin-home");
  });

  it("authenticates the app's data requests with App Bridge session tokens, and refuses forged ones", async () => {
    const frame = page.frame("app-iframe")!;
    expect(await frame.evaluate(async () => (await fetch("/app.data")).status)).toBe(200);
    const forged = await frame.evaluate(
      async () =>
        (await window.fetch("/app.data", { headers: { Authorization: "Bearer not-a-session-token" } })).status,
    );
    expect(forged).toBe(401);
  });
});
