// The per-offer tables of the Reports page: uptake and revenue, profitability (the service-cost view:
// refunds, returns, cost of goods, margin), and the widget funnel. Each column has its explanation and
// each row its sort keys (numbers sort as numbers; a missing figure sorts below every figure), so the
// merchant can sort by any metric.
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

export interface OfferTable {
  id: "revenue" | "profitability" | "funnel";
  name: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** The column sorted first, descending. */
  initialSort: number;
  totals?: string[];
}

const H = REPORT_FIGURE_HELP;
const rateText = (rate: Ratio | null) => (rate ? ratioText(rate) : "—");
/** A ratio as a sortable number (parts per million), null when there is none. */
const rateValue = (rate: Ratio | null) =>
  rate === null ? null : Math.round((rate.numerator * 1_000_000) / rate.denominator);

const column = (label: string, help: string, numeric = true): TableColumn => ({ label, help, numeric });
const OFFER_COLUMNS = [column("Offer", H.offer, false), column("Type", H.offerType, false)];

export function offerTables(report: UptakeReport): OfferTable[] {
  const money = (amount: number | null) => (amount === null ? "—" : formatMoney({ amount, currency: report.currency }));
  const row = (offer: OfferRow, figures: Array<[cell: string, sort: string | number | null]>): TableRow => {
    const type = offer.type === "bundle" ? "Bundle" : "Pairing";
    return {
      key: `${offer.type}:${offer.id}`,
      title: offer.title,
      cells: [offer.title, type, ...figures.map(([cell]) => cell)],
      sortValues: [offer.title, type, ...figures.map(([, sort]) => sort)],
      lossMaking: offer.marginAmount !== null && offer.marginAmount < 0,
    };
  };
  const amount = (value: number | null): [string, number | null] => [money(value), value];
  const count = (value: number): [string, number] => [String(value), value];
  const rate = (value: Ratio | null): [string, number | null] => [rateText(value), rateValue(value)];

  return [
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
export function sortRows(rows: readonly TableRow[], column: number, direction: "ascending" | "descending"): TableRow[] {
  const sign = direction === "descending" ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a.sortValues[column] ?? null;
    const y = b.sortValues[column] ?? null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return sign * order || a.key.localeCompare(b.key);
  });
}
