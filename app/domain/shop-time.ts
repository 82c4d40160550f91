// Calendar days in the shop's time zone (Shopify's `Shop.ianaTimezone`), as Shopify's own reports count
// them: an order placed at 23:30 in Toronto counts on that Toronto day, not on the next UTC day.
// Days are "YYYY-MM-DD" strings; a day's start is the first instant of that local date (daylight-saving
// changes make some days 23 or 25 hours long).

export const UTC = "UTC";
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's wall-clock reading of an instant, as if it were UTC (milliseconds). */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
}

/** The calendar day of an instant in a time zone. */
export function localDay(instant: Date, timeZone: string = UTC): string {
  if (timeZone === UTC) return instant.toISOString().slice(0, 10);
  return new Date(wallClock(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** The first instant of a calendar day in a time zone. */
export function dayStart(day: string, timeZone: string = UTC): Date {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  if (timeZone === UTC) return new Date(midnight);
  // Guess with the zone's offset at that moment, then correct once for an offset change in between.
  let guess = midnight - (wallClock(midnight, timeZone) - midnight);
  guess = midnight - (wallClock(guess, timeZone) - guess);
  // Where midnight does not exist (a daylight-saving jump at 00:00), the day starts an hour later; where
  // it happens twice (a fall back at 01:00 to 00:00), at the first.
  if (localDay(new Date(guess), timeZone) !== day) guess += 3_600_000;
  else if (localDay(new Date(guess - 3_600_000), timeZone) === day) guess -= 3_600_000;
  return new Date(guess);
}

/** The day after a calendar day. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
