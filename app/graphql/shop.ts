// Admin GraphQL documents about the shop itself.

/** The shop's currency (bundle amounts are in it) and time zone (the Function's schedule days). */
export const SHOP_QUERY = `#graphql
  query AttachShop {
    shop {
      currencyCode
      ianaTimezone
    }
  }
`;

export interface ShopQueryData {
  shop: { currencyCode: string; ianaTimezone: string };
}
