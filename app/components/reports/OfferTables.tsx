// The per-offer tables as tabs, each sortable by any column, each heading explained in a tooltip;
// loss-making offers are flagged in the profitability table. The server sorts every offer and sends
// one page of each table (a shop may have thousands of offers): sorting and paging ask for another
// view of the table (`onView`, which the page turns into its query).
import { Badge, Box, Card, DataTable, InlineStack, Tabs, Text, Tooltip } from "@shopify/polaris";
import { useState } from "react";
import { OFFERS_PER_PAGE, type OfferTable, type TableView } from "../../domain/report-tables";

export function OfferTables({ tables, onView }: { tables: OfferTable[]; onView: (view: TableView) => void }) {
  const [selected, setSelected] = useState(0);
  const table = tables[selected]!;
  const first = table.page * OFFERS_PER_PAGE;
  const view = (change: Partial<TableView>) =>
    onView({
      table: table.id,
      column: table.sort.column,
      direction: table.sort.direction,
      page: table.page,
      ...change,
    });

  return (
    <Card padding="0">
      <Tabs tabs={tables.map((t) => ({ id: t.id, content: t.name }))} selected={selected} onSelect={setSelected}>
        {table.rows.length === 0 ? (
          <Box padding="400">
            <Text as="p" tone="subdued">
              No bundle or pairing was shown, taken up or anchored in an order in this range.
            </Text>
          </Box>
        ) : (
          <DataTable
            key={`${table.id}:${table.sort.column}:${table.sort.direction}`}
            columnContentTypes={table.columns.map((c) => (c.numeric ? "numeric" : "text"))}
            headings={table.columns.map((c) => (
              <Tooltip key={c.label} content={c.help} hasUnderline>
                <span>{c.label}</span>
              </Tooltip>
            ))}
            rows={table.rows.map((row) =>
              row.cells.map((cell, i) =>
                i === 0 && table.id === "profitability" && row.lossMaking ? (
                  <InlineStack key={i} gap="200" wrap={false}>
                    <span>{cell}</span>
                    <Badge tone="critical">Loses money</Badge>
                  </InlineStack>
                ) : (
                  cell
                ),
              ),
            )}
            sortable={table.columns.map(() => true)}
            initialSortColumnIndex={table.sort.column}
            defaultSortDirection={table.sort.direction}
            onSort={(column, direction) =>
              view({ column, direction: direction === "ascending" ? "ascending" : "descending", page: 0 })
            }
            totals={table.totals}
            totalsName={table.totals ? { singular: "All offers", plural: "All offers" } : undefined}
            pagination={
              table.rowCount > OFFERS_PER_PAGE
                ? {
                    hasPrevious: table.page > 0,
                    onPrevious: () => view({ page: table.page - 1 }),
                    hasNext: first + table.rows.length < table.rowCount,
                    onNext: () => view({ page: table.page + 1 }),
                    label: `${first + 1}–${first + table.rows.length} of ${table.rowCount} offers`,
                  }
                : undefined
            }
          />
        )}
      </Tabs>
    </Card>
  );
}
