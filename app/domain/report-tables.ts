// The per-offer tables of the Reports page: uptake and revenue, profitability (the service-cost view:
// refunds, returns, cost of goods, margin), and the widget funnel. Each column has its explanation and
// each row its sort keys (numbers sort as numbers; a missing figure sorts below every figure), so the
// merchant can sort by any metric. A shop may have thousands of offers: every offer is sorted, and only
// the page shown (OFFERS_PER_PAGE) is formatted and sent to the browser.
import { formatMoney } from "./money";
import { funnelRates, ratioText, REPORT_FIGURE_HELP, type OfferRow, type Ratio, type UptakeReport } from "./report";
import { compareText, titleOrder } from "./text-order";

export interface TableColumn {
  label: string;
  help: string;
  numeric: boolean;
}

export interface TableRow {
  key: string;
  title: string;
  cells: string[];
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

const H = REPORT_FIGURE_HELP;
const rateText = (rate: Ratio | null) => (rate ? ratioText(rate) : "—");
/** A ratio as a sortable number (parts per million), null when there is none. */
const rateValue = (numerator: number, denominator: number) =>
  denominator === 0 ? null : Math.round((numerator * 1_000_000) / denominator);

/** A column: what it shows of an offer, and the value it sorts by (null sorts below every value). */
interface ColumnSpec extends TableColumn {
  cell: (offer: OfferRow) => string;
  sort: (offer: OfferRow) => string | number | null;
}

interface TableSpec {
  id: OfferTableId;
  name: string;
  columns: ColumnSpec[];
  /** The column sorted first, descending. */
  initialSort: number;
  totals?: string[];
}

/** The tables of a report, each sorted and cut to its page (`view`: the table the merchant sorted or paged). */
export function offerTables(report: UptakeReport, view?: TableView): OfferTable[] {
  const money = (amount: number | null) => (amount === null ? "—" : formatMoney({ amount, currency: report.currency }));
  const text = (label: string, help: string, value: (offer: OfferRow) => string): ColumnSpec => ({
    label,
    help,
    numeric: false,
    cell: value,
    sort: value,
  });
  const count = (label: string, help: string, value: (offer: OfferRow) => number): ColumnSpec => ({
    label,
    help,
    numeric: true,
    cell: (offer) => String(value(offer)),
    sort: value,
  });
  const amount = (label: string, help: string, value: (offer: OfferRow) => number | null): ColumnSpec => ({
    label,
    help,
    numeric: true,
    cell: (offer) => money(value(offer)),
    sort: value,
  });
  const rate = (label: string, help: string, parts: (offer: OfferRow) => [number, number]): ColumnSpec => ({
    label,
    help,
    numeric: true,
    cell: (offer) => {
      const [numerator, denominator] = parts(offer);
      return rateText(denominator === 0 ? null : { numerator, denominator });
    },
    sort: (offer) => rateValue(...parts(offer)),
  });
  const offerColumns = [
    text("Offer", H.offer, (offer) => offer.title),
    text("Type", H.offerType, (offer) => (offer.type === "bundle" ? "Bundle" : "Pairing")),
  ];

  const specs: TableSpec[] = [
    {
      id: "revenue",
      name: "Revenue and refunds",
      // The e2e loop test reads these columns in this order.
      columns: [
        ...offerColumns,
        count("Orders", H.offerOrders, (offer) => offer.orders),
        amount("Net revenue", H.offerNetRevenue, (offer) => offer.netRevenueAmount),
        amount("Discount given", H.offerDiscount, (offer) => offer.discountAmount),
        amount("Refunded", H.offerRefunded, (offer) => offer.refundedAmount),
        {
          ...rate("Attach rate", H.offerAttachRate, (offer) => [offer.anchorAttachedOrders, offer.anchorOrders]),
          cell: (offer) =>
            offer.attachRate
              ? `${ratioText(offer.attachRate)} (${offer.anchorAttachedOrders} of ${offer.anchorOrders})`
              : "—",
        },
      ],
      initialSort: 3,
    },
    {
      id: "profitability",
      name: "Profitability",
      columns: [
        ...offerColumns,
        amount("Net revenue", H.offerNetRevenue, (offer) => offer.netRevenueAmount),
        amount("Refunded", H.offerRefunded, (offer) => offer.refundedAmount),
        rate("Refund rate", H.offerRefundRate, (offer) => [offer.refundedAmount, offer.revenueAmount]),
        count("Units returned", H.offerReturnedUnits, (offer) => offer.returnedUnits),
        {
          ...amount("Cost of goods", H.offerCost, (offer) => (offer.uncostedUnits > 0 ? null : offer.costAmount)),
          cell: (offer) => (offer.uncostedUnits > 0 ? "Unknown" : money(offer.costAmount)),
        },
        amount("Margin after discount", H.offerMargin, (offer) => offer.marginAmount),
      ],
      initialSort: 7,
    },
    {
      id: "funnel",
      name: "Widget funnel",
      columns: [
        ...offerColumns,
        count("Impressions", H.impressions, (offer) => offer.impressions),
        count("Clicks", H.clicks, (offer) => offer.clicks),
        rate("Click rate", H.clickRate, (offer) => [offer.clicks, offer.impressions]),
        count("Adds to cart", H.addsToCart, (offer) => offer.addsToCart),
        rate("Add-to-cart rate", H.addToCartRate, (offer) => [offer.addsToCart, offer.impressions]),
        count("Orders", H.offerOrders, (offer) => offer.orders),
        rate("Order rate", H.orderRate, (offer) => [offer.orders, offer.addsToCart]),
      ],
      initialSort: 2,
      totals: funnelTotals(report),
    },
  ];

  return specs.map(({ columns, initialSort, ...table }) => {
    const shown = view?.table === table.id ? view : undefined;
    const column = shown?.column ?? initialSort;
    const sort =
      column < columns.length
        ? { column, direction: shown?.direction ?? ("descending" as const) }
        : { column: initialSort, direction: "descending" as const };
    const pages = Math.max(1, Math.ceil(report.offers.length / OFFERS_PER_PAGE));
    const page = Math.min(Math.max(0, shown?.page ?? 0), pages - 1);
    const shownOffers = offersInOrder(
      report.offers,
      columns[sort.column]!.sort,
      sort.direction,
      (page + 1) * OFFERS_PER_PAGE,
    ).slice(page * OFFERS_PER_PAGE);
    return {
      ...table,
      columns: columns.map(({ label, help, numeric }) => ({ label, help, numeric })),
      rows: shownOffers.map((offer) => ({
        key: `${offer.type}:${offer.id}`,
        title: offer.title,
        cells: columns.map((spec) => spec.cell(offer)),
        lossMaking: offer.marginAmount !== null && offer.marginAmount < 0,
      })),
      rowCount: report.offers.length,
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

/**
 * The first `count` offers sorted by a column's value: numbers as numbers, text by locale, missing figures
 * last whichever the direction, ties by offer. Each offer's value is read once, and only the offers up to
 * the page shown are kept in order (a shop may have thousands of offers; a page shows 50).
 */
export function offersInOrder(
  offers: readonly OfferRow[],
  value: (offer: OfferRow) => string | number | null,
  direction: SortDirection,
  count: number = offers.length,
): OfferRow[] {
  const sign = direction === "descending" ? -1 : 1;
  const keyed = offers.map((offer) => ({ offer, value: value(offer) }));
  const compare = (a: (typeof keyed)[number], b: (typeof keyed)[number]) => {
    const x = a.value;
    const y = b.value;
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else {
      const order = typeof x === "number" && typeof y === "number" ? x - y : titleOrder.compare(String(x), String(y));
      if (order !== 0) return sign * order;
    }
    return compareText(a.offer.type, b.offer.type) || compareText(a.offer.id, b.offer.id);
  };
  return firstInOrder(keyed, compare, count).map(({ offer }) => offer);
}

/**
 * The `count` first items in `compare`'s order (a total order), in order: a full sort when they are many,
 * else one pass keeping the first `count` found so far, so most items cost one comparison.
 */
export function firstInOrder<T>(items: readonly T[], compare: (a: T, b: T) => number, count: number): T[] {
  if (count <= 0) return [];
  if (count * 4 >= items.length) return [...items].sort(compare).slice(0, count);
  const first: T[] = [];
  for (const item of items) {
    if (first.length === count && compare(item, first[count - 1]!) >= 0) continue;
    let low = 0;
    let high = first.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(first[middle]!, item) <= 0) low = middle + 1;
      else high = middle;
    }
    first.splice(low, 0, item);
    if (first.length > count) first.pop();
  }
  return first;
}
