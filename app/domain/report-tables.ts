// The per-offer tables of the Reports page: uptake and revenue, profitability (the service-cost view:
// refunds, returns, cost of goods, margin), and the widget funnel. Each column has its explanation and
// each column what it sorts by (numbers sort as numbers; a missing figure sorts below every figure), so
// the merchant can sort by any metric. A shop may have thousands of offers: numeric sorts are done in the
// database (SortKey, offerPagesIn), text sorts here, and only the page shown (OFFERS_PER_PAGE) is
// formatted and sent to the browser.
import { formatMoney } from "./money";
import {
  funnelRates,
  ratioText,
  REPORT_FIGURE_HELP,
  type OfferRow,
  type Ratio,
  type RollupSums,
  type UptakeReport,
} from "./report";
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

/** A figure summed per offer over the range (a column of the offer's rollup rows). */
export type SummedFigure = Exclude<keyof RollupSums, "attachedOrders">;

/**
 * What a numeric column sorts by, from the offer's sums, so that the database can sort by it too
 * (offerPagesIn in offer-totals.server.ts). null (none) sorts below every value.
 */
export type SortKey =
  | { kind: "figure"; figure: SummedFigure }
  /** Revenue − refunded. */
  | { kind: "netRevenue" }
  /** The cost of the units kept; none when some unit's cost is unknown. */
  | { kind: "costOfGoods" }
  /** Net revenue − cost of goods; none unless every unit's cost is known and some cost is. */
  | { kind: "margin" }
  /** numerator / denominator as a double; none when the denominator is 0. */
  | { kind: "rate"; numerator: SummedFigure; denominator: SummedFigure };

export function sortValue(key: SortKey, offer: OfferRow): number | null {
  switch (key.kind) {
    case "figure":
      return offer[key.figure];
    case "netRevenue":
      return offer.netRevenueAmount;
    case "costOfGoods":
      return offer.uncostedUnits > 0 ? null : offer.costAmount;
    case "margin":
      return offer.marginAmount;
    case "rate": {
      const denominator = offer[key.denominator];
      return denominator === 0 ? null : offer[key.numerator] / denominator;
    }
  }
}

/** A column: what it shows of an offer, and what it sorts by (text by locale; numbers by a key). */
interface ColumnSpec extends TableColumn {
  cell: (offer: OfferRow) => string;
  sort: { text: (offer: OfferRow) => string } | { key: SortKey };
}

interface TableSpec {
  id: OfferTableId;
  name: string;
  columns: ColumnSpec[];
  /** The column sorted first, descending. */
  initialSort: number;
}

