// The per-offer tables of the Reports page: uptake and revenue, profitability (the service-cost view:
// refunds, returns, cost of goods, margin), and the widget funnel. Each column has its explanation and
// each row its sort keys (numbers sort as numbers; a missing figure sorts below every figure), so the
// merchant can sort by any metric. A shop may have thousands of offers: every offer is sorted, and only
// the page shown (OFFERS_PER_PAGE) is formatted and sent to the browser.
import { formatMoney } from "./money";
import { funnelRates, ratioText, REPORT_FIGURE_HELP, type OfferRow, type Ratio, type UptakeReport } from "./report";

export interface TableColumn {
  label: string;
  help: string;
  numeric: boolean;
}

export interface TableRow {
  key: string;
  title: string;
  cells: string[];
  /** One per column; null sorts below every number. */
  sortValues: Array<string | number | null>;
  /** The offer loses money once refunds and the cost of goods are taken off. */
  lossMaking?: boolean;
}

export const OFFER_TABLE_IDS = ["revenue", "profitability", "funnel"] as const;
export type OfferTableId = (typeof OFFER_TABLE_IDS)[number];
export type SortDirection = "ascending" | "descending";
export const OFFERS_PER_PAGE = 50;

/** How one table is shown: its sort and page (the others show their first page, sorted as at first). */
export interface TableView {
  table: OfferTableId;
  /** null: the table's first sort. */
  column: number | null;
  direction: SortDirection;
  page: number;
}

export interface OfferTable {
  id: OfferTableId;
  name: string;
  columns: TableColumn[];
  /** The rows of the page shown. */
  rows: TableRow[];
  /** Every offer in the table, on every page. */
  rowCount: number;
  /** The page shown, from 0. */
  page: number;
  sort: { column: number; direction: SortDirection };
  totals?: string[];
}

/** A row before its cells are formatted: each figure's cell is made only if the row is shown. */
interface PendingRow extends Omit<TableRow, "cells"> {
  cells: Array<string | (() => string)>;
}

const H = REPORT_FIGURE_HELP;
const rateText = (rate: Ratio | null) => (rate ? ratioText(rate) : "—");
/** A ratio as a sortable number (parts per million), null when there is none. */
const rateValue = (rate: Ratio | null) =>
  rate === null ? null : Math.round((rate.numerator * 1_000_000) / rate.denominator);

const column = (label: string, help: string, numeric = true): TableColumn => ({ label, help, numeric });
const OFFER_COLUMNS = [column("Offer", H.offer, false), column("Type", H.offerType, false)];

