import { describe, expect, it } from "vitest";
import { parsePairing, PAIRING_MESSAGES } from "../../app/domain/pairing";
import {
  emptyPairingForm,
  pairingFormFromPairing,
  pairingInputFromForm,
  parsePairingForm,
  PAIRING_FORM_MESSAGES,
} from "../../app/domain/pairing-form";

const P = (n: number) => `gid://shopify/Product/${n}`;

describe("the pairing form", () => {
  it("reads the complements as JSON text, in order, and turns the text fields into the domain's input", () => {
    const parsed = parsePairingForm({
      anchorType: "product",
      anchorId: P(1),
      complements: JSON.stringify([P(3), P(2)]),
      discountPercent: " 15 % ",
      heading: "Pairs well with",
      status: "paused",
      intent: "save",
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsePairing(pairingInputFromForm(parsed.value))).toEqual({
      ok: true,
      value: {
        anchor: { type: "product", id: P(1) },
        complements: [P(3), P(2)],
        discountPercent: 15,
        heading: "Pairs well with",
        status: "paused",
        source: "manual",
      },
    });
  });

  it("treats an empty discount as none and anything but a whole number as the domain's discount error", () => {
    const input = (discountPercent: string) =>
      pairingInputFromForm({ ...emptyPairingForm(), anchorId: P(1), complements: [P(2)], discountPercent });
    expect(parsePairing(input(""))).toMatchObject({ ok: true, value: { discountPercent: null } });
    for (const text of ["abc", "12.5", "-3"]) {
      expect(parsePairing(input(text)), text).toEqual({
        ok: false,
        errors: [{ field: "discountPercent", message: PAIRING_MESSAGES.discountPercent }],
      });
    }
  });

  it("refuses an unreadable complements list, and reports a missing anchor through the domain", () => {
    expect(parsePairingForm({ complements: "[1, 2" })).toEqual({
      ok: false,
      errors: [{ field: "complements", message: PAIRING_FORM_MESSAGES.complements }],
    });
    expect(parsePairingForm({ complements: JSON.stringify([1]) }).ok).toBe(false);
    const empty = parsePairingForm({});
    if (!empty.ok) throw new Error("an empty form is readable");
    expect(parsePairing(pairingInputFromForm(empty.value))).toMatchObject({
      ok: false,
      errors: [{ field: "anchor", message: PAIRING_MESSAGES.anchor }, { field: "complements" }],
    });
  });

  it("shows a stored pairing as the merchant typed it", () => {
    expect(
      pairingFormFromPairing({
        anchorType: "collection",
        anchorId: "gid://shopify/Collection/7",
        status: "active",
        heading: null,
        discountPercent: 10,
        complements: [{ productId: P(2) }, { productId: P(3) }],
      }),
    ).toEqual({
      anchorType: "collection",
      anchorId: "gid://shopify/Collection/7",
      complements: [P(2), P(3)],
      discountPercent: "10",
      heading: "",
      status: "active",
    });
  });
});
