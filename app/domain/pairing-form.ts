// The pairing form as the merchant fills it in — text fields, the complements as a list — and its
// conversion to the pairing domain's input (app/domain/pairing.ts), which does the validation.
import { z } from "zod";
import { isRecord, type Result } from "./validation";

export const PAIRING_FORM_MESSAGES = {
  complements: "The recommended products could not be read: pick them again",
} as const;

const text = z.string().catch("");

/** The form's fields, as text. `complements` (product ids in order) arrives as JSON text or as a list. */
export const pairingFormSchema = z.object({
  anchorType: text,
  anchorId: text,
  discountPercent: text,
  heading: text,
  status: text,
  complements: z
    .unknown()
    .optional()
    .transform((value, ctx) => {
      let list: unknown = value;
      if (value === undefined || value === null || value === "") list = [];
      else if (typeof value === "string") {
        try {
          list = JSON.parse(value);
        } catch {
          list = null;
        }
      }
      const parsed = z.array(z.string()).safeParse(list);
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: PAIRING_FORM_MESSAGES.complements });
      return z.NEVER;
    }),
});

export type PairingFormValues = z.output<typeof pairingFormSchema>;

/** The form's fields from a request; only an unreadable complements list is an error (the domain checks the rest). */
export function parsePairingForm(fields: unknown): Result<PairingFormValues> {
  const parsed = pairingFormSchema.safeParse(isRecord(fields) ? fields : {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: [{ field: "complements", message: PAIRING_FORM_MESSAGES.complements }] };
}

export function emptyPairingForm(): PairingFormValues {
  return { anchorType: "product", anchorId: "", complements: [], discountPercent: "", heading: "", status: "active" };
}

/** "" → no discount; digits → the number; anything else → NaN, which the domain refuses with its message. */
function percentFrom(value: string): number | null {
  const trimmed = value.trim().replace(/%$/, "").trim();
  if (trimmed === "") return null;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** The domain's input for a filled-in form, for parsePairing to check. */
export function pairingInputFromForm(form: PairingFormValues): Record<string, unknown> {
  return {
    anchor: form.anchorId ? { type: form.anchorType, id: form.anchorId } : undefined,
    complements: form.complements,
    discountPercent: percentFrom(form.discountPercent),
    heading: form.heading,
    status: form.status || undefined,
  };
}

/** A stored pairing as the form shows it. */
export function pairingFormFromPairing(pairing: {
  anchorType: string;
  anchorId: string;
  status: string;
  heading: string | null;
  discountPercent: number | null;
  complements: ReadonlyArray<{ productId: string }>;
}): PairingFormValues {
  return {
    anchorType: pairing.anchorType,
    anchorId: pairing.anchorId,
    complements: pairing.complements.map((c) => c.productId),
    discountPercent: pairing.discountPercent === null ? "" : String(pairing.discountPercent),
    heading: pairing.heading ?? "",
    status: pairing.status,
  };
}

/** "10% off", or "No discount". */
export function describePairingDiscount(discountPercent: number | null): string {
  return discountPercent === null ? "No discount" : `${discountPercent}% off`;
}
