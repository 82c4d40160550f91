// GENERATED — do not edit. Run `npx tsx extensions/bundle-discount/scripts/codegen.ts` after changing
// src/cart_lines_discounts_generate_run.graphql or the schema version (Discount Function API 2026-04).

/** The currency codes that represent the world currencies throughout the Admin API. */
export type CurrencyCode =
  | "AED"
  | "AFN"
  | "ALL"
  | "AMD"
  | "ANG"
  | "AOA"
  | "ARS"
  | "AUD"
  | "AWG"
  | "AZN"
  | "BAM"
  | "BBD"
  | "BDT"
  | "BGN"
  | "BHD"
  | "BIF"
  | "BMD"
  | "BND"
  | "BOB"
  | "BRL"
  | "BSD"
  | "BTN"
  | "BWP"
  | "BYN"
  | "BYR"
  | "BZD"
  | "CAD"
  | "CDF"
  | "CHF"
  | "CLP"
  | "CNY"
  | "COP"
  | "CRC"
  | "CVE"
  | "CZK"
  | "DJF"
  | "DKK"
  | "DOP"
  | "DZD"
  | "EGP"
  | "ERN"
  | "ETB"
  | "EUR"
  | "FJD"
  | "FKP"
  | "GBP"
  | "GEL"
  | "GHS"
  | "GIP"
  | "GMD"
  | "GNF"
  | "GTQ"
  | "GYD"
  | "HKD"
  | "HNL"
  | "HRK"
  | "HTG"
  | "HUF"
  | "IDR"
  | "ILS"
  | "INR"
  | "IQD"
  | "IRR"
  | "ISK"
  | "JEP"
  | "JMD"
  | "JOD"
  | "JPY"
  | "KES"
  | "KGS"
  | "KHR"
  | "KID"
  | "KMF"
  | "KRW"
  | "KWD"
  | "KYD"
  | "KZT"
  | "LAK"
  | "LBP"
  | "LKR"
  | "LRD"
  | "LSL"
  | "LTL"
  | "LVL"
  | "LYD"
  | "MAD"
  | "MDL"
  | "MGA"
  | "MKD"
  | "MMK"
  | "MNT"
  | "MOP"
  | "MRU"
  | "MUR"
  | "MVR"
  | "MWK"
  | "MXN"
  | "MYR"
  | "MZN"
  | "NAD"
  | "NGN"
  | "NIO"
  | "NOK"
  | "NPR"
  | "NZD"
  | "OMR"
  | "PAB"
  | "PEN"
  | "PGK"
  | "PHP"
  | "PKR"
  | "PLN"
  | "PYG"
  | "QAR"
  | "RON"
  | "RSD"
  | "RUB"
  | "RWF"
  | "SAR"
  | "SBD"
  | "SCR"
  | "SDG"
  | "SEK"
  | "SGD"
  | "SHP"
  | "SLL"
  | "SOS"
  | "SRD"
  | "SSP"
  | "STD"
  | "STN"
  | "SYP"
  | "SZL"
  | "THB"
  | "TJS"
  | "TMT"
  | "TND"
  | "TOP"
  | "TRY"
  | "TTD"
  | "TWD"
  | "TZS"
  | "UAH"
  | "UGX"
  | "USD"
  | "USDC"
  | "UYU"
  | "UZS"
  | "VED"
  | "VEF"
  | "VES"
  | "VND"
  | "VUV"
  | "WST"
  | "XAF"
  | "XCD"
  | "XOF"
  | "XPF"
  | "XXX"
  | "YER"
  | "ZAR"
  | "ZMW";

/** The [discount class](https://help.shopify.com/manual/discounts/combining-discounts/discount-combinations) that's used to control how discounts can be combined. */
export type DiscountClass = "ORDER" | "PRODUCT" | "SHIPPING";

/** The strategy that's applied to the list of order discount candidates. */
export type OrderDiscountSelectionStrategy = "FIRST" | "MAXIMUM";

/** The selection strategy that's applied to the list of discounts that are eligible for cart lines. */
export type ProductDiscountSelectionStrategy = "ALL" | "FIRST" | "MAXIMUM";

