// Admin GraphQL documents for follow-up offers: the complement's title and handle, the single-use code,
// its deletion on revocation, and the Flow trigger. The customer metafield goes through METAFIELDS_SET_MUTATION.

export const FOLLOW_UP_PRODUCT_QUERY = `#graphql
  query AttachFollowUpProduct($id: ID!) {
    product(id: $id) {
      id
      title
      handle
    }
  }
`;

export interface FollowUpProductData {
  product: { id: string; title: string; handle: string } | null;
}

/** The customer's follow-up metafield, to clear it when the code it shows is revoked. */
export const FOLLOW_UP_CUSTOMER_METAFIELD_QUERY = `#graphql
  query AttachFollowUpCustomerMetafield($id: ID!, $namespace: String!, $key: String!) {
    customer(id: $id) {
      metafield(namespace: $namespace, key: $key) {
        value
      }
    }
  }
`;

export interface FollowUpCustomerMetafieldData {
  customer: { metafield: { value: string } | null } | null;
}

/** A percentage-off code for one product and one customer, usable once, until endsAt. */
export const FOLLOW_UP_CODE_CREATE_MUTATION = `#graphql
  mutation AttachFollowUpCodeCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export interface FollowUpCodeCreateData {
  discountCodeBasicCreate: {
    codeDiscountNode: { id: string } | null;
    userErrors: Array<{ field: string[] | null; message: string; code: string | null }>;
  } | null;
}

export const FOLLOW_UP_CODE_DELETE_MUTATION = `#graphql
  mutation AttachFollowUpCodeDelete($id: ID!) {
    discountCodeDelete(id: $id) {
      deletedCodeDiscountId
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export interface FollowUpCodeDeleteData {
  discountCodeDelete: {
    deletedCodeDiscountId: string | null;
    userErrors: Array<{ field: string[] | null; message: string; code: string | null }>;
  } | null;
}

/** Starts the merchant's workflows that begin with the app's "Follow-up offer ready" trigger. */
export const FLOW_TRIGGER_RECEIVE_MUTATION = `#graphql
  mutation AttachFlowTriggerReceive($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors {
        field
        message
      }
    }
  }
`;

export interface FlowTriggerReceiveData {
  flowTriggerReceive: { userErrors: Array<{ field: string[] | null; message: string }> } | null;
}