/** The tables' columns; `money` formats an amount (null: none). */
function tableSpecs(money: (amount: number | null) => string): TableSpec[] {
  const text = (label: string, help: string, value: (offer: OfferRow) => string): ColumnSpec => ({
    label,
    help,
    numeric: false,
    cell: value,
    sort: { text: value },
  });
  const count = (label: string, help: string, figure: SummedFigure): ColumnSpec => ({
    label,
    help,
    numeric: true,
    cell: (offer) => String(offer[figure]),
    sort: { key: { kind: "figure", figure } },
  });
  const amount = (label: string, help: string, key: SortKey): ColumnSpec => ({
    label,
    help,
    numeric: true,
    cell: (offer) => money(sortValue(key, offer)),
    sort: { key },
  });
  const rate = (label: string, help: string, numerator: SummedFigure, denominator: SummedFigure): ColumnSpec => ({
    label,
    help,
    numeric: true,
    cell: (offer) =>
      rateText(offer[denominator] === 0 ? null : { numerator: offer[numerator], denominator: offer[denominator] }),
    sort: { key: { kind: "rate", numerator, denominator } },
  });
  const offerColumns = [
    text("Offer", H.offer, (offer) => offer.title),
    text("Type", H.offerType, (offer) => (offer.type === "bundle" ? "Bundle" : "Pairing")),
  ];
  const netRevenue = amount("Net revenue", H.offerNetRevenue, { kind: "netRevenue" });
  const refunded = amount("Refunded", H.offerRefunded, { kind: "figure", figure: "refundedAmount" });
  return [
    {
      id: "revenue",
      name: "Revenue and refunds",
      // The e2e loop test reads these columns in this order.
      columns: [
        ...offerColumns,
        count("Orders", H.offerOrders, "orders"),
        netRevenue,
        amount("Discount given", H.offerDiscount, { kind: "figure", figure: "discountAmount" }),
        refunded,
        {
          ...rate("Attach rate", H.offerAttachRate, "anchorAttachedOrders", "anchorOrders"),
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
        netRevenue,
        refunded,
        rate("Refund rate", H.offerRefundRate, "refundedAmount", "revenueAmount"),
        count("Units returned", H.offerReturnedUnits, "returnedUnits"),
        {
          ...amount("Cost of goods", H.offerCost, { kind: "costOfGoods" }),
          cell: (offer) => (offer.uncostedUnits > 0 ? "Unknown" : money(offer.costAmount)),
        },
        amount("Margin after discount", H.offerMargin, { kind: "margin" }),
      ],
      initialSort: 7,
    },
    {
      id: "funnel",
      name: "Widget funnel",
      columns: [
        ...offerColumns,
        count("Impressions", H.impressions, "impressions"),
        count("Clicks", H.clicks, "clicks"),
        rate("Click rate", H.clickRate, "clicks", "impressions"),
        count("Adds to cart", H.addsToCart, "addsToCart"),
        rate("Add-to-cart rate", H.addToCartRate, "addsToCart", "impressions"),
        count("Orders", H.offerOrders, "orders"),
        rate("Order rate", H.orderRate, "orders", "addsToCart"),
      ],
      initialSort: 2,
    },
  ];
}

/** How a table is shown: its sort, the page asked for, and the key it sorts by (null: a text column). */
export interface TableSort {
  id: OfferTableId;
  sort: { column: number; direction: SortDirection };
  page: number;
  key: SortKey | null;
}

/** Each table's sort and page for a view (the others show their first page, sorted as at first). */
export function tableSorts(view?: TableView): TableSort[] {
  return tableSpecs(() => "").map(({ id, columns, initialSort }) => {
    const shown = view?.table === id ? view : undefined;
    const column = shown?.column ?? initialSort;
    const sort =
      column < columns.length
        ? { column, direction: shown?.direction ?? ("descending" as const) }
        : { column: initialSort, direction: "descending" as const };
    const by = columns[sort.column]!.sort;
    return { id, sort, page: Math.max(0, shown?.page ?? 0), key: "key" in by ? by.key : null };
  });
}

/** A table's page of offers, in order, with the count of all offers and the page it is (from 0). */
export interface OfferPage {
  offers: OfferRow[];
  count: number;
  page: number;
}

/** The last page there is for `count` offers, if `page` is past it. */
export const pageWithin = (page: number, count: number) =>
  Math.min(page, Math.max(0, Math.ceil(count / OFFERS_PER_PAGE) - 1));

/**
 * The tables of a report, each sorted and cut to its page (`view`: the table the merchant sorted or
 * paged). `pages`, in the tables' order: pages the database sorted (offerPagesIn); without them, the
 * report's offers are sorted here.
 */
export function offerTables(report: UptakeReport, view?: TableView, pages?: readonly OfferPage[]): OfferTable[] {
  const money = (amount: number | null) => (amount === null ? "—" : formatMoney({ amount, currency: report.currency }));
  const sorts = tableSorts(view);
  return tableSpecs(money).map(({ columns, initialSort: _initialSort, ...table }, i) => {
    const { sort, page: asked } = sorts[i]!;
    const shown = pages?.[i] ?? pageInMemory(report.offers, columns[sort.column]!, sort.direction, asked);
    return {
      ...table,
      columns: columns.map(({ label, help, numeric }) => ({ label, help, numeric })),
      rows: shown.offers.map((offer) => ({
        key: `${offer.type}:${offer.id}`,
        title: offer.title,
        cells: columns.map((spec) => spec.cell(offer)),
        lossMaking: offer.marginAmount !== null && offer.marginAmount < 0,
      })),
      rowCount: shown.count,
      page: shown.page,
      sort,
      ...(table.id === "funnel" ? { totals: funnelTotals(report) } : {}),
    };
  });
}

/** A page's offers (a database answer, in no order) in the order of a sort key. */
export const pageInOrder = (offers: readonly OfferRow[], key: SortKey, direction: SortDirection) =>
  offersInOrder(offers, (offer) => sortValue(key, offer), direction);

function pageInMemory(
  offers: readonly OfferRow[],
  column: ColumnSpec,
  direction: SortDirection,
  asked: number,
): OfferPage {
  const page = pageWithin(asked, offers.length);
  const by = column.sort;
  const value = "text" in by ? by.text : (offer: OfferRow) => sortValue(by.key, offer);
  const first = offersInOrder(offers, value, direction, (page + 1) * OFFERS_PER_PAGE);
  return { offers: first.slice(page * OFFERS_PER_PAGE), count: offers.length, page };
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
