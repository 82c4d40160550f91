import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  customerRollupDelta,
  customerRollupRows,
  customerSumsPlan,
  sumCustomerRollups,
  type CustomerOrder,
  type CustomerRollupRow,
} from "../../app/domain/customer-rollups";

const DAY_MS = 86_400_000;
const FIRST = Date.UTC(2026, 0, 1);
const dayOf = (index: number) => new Date(FIRST + index * DAY_MS).toISOString().slice(0, 10);

/** Orders over 20 days of 5 customers and guests, several a day, some attached. */
const ordersArbitrary = fc
  .array(
    fc.record({
      customer: fc.integer({ min: -1, max: 4 }),
      day: fc.integer({ min: 0, max: 19 }),
      minute: fc.integer({ min: 0, max: 1439 }),
      attached: fc.boolean(),
    }),
    { maxLength: 40 },
  )
  .map((list) =>
    list.map(({ customer, day, minute, attached }, i): CustomerOrder => ({
      orderId: `order-${i}`,
      customerId: customer < 0 ? null : `customer-${customer}`,
      processedAt: new Date(FIRST + day * DAY_MS + minute * 60_000),
      day: dayOf(day),
      attached,
    })),
  );

const rangeArbitrary = fc
  .tuple(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 19 }))
  .map(([a, b]) => ({ from: dayOf(Math.min(a, b)), to: dayOf(Math.max(a, b)) }));

/** The figures counted straight from the orders, customer by customer. */
function bruteForce(orders: readonly CustomerOrder[], from: string, to: string) {
  const inRange = orders.filter((o) => o.day >= from && o.day <= to);
  const customers = new Set(inRange.flatMap((o) => (o.customerId ? [o.customerId] : [])));
  const buyers = new Set(inRange.flatMap((o) => (o.customerId && o.attached ? [o.customerId] : [])));
  const ordersByEnd = (id: string) => orders.filter((o) => o.customerId === id && o.day <= to).length;
  const oneOrder = (ids: Iterable<string>) => [...ids].filter((id) => ordersByEnd(id) === 1).length;
  const others = [...customers].filter((id) => !buyers.has(id));
  return {
    guestOrders: inRange.filter((o) => o.customerId === null).length,
    customers: customers.size,
    bundleBuyers: buyers.size,
    oneOrderBundleBuyers: oneOrder(buyers),
    oneOrderOthers: oneOrder(others),
  };
}

const stored = (rows: Iterable<CustomerRollupRow>) => {
  const byKey = new Map<string, number>();
  for (const row of rows) {
    const k = `${row.kind}|${row.day}|${row.otherDay}`;
    byKey.set(k, (byKey.get(k) ?? 0) + row.orders);
  }
  return new Map([...byKey].filter(([, n]) => n !== 0));
};

describe("customer rollups", () => {
  it("count, for any range, the customers, bundle buyers and one-order customers the orders hold", () => {
    fc.assert(
      fc.property(ordersArbitrary, rangeArbitrary, (orders, { from, to }) => {
        expect(sumCustomerRollups(customerRollupRows(orders).values(), from, to)).toEqual(bruteForce(orders, from, to));
      }),
      { numRuns: 500 },
    );
  });

  it("change by the difference ingestion adds: rows before + delta = rows after", () => {
    fc.assert(
      fc.property(ordersArbitrary, ordersArbitrary, (before, after) => {
        const rows = [...customerRollupRows(before).values(), ...customerRollupDelta(before, after)];
        expect(stored(rows)).toEqual(stored(customerRollupRows(after).values()));
      }),
      { numRuns: 300 },
    );
  });

  it("count a customer once however many orders they place in the range, and as repeat from their second", () => {
    const order = (id: string, day: number, attached = false, customerId: string | null = "c1"): CustomerOrder => ({
      orderId: id,
      customerId,
      processedAt: new Date(FIRST + day * DAY_MS + 3_600_000),
      day: dayOf(day),
      attached,
    });
    const orders = [order("a", 2, true), order("b", 3), order("c", 9), order("g", 3, false, null)];
    // Days 2–3: one customer, a bundle buyer, with two orders by the end: repeat. Plus a guest.
    expect(sumCustomerRollups(customerRollupRows(orders).values(), dayOf(2), dayOf(3))).toEqual({
      guestOrders: 1,
      customers: 1,
      bundleBuyers: 1,
      oneOrderBundleBuyers: 0,
      oneOrderOthers: 0,
    });
    // Day 2 alone: their only order by then: a one-order bundle buyer.
    expect(sumCustomerRollups(customerRollupRows(orders).values(), dayOf(2), dayOf(2))).toMatchObject({
      customers: 1,
      bundleBuyers: 1,
      oneOrderBundleBuyers: 1,
    });
    // Day 9 alone: a returning customer (ordered before), not a bundle buyer in that range.
    expect(sumCustomerRollups(customerRollupRows(orders).values(), dayOf(9), dayOf(9))).toEqual({
      guestOrders: 0,
      customers: 1,
      bundleBuyers: 0,
      oneOrderBundleBuyers: 0,
      oneOrderOthers: 0,
    });
  });
});

describe("reading a range's customer rollups", () => {
  const year = { first: "2025-01-01", last: "2025-12-31" };
  it("seeks by kind on the side of the range with fewer days, passes by day otherwise", () => {
    // The whole span: nothing before or after it.
    expect(customerSumsPlan("2025-01-01", "2025-12-31", year)).toEqual({ byPrevious: true, byNext: true });
    // The last 30 days: a year before it, nothing after.
    expect(customerSumsPlan("2025-12-02", "2025-12-31", year)).toEqual({ byPrevious: false, byNext: true });
    // The first month: nothing before, eleven months after.
    expect(customerSumsPlan("2025-01-01", "2025-01-31", year)).toEqual({ byPrevious: true, byNext: false });
    // A month in the middle.
    expect(customerSumsPlan("2025-06-01", "2025-06-30", year)).toEqual({ byPrevious: false, byNext: false });
    // A range past the last day: nothing in it to pass over.
    expect(customerSumsPlan("2026-02-01", "2026-02-28", year)).toEqual({ byPrevious: false, byNext: false });
  });
});