/** The tables of a report, each sorted and cut to its page (`view`: the table the merchant sorted or paged). */
export function offerTables(report: UptakeReport, view?: TableView): OfferTable[] {
  const money = (amount: number | null) => (amount === null ? "—" : formatMoney({ amount, currency: report.currency }));
  type Figure = [cell: string | (() => string), sort: string | number | null];
  const row = (offer: OfferRow, figures: Figure[]): PendingRow => {
    const type = offer.type === "bundle" ? "Bundle" : "Pairing";
    return {
      key: `${offer.type}:${offer.id}`,
      title: offer.title,
      cells: [offer.title, type, ...figures.map(([cell]) => cell)],
      sortValues: [offer.title, type, ...figures.map(([, sort]) => sort)],
      lossMaking: offer.marginAmount !== null && offer.marginAmount < 0,
    };
  };
  const amount = (value: number | null): Figure => [() => money(value), value];
  const count = (value: number): Figure => [String(value), value];
  const rate = (value: Ratio | null): Figure => [() => rateText(value), rateValue(value)];

  const tables: Array<
    Omit<OfferTable, "rows" | "rowCount" | "page" | "sort"> & {
      rows: PendingRow[];
      initialSort: number;
    }
  > = [
    {
      id: "revenue",
      name: "Revenue and refunds",
      // The e2e loop test reads these columns in this order.
      columns: [
        ...OFFER_COLUMNS,
        column("Orders", H.offerOrders),
        column("Net revenue", H.offerNetRevenue),
        column("Discount given", H.offerDiscount),
        column("Refunded", H.offerRefunded),
        column("Attach rate", H.offerAttachRate),
      ],
      rows: report.offers.map((offer) =>
        row(offer, [
          count(offer.orders),
          amount(offer.netRevenueAmount),
          amount(offer.discountAmount),
          amount(offer.refundedAmount),
          [
            () =>
              offer.attachRate
                ? `${ratioText(offer.attachRate)} (${offer.anchorAttachedOrders} of ${offer.anchorOrders})`
                : "—",
            rateValue(offer.attachRate),
          ],
        ]),
      ),
      initialSort: 3,
    },
    {
      id: "profitability",
      name: "Profitability",
      columns: [
        ...OFFER_COLUMNS,
        column("Net revenue", H.offerNetRevenue),
        column("Refunded", H.offerRefunded),
        column("Refund rate", H.offerRefundRate),
        column("Units returned", H.offerReturnedUnits),
        column("Cost of goods", H.offerCost),
        column("Margin after discount", H.offerMargin),
      ],
      rows: report.offers.map((offer) =>
        row(offer, [
          amount(offer.netRevenueAmount),
          amount(offer.refundedAmount),
          rate(offer.refundRate),
          count(offer.returnedUnits),
          offer.uncostedUnits > 0 ? ["Unknown", null] : amount(offer.costAmount),
          amount(offer.marginAmount),
        ]),
      ),
      initialSort: 7,
    },
    {
      id: "funnel",
      name: "Widget funnel",
      columns: [
        ...OFFER_COLUMNS,
        column("Impressions", H.impressions),
        column("Clicks", H.clicks),
        column("Click rate", H.clickRate),
        column("Adds to cart", H.addsToCart),
        column("Add-to-cart rate", H.addToCartRate),
        column("Orders", H.offerOrders),
        column("Order rate", H.orderRate),
      ],
      rows: report.offers.map((offer) => {
        const rates = funnelRates(offer);
        return row(offer, [
          count(offer.impressions),
          count(offer.clicks),
          rate(rates.clickRate),
          count(offer.addsToCart),
          rate(rates.addToCartRate),
          count(offer.orders),
          rate(rates.orderRate),
        ]);
      }),
      initialSort: 2,
      totals: funnelTotals(report),
    },
  ];
  return tables.map(({ rows, initialSort, ...table }) => {
    const shown = view?.table === table.id ? view : undefined;
    const column = shown?.column ?? initialSort;
    const sort =
      column < table.columns.length
        ? { column, direction: shown?.direction ?? ("descending" as const) }
        : { column: initialSort, direction: "descending" as const };
    const sorted = sortRows(rows, sort.column, sort.direction);
    const pages = Math.max(1, Math.ceil(sorted.length / OFFERS_PER_PAGE));
    const page = Math.min(Math.max(0, shown?.page ?? 0), pages - 1);
    return {
      ...table,
      rows: sorted.slice(page * OFFERS_PER_PAGE, (page + 1) * OFFERS_PER_PAGE).map((pending) => ({
        ...pending,
        cells: pending.cells.map((cell) => (typeof cell === "string" ? cell : cell())),
      })),
      rowCount: sorted.length,
      page,
      sort,
    };
  });
}

/** The view the page's query asks for (`table`, `sort`, `order`, `page`); anything unreadable: none. */
export function parseTableView(params: URLSearchParams): TableView | undefined {
  const table = params.get("table");
  if (!OFFER_TABLE_IDS.includes(table as OfferTableId)) return undefined;
  const whole = (value: string | null) => (value !== null && /^\d{1,6}$/.test(value) ? Number(value) : null);
  const column = whole(params.get("sort"));
  const order = params.get("order");
  return {
    table: table as OfferTableId,
    column,
    direction: order === "ascending" ? "ascending" : "descending",
    page: whole(params.get("page")) ?? 0,
  };
}

function funnelTotals(report: UptakeReport): string[] {
  const rates = funnelRates(report.funnel);
  return [
    "",
    "",
    String(report.funnel.impressions),
    String(report.funnel.clicks),
    rateText(rates.clickRate),
    String(report.funnel.addsToCart),
    rateText(rates.addToCartRate),
    String(report.funnel.orders),
    rateText(rates.orderRate),
  ];
}

/** Rows sorted by a column: numbers as numbers, text by locale, missing figures last whichever the direction. */
export function sortRows<Row extends Pick<TableRow, "key" | "sortValues">>(
  rows: readonly Row[],
  column: number,
  direction: SortDirection,
): Row[] {
  const sign = direction === "descending" ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a.sortValues[column] ?? null;
    const y = b.sortValues[column] ?? null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === "number" && typeof y === "number" ? x - y : titleOrder.compare(String(x), String(y));
    return sign * order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  });
}

// One collator for every comparison: `localeCompare` builds one per call, too slow for thousands of offers.
const titleOrder = new Intl.Collator();
