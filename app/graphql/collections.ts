// Admin GraphQL documents about collections.

/** One page of a collection's products: how the sync expands a collection anchor to its products. */
export const COLLECTION_PRODUCTS_QUERY = `#graphql
  query AttachCollectionProducts($id: ID!, $after: String) {
    collection(id: $id) {
      id
      products(first: 250, after: $after) {
        nodes {
          id
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export interface CollectionProductsData {
  collection: {
    id: string;
    products: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  } | null;
}
