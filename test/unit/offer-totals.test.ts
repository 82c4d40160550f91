import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  rangeReads,
  weeklyTotals,
  weekOf,
  weekRowsOfChanges,
  zeroTotals,
  type OfferDayChange,
  type OfferWeekRow,
  type ThroughDay,
  type TotalFigures,
} from "../../app/domain/offer-totals";
import { ROLLUP_SUMS } from "../../app/domain/report";

const FIRST = "2026-02-25"; // a Wednesday
const dayArbitrary = fc.integer({ min: 0, max: 59 }).map((n) => addDays(FIRST, n));

const changeArbitrary: fc.Arbitrary<OfferDayChange> = fc.record({
  offerType: fc.constantFrom("bundle" as const, "pairing" as const),
  offerId: fc.constantFrom("a", "b", "c"),
  day: dayArbitrary,
  figures: fc
    .tuple(fc.integer({ min: -50, max: 500 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 3 }))
    .map(([revenueAmount, orders, impressions]) => ({ ...zeroTotals(), revenueAmount, orders, impressions })),
});

const offerOf = (row: { offerType: string; offerId: string }) => `${row.offerType}:${row.offerId}`;

function add(into: Map<string, TotalFigures>, key: string, figures: TotalFigures, sign: number) {
  const sums = into.get(key) ?? zeroTotals();
  for (const figure of ROLLUP_SUMS) sums[figure] += sign * figures[figure];
  into.set(key, sums);
}

/** The per-offer sums of [from, to] read as the report reads them: stored weeks and day rows. */
function readRange(days: OfferDayChange[], weeks: OfferWeekRow[], from: string, to: string, frontier: string | null) {
  const sums = new Map<string, TotalFigures>();
  const read = ({ week, daysFrom, daysTo }: ThroughDay, sign: number) => {
    for (const row of weeks) if (row.week === week) add(sums, offerOf(row), row.figures, sign);
    for (const row of days) if (row.day >= daysFrom && row.day <= daysTo) add(sums, offerOf(row), row.figures, sign);
  };
  const { add: through, subtract } = rangeReads(from, to, frontier);
  read(through, 1);
  read(subtract, -1);
  return withoutZeros(sums);
}

function directSums(days: OfferDayChange[], from: string, to: string) {
  const sums = new Map<string, TotalFigures>();
  for (const row of days) if (row.day >= from && row.day <= to) add(sums, offerOf(row), row.figures, 1);
  return withoutZeros(sums);
}

const withoutZeros = (sums: Map<string, TotalFigures>) =>
  new Map([...sums].filter(([, figures]) => ROLLUP_SUMS.some((figure) => figures[figure] !== 0)));

const frontierOf = (days: OfferDayChange[]) =>
  days.length === 0 ? null : days.map((row) => weekOf(row.day)).reduce((a, b) => (a > b ? a : b));

describe("offer running totals", () => {
  it("key weeks by their Sunday", () => {
    expect(weekOf("2026-03-02")).toBe("2026-03-08"); // Monday
    expect(weekOf("2026-03-08")).toBe("2026-03-08"); // Sunday
    expect(weekOf("2026-03-09")).toBe("2026-03-15");
  });

  it("give every range the sums of its day rows, from two stored weeks and at most a week of day rows each", () => {
    fc.assert(
      fc.property(fc.array(changeArbitrary, { maxLength: 30 }), dayArbitrary, dayArbitrary, (days, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const frontier = frontierOf(days);
        const weeks = frontier === null ? [] : weeklyTotals(days, frontier);
        expect(readRange(days, weeks, from, to, frontier)).toEqual(directSums(days, from, to));
        const { add: through, subtract } = rangeReads(from, to, frontier);
        for (const read of [through, subtract]) {
          // Short of the frontier, at most a week of day rows (past it, there are none to read).
          if (read.week === addDays(weekOf(read.daysTo), -7)) {
            expect(Date.parse(read.daysTo) - Date.parse(read.daysFrom)).toBeLessThan(7 * 86_400_000);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it("stay equal to a recomputation when changes are added week by week, the frontier copied forward", () => {
    fc.assert(
      fc.property(fc.array(changeArbitrary, { minLength: 1, maxLength: 30 }), (changes) => {
        // Ingestion: each change moves the frontier to its week first (copying every offer's totals into
        // the new weeks), then adds to its weeks up to the frontier.
        const stored = new Map<string, OfferWeekRow>();
        let frontier: string | null = null;
        for (const change of changes) {
          const week = weekOf(change.day);
          if (frontier !== null && week > frontier) {
            const atFrontier = [...stored.values()].filter((row) => row.week === frontier);
            for (let next = addDays(frontier, 7); next <= week; next = addDays(next, 7)) {
              for (const row of atFrontier)
                stored.set(`${next}|${offerOf(row)}`, { ...row, week: next, figures: { ...row.figures } });
            }
          }
          if (frontier === null || week > frontier) frontier = week;
          for (const row of weekRowsOfChanges([change], frontier)) {
            const key = `${row.week}|${offerOf(row)}`;
            const sums = stored.get(key)?.figures ?? zeroTotals();
            for (const figure of ROLLUP_SUMS) sums[figure] += row.figures[figure];
            stored.set(key, { ...row, figures: sums });
          }
        }
        const sorted = (rows: Iterable<OfferWeekRow>) =>
          [...rows].sort((x, y) => `${x.week}|${offerOf(x)}`.localeCompare(`${y.week}|${offerOf(y)}`));
        expect(sorted(stored.values())).toEqual(sorted(weeklyTotals(changes, frontier!)));
      }),
      { numRuns: 300 },
    );
  });
});
