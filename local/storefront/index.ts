// The storefront half of the local Shopify emulator: the Online Store (theme, app blocks, Liquid),
// the Ajax Cart and Section Rendering APIs, and the app proxy. Wire `storefrontHandler` to the shop
// state (a `() => EmulatedShop` getter) and to the checkout and discount hooks.
export { storefrontHandler, CART_COOKIE, CUSTOMER_COOKIE } from "./http";
export type { StorefrontOptions, CheckoutInput, CheckoutResult } from "./http";
export { defaultThemeEditorState } from "./theme";
export type { ThemeEditorState, PlacedBlock, TemplateName } from "./theme";
export { noDiscounts } from "./cart";
export type {
  Cart,
  CartLine,
  CartStore,
  CartPricing,
  CartPricingInput,
  LineDiscount,
  PriceCart,
  PricedCart,
  PricedLine,
} from "./cart";
export { signAppProxyQuery, verifyAppProxySignature, readAppProxyConfig, loadAppProxyConfig } from "./app-proxy";
export type { AppProxyConfig } from "./app-proxy";
export { loadThemeAppExtensions } from "./extensions";
export type { ThemeAppExtension, ThemeAppBlock, BlockSchema } from "./extensions";
export { liquidNamespace } from "./objects";
