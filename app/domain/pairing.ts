// Pairings ("complete the solution"): an anchor — a product, or every product in a collection —
// and the ordered list of complementary products recommended next to it.
import { z } from "zod";
import { collectionGid, isShopifyGid, productGid } from "./shopify-id";
import { duplicateIndexes, hasNoControlCharacters, isRecord, parseWith, type Result } from "./validation";

export const ANCHOR_TYPES = ["product", "collection"] as const;
export type AnchorType = (typeof ANCHOR_TYPES)[number];

export const PAIRING_STATUSES = ["active", "paused"] as const;
export type PairingStatus = (typeof PAIRING_STATUSES)[number];

/** "manual": picked by the merchant; "suggested": accepted from order-history suggestions. */
export const PAIRING_SOURCES = ["manual", "suggested"] as const;
export type PairingSource = (typeof PAIRING_SOURCES)[number];

export const MAX_COMPLEMENTS = 10;
export const MAX_HEADING_LENGTH = 80;
// Same business cap as bundles: deeper discounts are almost always typos.
export const MAX_PAIRING_DISCOUNT_PERCENT = 90;

export const PAIRING_MESSAGES = {
  form: "Enter the pairing's details",
  anchor: "Choose a product or collection to pair with",
  complementsMissing: "Add at least one product to recommend",
  tooManyComplements: `You can recommend at most ${MAX_COMPLEMENTS} products`,
  duplicateComplement: "This product is already in the list",
  selfComplement: "A product can't complement itself",
  discountPercent: `Discount must be a whole number from 1 to ${MAX_PAIRING_DISCOUNT_PERCENT} percent`,
  headingType: "The heading must be text",
  headingTooLong: `Keep the heading to ${MAX_HEADING_LENGTH} characters or fewer`,
  headingCharacters: "Remove the invisible control characters from the heading",
  status: "Choose a status: active or paused",
  source: "The source must be manual or suggested",
} as const;

const anchorSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("product"), id: productGid }),
    z.object({ type: z.literal("collection"), id: collectionGid }),
  ],
  { error: PAIRING_MESSAGES.anchor },
);

// Only valid ids count as duplicates; an invalid id already has its own error.
const validProductId = (id: unknown) => (isShopifyGid("Product", id) ? id : undefined);

// Runs even when other fields failed, so every problem is reported at once (reads defensively).
const always = { when: () => true };

// Length limits are checked here rather than with .min()/.max(): zod runs those on anything with
// a `length`, so a long string sent instead of a list would also get "at most 10 products".
const complementsSchema = z
  .array(productGid, { error: PAIRING_MESSAGES.complementsMissing })
  .superRefine((complements: unknown, ctx) => {
    if (!Array.isArray(complements)) return;
    if (complements.length < 1) ctx.addIssue({ code: "custom", message: PAIRING_MESSAGES.complementsMissing });
    if (complements.length > MAX_COMPLEMENTS) {
      ctx.addIssue({ code: "custom", message: PAIRING_MESSAGES.tooManyComplements });
    }
    for (const i of duplicateIndexes(complements, validProductId)) {
      ctx.addIssue({ code: "custom", path: [i], message: PAIRING_MESSAGES.duplicateComplement });
    }
  }, always);

const discountPercentSchema = z
  .number({ error: PAIRING_MESSAGES.discountPercent })
  .int({ error: PAIRING_MESSAGES.discountPercent })
  .min(1, { error: PAIRING_MESSAGES.discountPercent })
  .max(MAX_PAIRING_DISCOUNT_PERCENT, {
    error: PAIRING_MESSAGES.discountPercent,
  })
  .nullish()
  .transform((value) => value ?? null);

// A blank heading means "use the storefront's default heading".
const headingSchema = z
  .string({ error: PAIRING_MESSAGES.headingType })
  .trim()
  .max(MAX_HEADING_LENGTH, { error: PAIRING_MESSAGES.headingTooLong })
  .refine(hasNoControlCharacters, { error: PAIRING_MESSAGES.headingCharacters })
  .nullish()
  .transform((value) => (value ? value : null));

export const pairingInputSchema = z
  .object(
    {
      anchor: anchorSchema,
      complements: complementsSchema,
      discountPercent: discountPercentSchema,
      heading: headingSchema,
      status: z.enum(PAIRING_STATUSES, { error: PAIRING_MESSAGES.status }).default("active"),
      source: z.enum(PAIRING_SOURCES, { error: PAIRING_MESSAGES.source }).default("manual"),
    },
    { error: PAIRING_MESSAGES.form },
  )
  .superRefine((pairing: unknown, ctx) => {
    if (!isRecord(pairing) || !isRecord(pairing.anchor) || pairing.anchor.type !== "product") return;
    const anchorId = pairing.anchor.id;
    if (!Array.isArray(pairing.complements)) return;
    pairing.complements.forEach((id: unknown, i) => {
      if (id === anchorId && validProductId(id)) {
        ctx.addIssue({
          code: "custom",
          path: ["complements", i],
          message: PAIRING_MESSAGES.selfComplement,
        });
      }
    });
  }, always);

export type PairingInput = z.input<typeof pairingInputSchema>;
export type PairingDraft = z.output<typeof pairingInputSchema>;
export type PairingAnchor = PairingDraft["anchor"];

/** Validates merchant input into a PairingDraft; collects every error and never throws. */
export function parsePairing(input: unknown): Result<PairingDraft> {
  return parseWith(pairingInputSchema, input);
}
