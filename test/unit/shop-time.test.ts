import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayStart, isTimeZone, localDay, nextDay } from "../../app/domain/shop-time";

describe("calendar days in the shop's time zone", () => {
  it("puts a late-evening order on the shop's own day, not the next UTC day", () => {
    const order = new Date("2026-03-02T03:30:00Z"); // 22:30 on 1 March in Toronto (UTC−5)
    expect(localDay(order, "UTC")).toBe("2026-03-02");
    expect(localDay(order, "America/Toronto")).toBe("2026-03-01");
    expect(localDay(new Date("2026-03-01T19:00:00Z"), "Asia/Kolkata")).toBe("2026-03-02"); // 00:30 IST
  });

  it("starts each day at the shop's local midnight, across daylight-saving changes", () => {
    expect(dayStart("2026-03-01", "UTC").toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(dayStart("2026-03-01", "America/Toronto").toISOString()).toBe("2026-03-01T05:00:00.000Z");
    // Clocks go forward at 02:00 on 8 March: the 9th starts at UTC−4.
    expect(dayStart("2026-03-09", "America/Toronto").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(dayStart("2026-03-02", "Asia/Kolkata").toISOString()).toBe("2026-03-01T18:30:00.000Z");
    expect(dayStart("2026-03-02", "America/St_Johns").toISOString()).toBe("2026-03-02T03:30:00.000Z");
    // Santiago skips midnight when summer time starts (6 September 2026): that day starts at 01:00 local.
    const santiago = dayStart("2026-09-06", "America/Santiago");
    expect(localDay(santiago, "America/Santiago")).toBe("2026-09-06");
    expect(localDay(new Date(santiago.getTime() - 1), "America/Santiago")).toBe("2026-09-05");
  });

  it("makes every instant fall in exactly the day that starts before it and ends at the next day's start", () => {
    const zones = ["UTC", "America/Toronto", "Europe/London", "Asia/Kolkata", "America/Santiago", "Pacific/Chatham"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) }),
        (zone, t) => {
          const day = localDay(new Date(t), zone);
          expect(dayStart(day, zone).getTime()).toBeLessThanOrEqual(t);
          expect(dayStart(nextDay(day), zone).getTime()).toBeGreaterThan(t);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("knows real time zones from made-up ones", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});
