// Admin GraphQL documents that write the app's metafields.

/** Sets up to 25 metafields, atomically (one error and none is written). */
export const METAFIELDS_SET_MUTATION = `#graphql
  mutation AttachMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        key
        namespace
      }
      userErrors {
        field
        message
        code
        elementIndex
      }
    }
  }
`;

export interface MetafieldsSetData {
  metafieldsSet: {
    metafields: Array<{ key: string; namespace: string }> | null;
    userErrors: Array<{ field: string[] | null; message: string; code: string | null; elementIndex: number | null }>;
  } | null;
}

/** Deletes metafields by owner, namespace and key; a metafield that does not exist comes back as null. */
export const METAFIELDS_DELETE_MUTATION = `#graphql
  mutation AttachMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        key
        namespace
        ownerId
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export interface MetafieldsDeleteData {
  metafieldsDelete: {
    deletedMetafields: Array<{ key: string; namespace: string; ownerId: string } | null> | null;
    userErrors: Array<{ field: string[] | null; message: string }>;
  } | null;
}
