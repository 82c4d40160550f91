// Shopify's mandatory privacy webhooks. What Attach holds about a customer: order facts (for
// attribution), customer signals (for responsible targeting). Storefront events hold no customer id.
import { modelDelegate, SHOP_OWNED_MODELS, shopData } from "./shop-scope.server";

interface CustomerPayload {
  customer?: { id?: number | string };
  orders_to_redact?: Array<number | string>;
  orders_requested?: Array<number | string>;
}

const customerGid = (id: number | string) => `gid://shopify/Customer/${id}`;
const orderGid = (id: number | string) => `gid://shopify/Order/${id}`;

export async function handlePrivacyRequest(shop: string, topic: string, payload: unknown) {
  const body = (payload ?? {}) as CustomerPayload;
  switch (topic) {
    case "SHOP_REDACT":
      return redactShop(shop);
    case "CUSTOMERS_REDACT":
      if (body.customer?.id === undefined) return;
      return redactCustomer(shop, customerGid(body.customer.id), (body.orders_to_redact ?? []).map(orderGid));
    case "CUSTOMERS_DATA_REQUEST":
      if (body.customer?.id === undefined) return;
      return customerData(shop, customerGid(body.customer.id));
  }
}

/** shop/redact (48 hours after uninstall): every row of the shop goes. */
export async function redactShop(shop: string) {
  await shopData(shop).$transaction(async (tx) => {
    for (const model of SHOP_OWNED_MODELS) {
      await modelDelegate(tx, model).deleteMany({});
    }
    await tx.session.deleteMany({ where: { shop } });
  });
}

/** customers/redact: the customer's signals go; their orders stay for the merchant's reports, anonymised. */
export async function redactCustomer(shop: string, customerId: string, orderIds: string[]) {
  const scoped = shopData(shop);
  await scoped.customerSignal.deleteMany({ where: { customerId } });
  await scoped.orderFact.updateMany({
    where: { OR: [{ customerId }, { orderId: { in: orderIds } }] },
    data: { customerId: null },
  });
}

/** customers/data_request: what we hold on the customer, for the merchant to pass on. */
export async function customerData(shop: string, customerId: string) {
  const scoped = shopData(shop);
  const [signals, orders] = await Promise.all([
    scoped.customerSignal.findMany({ where: { customerId } }),
    scoped.orderFact.findMany({ where: { customerId }, include: { lines: true } }),
  ]);
  return { customerId, signals, orders };
}