/** The Function's input: what `CartLinesDiscountsGenerateRunInput` selects. */
export type CartLinesDiscountsGenerateRunInput = {
  cart: {
    buyerIdentity: { customer: { excluded: boolean } | null } | null;
    cost: { totalAmount: { currencyCode: CurrencyCode } };
    lines: Array<{
      id: string;
      quantity: number;
      offer: { value: string | null } | null;
      plan: { sellingPlan: { id: string } } | null;
      cost: { unit: { amount: string }; subtotal: { amount: string } };
      merchandise:
        | { id?: never; product?: never }
        | { id: string; product: { id: string; giftCard: boolean; rules: { json: unknown } | null } };
    }>;
  };
  discount: { discountClasses: Array<DiscountClass>; config: { jsonValue: unknown } | null };
  presentmentCurrencyRate: string;
  shop: { localTime: { date: string } };
};

/** The cart.lines.discounts.generate.run target result. */
export type CartLinesDiscountsGenerateRunResult = {
  /** The list of operations to apply discounts to the cart. */
  operations: Array<CartOperation>;
};

/** The operations that can be performed to apply discounts to the cart. */
export type CartOperation =
  | { enteredDiscountCodesAccept: EnteredDiscountCodesAcceptOperation }
  | { enteredDiscountCodesReject: EnteredDiscountCodesRejectOperation }
  | { orderDiscountsAdd: OrderDiscountsAddOperation }
  | { productDiscountsAdd: ProductDiscountsAddOperation };

/** An operation that selects which entered discount codes to accept. */
export type EnteredDiscountCodesAcceptOperation = {
  /** The list of discount codes to accept. */
  codes: Array<DiscountCode>;
};

/** A discount code used by the buyer to add a discount to the cart. */
export type DiscountCode = {
  /** The discount code. */
  code: string;
};

/** An operation that rejects entered discount codes with a custom message. */
export type EnteredDiscountCodesRejectOperation = {
  /** The list of discount codes to reject. */
  codes: Array<RejectedDiscountCode>;
  /** The custom message to display to the customer when the discount codes are rejected. */
  message: string;
};

/** A discount code to be rejected. */
export type RejectedDiscountCode = {
  /** The discount code to reject. */
  code: string;
};

/** An operation that applies order discounts to a cart that share a selection strategy. */
export type OrderDiscountsAddOperation = {
  /** The list of discounts that can be applied to an order. */
  candidates: Array<OrderDiscountCandidate>;
  /** The strategy that's applied to the list of discounts. */
  selectionStrategy: OrderDiscountSelectionStrategy;
};

/** A discount candidate to be applied to an eligible order. */
export type OrderDiscountCandidate = {
  /** An optional discount code associated with this discount candidate, for use with automatic discounts. */
  associatedDiscountCode?: AssociatedDiscountCode | null;
  /** The conditions that must be satisfied for an order to be eligible for a discount candidate. */
  conditions?: Array<Condition> | null;
  /** A notification on the **Cart** page informs customers about available discounts. */
  message?: string | null;
  /** The targets of the order discount candidate. */
  targets: Array<OrderDiscountCandidateTarget>;
  /** The value of the order discount candidate. */
  value: OrderDiscountCandidateValue;
};

/** A discount code that is associated with a discount candidate. */
export type AssociatedDiscountCode = {
  /** The discount code. */
  code: string;
};

/** The conditions that satisfy the discount candidate to be applied to a cart line. */
export type Condition =
  | { cartLineMinimumQuantity: CartLineMinimumQuantity }
  | { cartLineMinimumSubtotal: CartLineMinimumSubtotal }
  | { orderMinimumSubtotal: OrderMinimumSubtotal };

/** The condition for checking the minimum quantity of products across a group of cart lines. */
export type CartLineMinimumQuantity = {
  /** Cart line IDs with a merchandise line price that's included to calculate the minimum quantity purchased to receive the discount. */
  ids: Array<string>;
  /** The minimum quantity of a cart line to be eligible for a discount candidate. */
  minimumQuantity: number;
};

