// Admin GraphQL documents for the shop's settings.

/** The shop's id (the owner of shop metafields) and the app's widget settings metafield, if written. */
export const SHOP_WIDGET_SETTINGS_QUERY = `#graphql
  query AttachShopWidgetSettings($namespace: String!, $key: String!) {
    shop {
      id
      metafield(namespace: $namespace, key: $key) {
        type
        value
      }
    }
  }
`;

export interface ShopWidgetSettingsData {
  shop: { id: string; metafield: { type: string; value: string } | null };
}
