// Admin GraphQL documents for the order history import (the backfill): a count for the progress bar,
// and a bulk operation over the orders of the last 12 months.
// https://shopify.dev/docs/api/usage/bulk-operations/queries

/** How many orders were created since a date (`query: "created_at:>=…"`); capped by `limit`. */
export const ORDERS_COUNT_QUERY = `#graphql
  query AttachOrdersCount($query: String!) {
    ordersCount(query: $query, limit: null) {
      count
      precision
    }
  }
`;

/**
 * The bulk query, sent as text: bulk queries take no variables, so the service writes the start date
 * over the one in `created_at:>='…'`. Its result is read by app/domain/order-history.ts.
 */
export const ORDER_HISTORY_BULK_QUERY = `#graphql
  query AttachOrderHistory {
    orders(query: "created_at:>='1970-01-01T00:00:00Z'", sortKey: CREATED_AT) {
      edges {
        node {
          id
          name
          processedAt
          cancelledAt
          currencyCode
          customer {
            id
          }
          subtotalPriceSet {
            shopMoney {
              amount
              currencyCode
            }
          }
          totalDiscountsSet {
            shopMoney {
              amount
              currencyCode
            }
          }
          lineItems {
            edges {
              node {
                id
                quantity
                currentQuantity
                product {
                  id
                }
                variant {
                  id
                }
                originalUnitPriceSet {
                  shopMoney {
                    amount
                  }
                }
                discountedTotalSet {
                  shopMoney {
                    amount
                  }
                }
                customAttributes {
                  key
                  value
                }
                discountAllocations {
                  allocatedAmountSet {
                    shopMoney {
                      amount
                    }
                  }
                  discountApplication {
                    ... on AutomaticDiscountApplication {
                      title
                    }
                    ... on ManualDiscountApplication {
                      title
                    }
                    ... on ScriptDiscountApplication {
                      title
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

export const BULK_OPERATION_RUN_QUERY = `#graphql
  mutation AttachBulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** A bulk operation's progress and, once completed, where its JSONL result is (the URL expires after a week). */
export const BULK_OPERATION_QUERY = `#graphql
  query AttachBulkOperation($id: ID!) {
    node(id: $id) {
      ... on BulkOperation {
        id
        status
        errorCode
        objectCount
        url
      }
    }
  }
`;
