// The emulated checkout: the cart, priced by the storefront (with the discount Function when it is
// plugged in), becomes an order in the emulated shop, and the app hears of it by webhook.
import type { ShopStore } from "./admin-api/store";
import type { CheckoutInput, CheckoutResult } from "./storefront";
import { orderWebhookPayload } from "./webhooks";

export interface CheckoutOptions {
  store: ShopStore;
  deliver: (topic: string, payload: unknown) => Promise<void>;
}

export function checkoutHook({ store, deliver }: CheckoutOptions) {
  return async ({ shop, cart, customer }: CheckoutInput): Promise<CheckoutResult> => {
    const order = store.placeOrder({
      customerId: customer?.id ?? null,
      email: customer?.email ?? null,
      cancelledAt: null,
      currency: shop.currencyCode,
      refunds: [],
      tags: [],
      discountApplications: [...new Set(cart.lines.flatMap((l) => l.discounts.map((d) => d.title)))].map((title) => ({
        title,
        type: "automatic" as const,
        value: cart.lines.reduce(
          (sum, l) => sum + l.discounts.filter((d) => d.title === title).reduce((s, d) => s + d.amount, 0),
          0,
        ),
      })),
      lineItems: cart.lines.map((priced) => ({
        id: 0,
        productId: priced.product.id,
        variantId: priced.variant.id,
        title: priced.product.title,
        variantTitle: priced.variant.title,
        sku: priced.variant.sku,
        quantity: priced.line.quantity,
        price: priced.unitPrice,
        properties: Object.entries(priced.line.properties).map(([name, value]) => ({ name, value })),
        discountAllocations: priced.discounts.map((d) => ({ amount: d.amount, title: d.title })),
        isGiftCard: priced.product.isGiftCard,
      })),
    });
    await deliver("orders/create", orderWebhookPayload(order, shop.currencyCode));
    return { orderName: order.name, orderId: order.id };
  };
}
