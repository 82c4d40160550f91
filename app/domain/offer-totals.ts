// Offer running totals: the per-offer table of any range from about two rows per offer, however long
// the range. A shop with 10,000 bundles has ~1,400 per-offer rollup rows a day; summing a year of them
// reads ~500,000 rows, where totals-to-date read two per offer.
//
// For each offer, OfferWeekTotal keeps its figures summed over every day up to the end of each week
// (Monday–Sunday, in the shop's days; a week is keyed by its Sunday), from the offer's first week with
// a figure to the shop's latest such week (the frontier), every week in between included: an offer
// without figures in a week keeps the previous week's totals. Then, for a range [from, to]:
//   totals(from..to) = through(to) − through(the day before from)
//   through(day)     = the totals of the last week ended before the day's week (at most the frontier)
//                      + the day rows of the days after that week, up to the day (at most six)
// Ingestion adds a day's change to the offer's weeks from that day's week to the frontier; the first
// change of a new week first copies every offer's totals at the frontier into the weeks up to it.

import { ROLLUP_SUMS, zeroSums } from "./report";
import { compareText } from "./text-order";

const DAY_MS = 86_400_000;

export const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The Sunday ending a day's Monday–Sunday week. */
export function weekOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, (7 - weekday) % 7);
}

/** Every week from `first` to `last` (Sundays), in order. */
export function weeksBetween(first: string, last: string): string[] {
  const weeks: string[] = [];
  for (let week = weekOf(first); week <= last; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}

/** Totals through a day: a stored week's totals (none: zero) plus the day rows in [daysFrom, daysTo]. */
export interface ThroughDay {
  week: string | null;
  daysFrom: string;
  daysTo: string;
}

/** How to read the totals through `day`, given the shop's frontier (null: no week stored yet). */
export function throughDay(day: string, frontier: string | null): ThroughDay {
  const lastEnded = addDays(weekOf(day), -7);
  const week = frontier === null ? null : lastEnded < frontier ? lastEnded : frontier;
  // Days after the frontier have no rows (writing one moves the frontier), so reading them is harmless.
  return { week, daysFrom: week === null ? "0000-01-01" : addDays(week, 1), daysTo: day };
}

/** The two reads whose difference is the totals of [from, to]. */
export function rangeReads(
  from: string,
  to: string,
  frontier: string | null,
): { add: ThroughDay; subtract: ThroughDay } {
  return { add: throughDay(to, frontier), subtract: throughDay(addDays(from, -1), frontier) };
}

/** The figures totalled: every figure of a per-offer rollup row. */
export type TotalFigures = Record<(typeof ROLLUP_SUMS)[number], number>;

/** A change to one offer's figures of one day (a rollup row's change), or a day row in a rebuild. */
export interface OfferDayChange {
  offerType: "bundle" | "pairing";
  offerId: string;
  day: string;
  figures: TotalFigures;
}

export interface OfferWeekRow {
  offerType: "bundle" | "pairing";
  offerId: string;
  week: string;
  figures: TotalFigures;
}

const offerKey = (row: { offerType: string; offerId: string }) => `${row.offerType}\u0000${row.offerId}`;

/**
 * What changes add to the stored week totals, given the frontier (at least every change's week): each
 * change to every week from its day's to the frontier, summed per row (one row per key in a statement).
 */
export function weekRowsOfChanges(changes: Iterable<OfferDayChange>, frontier: string): OfferWeekRow[] {
  const rows = new Map<string, OfferWeekRow>();
  for (const change of changes) {
    for (const week of weeksBetween(change.day, frontier)) {
      const key = `${week}\u0000${offerKey(change)}`;
      const row = rows.get(key);
      if (row) addFigures(row.figures, change.figures);
      else
        rows.set(key, { offerType: change.offerType, offerId: change.offerId, week, figures: { ...change.figures } });
    }
  }
  return [...rows.values()];
}

/**
 * Every offer's week totals from all its day rows, up to `frontier` (a rebuild), week by week: written
 * in this order, a week's rows sit together on disk, as the frontier's copies leave them.
 */
export function weeklyTotals(days: Iterable<OfferDayChange>, frontier: string): OfferWeekRow[] {
  const byOffer = new Map<string, OfferDayChange[]>();
  for (const day of days) {
    const list = byOffer.get(offerKey(day));
    if (list) list.push(day);
    else byOffer.set(offerKey(day), [day]);
  }
  const rows: OfferWeekRow[] = [];
  for (const list of byOffer.values()) {
    list.sort((a, b) => compareText(a.day, b.day));
    const totals = zeroTotals();
    let next = 0;
    for (const week of weeksBetween(list[0]!.day, frontier)) {
      for (; next < list.length && list[next]!.day <= week; next++) addFigures(totals, list[next]!.figures);
      rows.push({ offerType: list[0]!.offerType, offerId: list[0]!.offerId, week, figures: { ...totals } });
    }
  }
  return rows
    .map((row) => ({ row, key: `${row.week}\u0000${offerKey(row)}` }))
    .sort((a, b) => compareText(a.key, b.key))
    .map(({ row }) => row);
}

export const zeroTotals: () => TotalFigures = zeroSums;

function addFigures(into: TotalFigures, from: TotalFigures) {
  for (const figure of ROLLUP_SUMS) into[figure] += from[figure];
}
