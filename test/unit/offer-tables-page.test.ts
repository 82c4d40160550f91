// The per-offer tables page through a large shop's offers 50 at a time, after sorting all of them.
import { AppProvider } from "@shopify/polaris";
import translations from "@shopify/polaris/locales/en.json" with { type: "json" };
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OfferTables, OFFERS_PER_PAGE } from "../../app/components/reports/OfferTables";
import type { OfferTable } from "../../app/domain/report-tables";

const table = (offers: number): OfferTable => ({
  id: "revenue",
  name: "Revenue and refunds",
  columns: [
    { label: "Offer", help: "The offer", numeric: false },
    { label: "Orders", help: "Orders", numeric: true },
  ],
  rows: Array.from({ length: offers }, (_, i) => ({
    key: `bundle:${i}`,
    title: `Bundle ${i}`,
    cells: [`Bundle ${i}`, String(i)],
    sortValues: [`Bundle ${i}`, i],
  })),
  initialSort: 1,
});

const render = (offers: number) =>
  renderToStaticMarkup(
    createElement(AppProvider, { i18n: translations }, createElement(OfferTables, { tables: [table(offers)] })),
  );

const shownOffers = (html: string) => [...html.matchAll(/>Bundle (\d+)</g)].map((match) => Number(match[1]));

describe("the per-offer tables", () => {
  it("show the first 50 of many offers, sorted across all of them, and say how many there are", () => {
    const html = render(120);
    expect(shownOffers(html)).toEqual(Array.from({ length: OFFERS_PER_PAGE }, (_, i) => 119 - i));
    expect(html).toContain("1–50 of 120 offers");
  });

  it("show every offer, without paging, when they fit on a page", () => {
    const html = render(3);
    expect(shownOffers(html)).toEqual([2, 1, 0]);
    expect(html).not.toContain(" offers<");
  });
});
