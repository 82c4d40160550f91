import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  loadAppProxyConfig,
  readAppProxyConfig,
  signAppProxyQuery,
  verifyAppProxySignature,
} from "../../../local/storefront/app-proxy";
import { CUSTOMER } from "../../fixtures/storefront-shop";
import { API_SECRET, PROJECT_ROOT, storefrontClient } from "./helpers";

describe("signAppProxyQuery", () => {
  it("matches the example in Shopify's app proxy documentation", () => {
    // shopify.dev, "Authenticate app proxies": secret "hush", repeated `extra` joined with ",".
    const query =
      "extra=1&extra=2&shop=shop-name.myshopify.com&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3";
    expect(signAppProxyQuery(new URLSearchParams(query), "hush")).toBe(
      "a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3",
    );
    expect(verifyAppProxySignature(new URLSearchParams(query), "hush")).toBe(true);
  });

  it("fails verification when a parameter or the secret changes", () => {
    const params = { shop: "a.myshopify.com", path_prefix: "/apps/attach", timestamp: "1", logged_in_customer_id: "" };
    const signature = signAppProxyQuery(params, "secret");
    expect(verifyAppProxySignature({ ...params, signature }, "secret")).toBe(true);
    expect(verifyAppProxySignature({ ...params, logged_in_customer_id: "7", signature }, "secret")).toBe(false);
    expect(verifyAppProxySignature({ ...params, signature }, "other")).toBe(false);
    expect(verifyAppProxySignature(params, "secret")).toBe(false);
  });
});

describe("the [app_proxy] configuration", () => {
  it("is read from the app's shopify.app.toml", () => {
    expect(loadAppProxyConfig(PROJECT_ROOT)).toEqual(
      readAppProxyConfig(fs.readFileSync(path.join(PROJECT_ROOT, "shopify.app.toml"), "utf8")),
    );
    expect(
      readAppProxyConfig(
        '[app_proxy]\n# beacon\nurl = "https://x.test/proxy" # here\nsubpath = "attach"\nprefix = "apps"\n',
      ),
    ).toEqual({
      url: "https://x.test/proxy",
      subpath: "attach",
      prefix: "apps",
    });
    expect(readAppProxyConfig('name = "no proxy"')).toBeNull();
  });
});

interface Forwarded {
  url: URL;
  method: string;
  headers: Headers;
  body: string;
}

function stubApp(respond: (request: Forwarded) => Response) {
  const seen: Forwarded[] = [];
  const fetchStub: typeof fetch = async (input, init) => {
    const forwarded: Forwarded = {
      url: new URL(String(input)),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: init?.body ? Buffer.from(init.body as ArrayBuffer).toString("utf8") : "",
    };
    seen.push(forwarded);
    return respond(forwarded);
  };
  return { seen, fetch: fetchStub };
}

describe("the app proxy", () => {
  const now = () => new Date("2025-06-01T12:00:00Z");

  it("forwards /apps/attach/* to the app's proxy path with Shopify's signed parameters", async () => {
    const app = stubApp(
      () => new Response('{"ok":true}', { status: 201, headers: { "content-type": "application/json" } }),
    );
    const client = storefrontClient({ fetch: app.fetch, now });
    const response = await client.request("/apps/attach/events?event=view&event=click", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "secret=1" },
      body: '{"type":"view"}',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    const [forwarded] = app.seen;
    expect(forwarded!.url.origin + forwarded!.url.pathname).toBe("http://app.test/proxy/events");
    const query = forwarded!.url.searchParams;
    expect(query.getAll("event")).toEqual(["view", "click"]);
    expect(query.get("shop")).toBe("attach-test.myshopify.com");
    expect(query.get("logged_in_customer_id")).toBe("");
    expect(query.get("path_prefix")).toBe("/apps/attach");
    expect(query.get("timestamp")).toBe(String(Date.parse("2025-06-01T12:00:00Z") / 1000));
    expect(verifyAppProxySignature(query, API_SECRET)).toBe(true);
    expect(forwarded!.method).toBe("POST");
    expect(forwarded!.body).toBe('{"type":"view"}');
    expect(forwarded!.headers.get("content-type")).toBe("application/json");
    expect(forwarded!.headers.get("cookie")).toBeNull();
  });

  it("passes the logged-in customer's id", async () => {
    const app = stubApp(() => new Response("ok"));
    const client = storefrontClient({ fetch: app.fetch });
    await client.get(`/account/login?customer_id=${CUSTOMER}`);
    await client.get("/apps/attach/events");
    expect(app.seen[0]!.url.searchParams.get("logged_in_customer_id")).toBe(String(CUSTOMER));
    expect(verifyAppProxySignature(app.seen[0]!.url.searchParams, API_SECRET)).toBe(true);
  });

  it("does not pass the app's cookies on to the shopper", async () => {
    const app = stubApp(() => new Response("ok", { headers: { "set-cookie": "app=1", "x-app": "yes" } }));
    const response = await storefrontClient({ fetch: app.fetch }).get("/apps/attach/x");
    expect(response.headers.get("x-app")).toBe("yes");
    expect(response.headers.getSetCookie().some((c) => c.startsWith("app="))).toBe(false);
  });

  it("renders an application/liquid answer in the theme layout", async () => {
    const app = stubApp(
      () => new Response("<h1>Hello from {{ shop.name }}</h1>", { headers: { "content-type": "application/liquid" } }),
    );
    const html = await (await storefrontClient({ fetch: app.fetch }).get("/apps/attach/page")).text();
    expect(html).toMatch(/^<!doctype html>\s*<html lang="en">/);
    expect(html).toContain('<main id="MainContent" tabindex="-1">\n<h1>Hello from Attach Test Store</h1>');
  });

  it("renders an application/liquid answer alone when it says {% layout none %}", async () => {
    const app = stubApp(
      () =>
        new Response("{% layout none %}{{ cart.item_count }} in cart", {
          headers: { "content-type": "application/liquid; charset=utf-8" },
        }),
    );
    expect(await (await storefrontClient({ fetch: app.fetch }).get("/apps/attach/count")).text()).toBe("0 in cart");
  });

  it("answers 502 when the app cannot be reached", async () => {
    const failing: typeof fetch = async () => {
      throw new Error("connect ECONNREFUSED");
    };
    const response = await storefrontClient({ fetch: failing }).get("/apps/attach/events");
    expect(response.status).toBe(502);
    expect(await response.text()).toContain("ECONNREFUSED");
  });

  it("leaves other /apps/ paths alone", async () => {
    const app = stubApp(() => new Response("ok"));
    const response = await storefrontClient({ fetch: app.fetch }).get("/apps/other/x");
    expect(response.status).toBe(404);
    expect(app.seen).toEqual([]);
  });
});
