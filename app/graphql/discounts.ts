// Admin GraphQL documents for the app's one automatic discount, which runs the bundle discount Function.

const APP_DISCOUNT_FIELDS = `#graphql
  fragment AttachAppDiscount on DiscountAutomaticApp {
    discountId
    title
    discountClasses
    combinesWith {
      orderDiscounts
      productDiscounts
      shippingDiscounts
    }
    appDiscountType {
      functionId
    }
  }
`;

/** The discount the app remembers (ShopSettings.discountId), with its config metafield. */
export const APP_DISCOUNT_QUERY = `#graphql
  query AttachAppDiscount($id: ID!, $namespace: String!, $key: String!) {
    automaticDiscountNode(id: $id) {
      id
      automaticDiscount {
        __typename
        ...AttachAppDiscount
      }
      metafield(namespace: $namespace, key: $key) {
        value
      }
    }
  }
  ${APP_DISCOUNT_FIELDS}
`;

/** The shop's app discounts: finds ours by its function when the app lost the id (e.g. a restored database). */
export const APP_DISCOUNTS_QUERY = `#graphql
  query AttachAppDiscounts($namespace: String!, $key: String!) {
    automaticDiscountNodes(first: 50, query: "type:app") {
      nodes {
        id
        automaticDiscount {
          __typename
          ...AttachAppDiscount
        }
        metafield(namespace: $namespace, key: $key) {
          value
        }
      }
    }
  }
  ${APP_DISCOUNT_FIELDS}
`;

export interface AppDiscount {
  __typename: "DiscountAutomaticApp";
  discountId: string;
  title: string;
  discountClasses: string[];
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  appDiscountType: { functionId: string };
}

export interface AppDiscountNode {
  id: string;
  automaticDiscount: AppDiscount | { __typename: string };
  metafield: { value: string } | null;
}

export interface AppDiscountData {
  automaticDiscountNode: AppDiscountNode | null;
}

export interface AppDiscountsData {
  automaticDiscountNodes: { nodes: AppDiscountNode[] };
}

const DISCOUNT_USER_ERRORS = `#graphql
  fragment AttachDiscountUserErrors on DiscountUserError {
    field
    message
    code
  }
`;

export const DISCOUNT_AUTOMATIC_APP_CREATE_MUTATION = `#graphql
  mutation AttachDiscountCreate($discount: DiscountAutomaticAppInput!) {
    discountAutomaticAppCreate(automaticAppDiscount: $discount) {
      automaticAppDiscount {
        discountId
      }
      userErrors {
        ...AttachDiscountUserErrors
      }
    }
  }
  ${DISCOUNT_USER_ERRORS}
`;

export const DISCOUNT_AUTOMATIC_APP_UPDATE_MUTATION = `#graphql
  mutation AttachDiscountUpdate($id: ID!, $discount: DiscountAutomaticAppInput!) {
    discountAutomaticAppUpdate(id: $id, automaticAppDiscount: $discount) {
      automaticAppDiscount {
        discountId
      }
      userErrors {
        ...AttachDiscountUserErrors
      }
    }
  }
  ${DISCOUNT_USER_ERRORS}
`;

export interface DiscountUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export interface DiscountCreateData {
  discountAutomaticAppCreate: {
    automaticAppDiscount: { discountId: string } | null;
    userErrors: DiscountUserError[];
  } | null;
}

export interface DiscountUpdateData {
  discountAutomaticAppUpdate: {
    automaticAppDiscount: { discountId: string } | null;
    userErrors: DiscountUserError[];
  } | null;
}
