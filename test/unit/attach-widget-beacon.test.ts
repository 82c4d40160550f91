// The widget's beacons, from the shipped script (extensions/attach-widget/assets/attach-widget.js) run in
// a bare sandbox, read by the endpoint's own parser (app/domain/offer-events.ts): what the widget sends
// is exactly what the app accepts.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { parseBeacon, WIDGET_EVENTS_PER_BEACON } from "../../app/domain/offer-events";

const SCRIPT = path.resolve(import.meta.dirname, "../../extensions/attach-widget/assets/attach-widget.js");

interface Target {
  dataset: Record<string, string>;
  closest: (selector: string) => unknown;
}

/** Runs the widget; returns a way to make offers visible, the page-hide trigger and the beacons sent. */
function loadWidget() {
  const beacons: Array<{ url: string; body: string }> = [];
  const listeners: Record<string, () => void> = {};
  let intersect: (entries: Array<{ isIntersecting: boolean; target: Target }>) => void = () => {};
  const sandbox: Record<string, unknown> = {
    customElements: { get: () => undefined, define: () => {} },
    HTMLElement: class {},
    IntersectionObserver: class {
      constructor(callback: typeof intersect) {
        intersect = callback;
      }
      observe() {}
      unobserve() {}
    },
    navigator: { sendBeacon: (url: string, body: string) => beacons.push({ url, body }) > 0 },
    document: { addEventListener: () => {} },
    addEventListener: (name: string, listener: () => void) => (listeners[name] = listener),
    setTimeout: () => 1,
    clearTimeout: () => {},
  };
  sandbox.window = sandbox;
  vm.runInContext(fs.readFileSync(SCRIPT, "utf8"), vm.createContext(sandbox));
  const widget = { dataset: { page: "product", product: "59" } };
  const show = (offers: string[]) =>
    intersect(offers.map((offer) => ({ isIntersecting: true, target: { dataset: { offer }, closest: () => widget } })));
  return { show, pageHide: () => listeners.pagehide!(), beacons };
}

describe("the widget's event beacon", () => {
  it("sends impressions once per offer, in beacons the endpoint accepts, each event with its own key", () => {
    const widget = loadWidget();
    widget.show(["pairing:p1", "bundle:b1"]);
    widget.show(["pairing:p1"]);
    widget.pageHide();
    expect(widget.beacons.map((b) => b.url)).toEqual(["/apps/attach/events"]);
    const parsed = parseBeacon(widget.beacons[0]!.body, new Date());
    expect(parsed.ok).toBe(true);
    const events = parsed.ok ? parsed.events : [];
    expect(events.map((e) => [e.kind, e.offerType, e.offerId, e.productId])).toEqual([
      ["impression", "pairing", "p1", "gid://shopify/Product/59"],
      ["impression", "bundle", "b1", "gid://shopify/Product/59"],
    ]);
    expect(events[0]!.eventKey).toMatch(/^[a-z0-9]+\.1$/);
    expect(events[1]!.eventKey).toBe(events[0]!.eventKey.replace(/1$/, "2"));
  });

  it(`splits a long queue into beacons of at most ${WIDGET_EVENTS_PER_BEACON} events, small enough for sendBeacon`, () => {
    const widget = loadWidget();
    widget.show(Array.from({ length: 120 }, (_, i) => `bundle:b${i}`));
    widget.pageHide();
    const batches = widget.beacons.map((b) => parseBeacon(b.body, new Date()));
    expect(batches.map((b) => (b.ok ? b.events.length : b.errors))).toEqual([50, 50, 20]);
    // All of a page's pending beacons together must stay under the browsers' 64 KB.
    expect(widget.beacons.reduce((bytes, b) => bytes + Buffer.byteLength(b.body), 0)).toBeLessThan(64 * 1024);
    const keys = batches.flatMap((b) => (b.ok ? b.events.map((e) => e.eventKey) : []));
    expect(new Set(keys).size).toBe(120);
  });

  it("gives two page views different keys", () => {
    const keyOf = () => {
      const widget = loadWidget();
      widget.show(["pairing:p1"]);
      widget.pageHide();
      return (JSON.parse(widget.beacons[0]!.body) as { events: Array<{ key: string }> }).events[0]!.key;
    };
    expect(keyOf()).not.toBe(keyOf());
  });
});
