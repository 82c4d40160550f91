// Customer rollups: the report's customer figures (distinct customers, bundle buyers, repeat customers)
// for any range of days, from a few rows per day instead of a pass over every order of the range.
//
// Distinct customers do not add up by day, but they can be counted by their orders: a customer ordered
// in a range [from, to] exactly when one of their orders in it follows no earlier order of theirs in it.
// So each counted order (not cancelled) of a known customer is kept as a pair of days: its own, and the
// day of that customer's previous order ("" for a first order). Then, over the orders of a range:
//   customers       = pairs (day in range) whose previous day is before `from` (or "")
//   bundle buyers   = the same over attached orders, with the previous attached order
//   one-order customers (not repeat): a customer's first order whose next order is after `to` (or none),
//                   kept as (day, next day), apart for attached and other first orders
// Repeat customers are the others: customers of the range with more than one order by its end (an
// earlier order, or a second one in the range): Shopify's "returning customer". Guest checkouts are
// each one customer, counted per day.
//
// The rows of a set of orders are a pure function of them; ingestion adds the difference between the
// rows of the affected customers' orders after and before a change, and a rebuild recomputes them all.

import { compareText } from "./text-order";

export const CUSTOMER_ROLLUP_KINDS = ["guest", "customer", "bundleBuyer", "onlyBundle", "onlyOther"] as const;
export type CustomerRollupKind = (typeof CUSTOMER_ROLLUP_KINDS)[number];

/** A counted order (not cancelled), as the customer rollups need it. */
export interface CustomerOrder {
  orderId: string;
  customerId: string | null;
  processedAt: Date;
  /** Its day in the shop's time zone (YYYY-MM-DD). */
  day: string;
  attached: boolean;
}

export interface CustomerRollupRow {
  kind: CustomerRollupKind;
  day: string;
  /** The previous order's day (guest, customer, bundleBuyer) or the next one's (onlyBundle, onlyOther); "" if none. */
  otherDay: string;
  orders: number;
}

const key = (kind: CustomerRollupKind, day: string, otherDay: string) => `${kind}\u0000${day}\u0000${otherDay}`;

/** The rollup rows of these orders, by key; orders are grouped by customer here, so pass every order of a customer. */
export function customerRollupRows(orders: Iterable<CustomerOrder>): Map<string, CustomerRollupRow> {
  const rows = new Map<string, CustomerRollupRow>();
  const add = (kind: CustomerRollupKind, day: string, otherDay: string) => {
    const k = key(kind, day, otherDay);
    const row = rows.get(k);
    if (row) row.orders += 1;
    else rows.set(k, { kind, day, otherDay, orders: 1 });
  };
  const byCustomer = new Map<string, CustomerOrder[]>();
  for (const order of orders) {
    if (order.customerId === null) {
      add("guest", order.day, "");
      continue;
    }
    let list = byCustomer.get(order.customerId);
    if (!list) byCustomer.set(order.customerId, (list = []));
    list.push(order);
  }
  for (const list of byCustomer.values()) {
    list.sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime() || compareText(a.orderId, b.orderId));
    let previousAttached = "";
    list.forEach((order, i) => {
      add("customer", order.day, i === 0 ? "" : list[i - 1]!.day);
      if (order.attached) {
        add("bundleBuyer", order.day, previousAttached);
        previousAttached = order.day;
      }
    });
    const first = list[0]!;
    add(first.attached ? "onlyBundle" : "onlyOther", first.day, list[1]?.day ?? "");
  }
  return rows;
}

/** What to add to the stored rows when the orders go from `before` to `after` (non-zero changes only). */
export function customerRollupDelta(
  before: Iterable<CustomerOrder>,
  after: Iterable<CustomerOrder>,
): CustomerRollupRow[] {
  const delta = customerRollupRows(after);
  for (const [k, row] of customerRollupRows(before)) {
    const now = delta.get(k);
    if (now) now.orders -= row.orders;
    else delta.set(k, { ...row, orders: -row.orders });
  }
  return [...delta.values()].filter((row) => row.orders !== 0);
}

/** The sums of a range's rows that the customer figures are made of. */
export interface CustomerRollupSums {
  guestOrders: number;
  customers: number;
  bundleBuyers: number;
  oneOrderBundleBuyers: number;
  oneOrderOthers: number;
}

export const zeroCustomerSums = (): CustomerRollupSums => ({
  guestOrders: 0,
  customers: 0,
  bundleBuyers: 0,
  oneOrderBundleBuyers: 0,
  oneOrderOthers: 0,
});

/** Whether a row of a day in [from, to] counts toward each sum (the SQL in reports.server.ts says the same). */
export function sumCustomerRollups(rows: Iterable<CustomerRollupRow>, from: string, to: string): CustomerRollupSums {
  const sums = zeroCustomerSums();
  for (const { kind, day, otherDay, orders } of rows) {
    if (day < from || day > to) continue;
    const before = otherDay < from; // "" (none) is before every day
    const after = otherDay === "" || otherDay > to;
    if (kind === "guest") sums.guestOrders += orders;
    else if (kind === "customer" && before) sums.customers += orders;
    else if (kind === "bundleBuyer" && before) sums.bundleBuyers += orders;
    else if (kind === "onlyBundle" && after) sums.oneOrderBundleBuyers += orders;
    else if (kind === "onlyOther" && after) sums.oneOrderOthers += orders;
  }
  return sums;
}

/**
 * How to read a range's sums, from the first and last days with rows (rows assumed spread evenly over
 * days). Rows are kept in two orders: by day, where one pass reads every kind's rows of the range's days;
 * and by kind and other day, where a seek per kind reads the rows whose other day is on the near side of
 * the range — before `from` (`byPrevious`: customer, bundleBuyer; a day's previous order is never later
 * than it, so these include every row before the range) or after `to` (`byNext`: onlyBundle, onlyOther;
 * every row after the range) — plus those without one. Each group takes the order reading fewer days:
 * a year of a year's rows reads a few rows per day by kind, the last month of a year one month by day.
 */
export function customerSumsPlan(
  from: string,
  to: string,
  span: { first: string; last: string },
): { byPrevious: boolean; byNext: boolean } {
  const DAY_MS = 86_400_000;
  const time = (day: string) => Date.parse(`${day}T00:00:00Z`);
  // Days from `first` to `last`, both included (0 when none).
  const days = (first: number, last: number) => Math.max(0, (last - first) / DAY_MS + 1);
  const [start, end, first, last] = [time(from), time(to), time(span.first), time(span.last)];
  const inRange = days(Math.max(start, first), Math.min(end, last));
  const before = days(first, Math.min(start - DAY_MS, last));
  const after = days(Math.max(end + DAY_MS, first), last);
  return { byPrevious: before < inRange, byNext: after < inRange };
}
