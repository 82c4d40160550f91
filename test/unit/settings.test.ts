import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  basisPointsToPercent,
  parseSettingsForm,
  percentToBasisPoints,
  SETTINGS_DEFAULTS,
  SETTINGS_MESSAGES,
  settingsFormFromSettings,
  splitTags,
  widgetSettingsMetafield,
  type SettingsFormValues,
} from "../../app/domain/settings";

const defaults = () => settingsFormFromSettings(SETTINGS_DEFAULTS);
const form = (overrides: Partial<SettingsFormValues> = {}): Record<string, string> => ({ ...defaults(), ...overrides });

describe("the settings form", () => {
  it("shows the stored defaults as the merchant would type them, and reads them back unchanged", () => {
    expect(defaults()).toEqual({
      widgetHeading: "Complete the solution",
      widgetLayout: "list",
      widgetMaxItems: "4",
      showPrices: "true",
      showSavings: "true",
      marginFloorBasisPoints: "",
      excludeReturnRateBasisPoints: "40",
      excludeReturnRateMinOrders: "3",
      excludeCustomerTags: "complaint-open,vip-handle-manually",
      excludeUnprofitableCustomers: "true",
      combinesWithOrderDiscounts: "false",
      combinesWithProductDiscounts: "false",
      combinesWithShippingDiscounts: "true",
      offersPaused: "false",
      followUpEnabled: "false",
      followUpDelayDays: "3",
      followUpDiscountPercent: "10",
      followUpValidDays: "14",
    });
    expect(parseSettingsForm(form())).toEqual({ ok: true, value: SETTINGS_DEFAULTS });
  });

  it("stores percentages as basis points, an empty margin floor as none, and tidies the tag list", () => {
    const parsed = parseSettingsForm(
      form({
        widgetHeading: "  You may also need  ",
        widgetLayout: "grid",
        widgetMaxItems: "10",
        marginFloorBasisPoints: "12.5",
        excludeReturnRateBasisPoints: "33.33",
        excludeCustomerTags: " complaint-open, ,Chargeback,chargeback ",
        offersPaused: "true",
      }),
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        widgetHeading: "You may also need",
        widgetLayout: "grid",
        widgetMaxItems: 10,
        marginFloorBasisPoints: 1250,
        excludeReturnRateBasisPoints: 3333,
        excludeCustomerTags: "complaint-open,Chargeback",
        offersPaused: true,
      },
    });
    expect(parseSettingsForm(form({ marginFloorBasisPoints: "0" }))).toMatchObject({
      value: { marginFloorBasisPoints: 0 },
    });
  });

  it("names every field that is wrong, and why", () => {
    const parsed = parseSettingsForm(
      form({
        widgetHeading: " ",
        widgetLayout: "carousel",
        widgetMaxItems: "11",
        showPrices: "yes",
        marginFloorBasisPoints: "100",
        excludeReturnRateBasisPoints: "0",
        excludeReturnRateMinOrders: "2.5",
        excludeCustomerTags: "x".repeat(256),
        offersPaused: "",
      }),
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [
        { field: "widgetHeading", message: SETTINGS_MESSAGES.widgetHeading },
        { field: "widgetLayout", message: SETTINGS_MESSAGES.widgetLayout },
        { field: "widgetMaxItems", message: SETTINGS_MESSAGES.widgetMaxItems },
        { field: "showPrices", message: SETTINGS_MESSAGES.toggle("show prices") },
        { field: "marginFloorBasisPoints", message: SETTINGS_MESSAGES.marginFloor },
        { field: "excludeReturnRateBasisPoints", message: SETTINGS_MESSAGES.returnRate },
        { field: "excludeReturnRateMinOrders", message: SETTINGS_MESSAGES.minOrders },
        { field: "excludeCustomerTags", message: SETTINGS_MESSAGES.tagTooLong },
        { field: "offersPaused", message: SETTINGS_MESSAGES.toggle("pause all offers") },
      ],
    });
    expect(parseSettingsForm({})).toMatchObject({ ok: false });
    expect(parseSettingsForm(form({ widgetMaxItems: "0" }))).toMatchObject({
      errors: [{ field: "widgetMaxItems" }],
    });
    expect(parseSettingsForm(form({ excludeReturnRateBasisPoints: "12.345" }))).toMatchObject({
      errors: [{ field: "excludeReturnRateBasisPoints" }],
    });
    const tags = Array.from({ length: 51 }, (_, i) => `tag-${i}`).join(",");
    expect(parseSettingsForm(form({ excludeCustomerTags: tags }))).toEqual({
      ok: false,
      errors: [{ field: "excludeCustomerTags", message: SETTINGS_MESSAGES.tooManyTags }],
    });
  });

  it("accepts the ends of each range and refuses just beyond them", () => {
    const cases: Array<[keyof SettingsFormValues, string, boolean]> = [
      ["widgetMaxItems", "1", true],
      ["widgetMaxItems", "10", true],
      ["widgetMaxItems", "11", false],
      ["marginFloorBasisPoints", "99.99", true],
      ["marginFloorBasisPoints", "100", false],
      ["excludeReturnRateBasisPoints", "1", true],
      ["excludeReturnRateBasisPoints", "0.99", false],
      ["excludeReturnRateBasisPoints", "100", true],
      ["excludeReturnRateBasisPoints", "100.01", false],
      ["excludeReturnRateMinOrders", "1", true],
      ["excludeReturnRateMinOrders", "1000", true],
      ["excludeReturnRateMinOrders", "1001", false],
    ];
    for (const [field, value, valid] of cases) {
      expect(parseSettingsForm(form({ [field]: value })).ok, `${field} = ${value}`).toBe(valid);
    }
  });
});

describe("percentages and basis points", () => {
  it("round-trips every basis point value through the text the form shows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), (bp) => {
        expect(percentToBasisPoints(basisPointsToPercent(bp))).toBe(bp);
      }),
    );
  });

  it("reads '12.5', '12.50' and '12.5 %' alike and refuses what is not a 2-decimal percentage", () => {
    expect(["12.5", "12.50", " 12.5 %"].map(percentToBasisPoints)).toEqual([1250, 1250, 1250]);
    for (const text of ["", "12.", "-1", "1e2", "12.345", "twelve"]) {
      expect(percentToBasisPoints(text), text).toBeNaN();
    }
  });
});

describe("splitTags", () => {
  it("keeps the first spelling of tags that differ only in case", () => {
    expect(splitTags("VIP, vip ,Complaint-Open,, complaint-open")).toEqual(["VIP", "Complaint-Open"]);
  });
});

describe("the shop-level widget metafield", () => {
  it("carries the widget defaults and the pause", () => {
    expect(widgetSettingsMetafield({ ...SETTINGS_DEFAULTS, widgetLayout: "grid", offersPaused: true })).toEqual({
      v: 1,
      heading: "Complete the solution",
      layout: "grid",
      maxItems: 4,
      showPrices: true,
      showSavings: true,
      paused: true,
    });
  });
});
