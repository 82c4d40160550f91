// Admin GraphQL documents for responsible targeting: customers by tag, and the app-owned exclusion tag.

/** Customers matching a search (e.g. `tag:'attach-excluded'`), 250 a page (Shopify's most), with their tags. */
export const CUSTOMERS_BY_SEARCH_QUERY = `#graphql
  query AttachCustomersBySearch($query: String!, $after: String) {
    customers(first: 250, after: $after, query: $query) {
      nodes {
        id
        tags
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export interface CustomersBySearchData {
  customers: {
    nodes: Array<{ id: string; tags: string[] }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Adds tags to a customer (adding a tag it has changes nothing). */
export const CUSTOMER_TAGS_ADD_MUTATION = `#graphql
  mutation AttachCustomerTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

/** Removes tags from a customer (removing a tag it does not have changes nothing). */
export const CUSTOMER_TAGS_REMOVE_MUTATION = `#graphql
  mutation AttachCustomerTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

export interface TagsAddData {
  tagsAdd: { userErrors: Array<{ field: string[] | null; message: string }> } | null;
}

export interface TagsRemoveData {
  tagsRemove: { userErrors: Array<{ field: string[] | null; message: string }> } | null;
}