/** The condition for checking the minimum subtotal of products across a group of cart lines. */
export type CartLineMinimumSubtotal = {
  /** Cart line IDs with a merchandise line price that's included to calculate the minimum subtotal purchased to receive the discount. */
  ids: Array<string>;
  /** The minimum subtotal amount of the cart line to be eligible for a discount candidate in the shop's currency. */
  minimumAmount: string;
};

/** The condition for checking the minimum subtotal amount of the order. */
export type OrderMinimumSubtotal = {
  /** Cart line IDs with a merchandise line price that's excluded to calculate the minimum subtotal amount of the order. */
  excludedCartLineIds: Array<string>;
  /** The minimum subtotal amount of the order to be eligible for the discount in the shop's currency. */
  minimumAmount: string;
};

/** A target of an order to be eligible for a discount candidate. */
export type OrderDiscountCandidateTarget = { orderSubtotal: OrderSubtotalTarget };

/** A method for applying a discount to the entire order subtotal. */
export type OrderSubtotalTarget = {
  /** The list of excluded cart line IDs. */
  excludedCartLineIds: Array<string>;
};

/** The value of the order discount candidate. */
export type OrderDiscountCandidateValue = { fixedAmount: FixedAmount } | { percentage: Percentage };

/** A fixed amount value. */
export type FixedAmount = {
  /** The fixed amount value of the discount, in the currency of the cart. */
  amount: string;
};

/** A percentage value. */
export type Percentage = {
  /** The percentage value. */
  value: string;
};

/** An operation that applies product discounts to a cart that share a selection strategy. */
export type ProductDiscountsAddOperation = {
  /** The list of products that are eligible for the discount. */
  candidates: Array<ProductDiscountCandidate>;
  /** The strategy that's applied to the list of products that are eligible for the cart line discount. */
  selectionStrategy: ProductDiscountSelectionStrategy;
};

/** The target and value of the discount to be applied to a cart line. */
export type ProductDiscountCandidate = {
  /** An optional discount code associated with this discount candidate, for use with automatic discounts. */
  associatedDiscountCode?: AssociatedDiscountCode | null;
  /** A notification on the **Cart** page informs customers about available discounts. */
  message?: string | null;
  /** The items required for the discount candidate to be applicable. */
  prerequisites?: Array<ProductDiscountCandidatePrerequisite> | null;
  /** The targets of the discount to be applied to a cart line. */
  targets: Array<ProductDiscountCandidateTarget>;
  /** The value of the discount to be applied to a cart line. */
  value: ProductDiscountCandidateValue;
};

/** The items required for the discount candidate to be applicable. */
export type ProductDiscountCandidatePrerequisite = { cartLine: CartLinePrerequisite };

/** A cart line that is required for the discount candidate to be applicable. */
export type CartLinePrerequisite = {
  /** The ID of the prerequisite cart line. */
  id: string;
  /** The number of line items that are required for the discount candidate to be applicable. */
  quantity: number;
};

/** Defines discount candidates, which are cart lines that may be eligible for potential discounts. */
export type ProductDiscountCandidateTarget = { cartLine: CartLineTarget };

/** A method for applying a discount to a specific line item in the cart. */
export type CartLineTarget = {
  /** The ID of the targeted cart line. */
  id: string;
  /** The number of line items that are being discounted. */
  quantity?: number | null;
};

/** The value of the discount candidate to be applied to a cart line. */
export type ProductDiscountCandidateValue =
  { fixedAmount: ProductDiscountCandidateFixedAmount } | { percentage: Percentage };

/** The [fixed-amount](https://help.shopify.com/manual/international/pricing/discounts) value of the discount to be applied to a cart line. */
export type ProductDiscountCandidateFixedAmount = {
  /** The [fixed-amount](https://help.shopify.com/manual/international/pricing/discounts) value of the discount to be applied to a cart line, in the currency of the cart. */
  amount: string;
  /** Whether to apply the value of each eligible discount to each eligible cart line. */
  appliesToEachItem?: boolean | null;
};
