// The per-offer tables as tabs, each sortable by any column, each heading explained in a tooltip;
// loss-making offers are flagged in the profitability table. A page shows 50 offers (a shop may have
// thousands): sorting sorts them all, then pages through the sorted list.
import { Badge, Box, Card, DataTable, InlineStack, Tabs, Text, Tooltip, type SortDirection } from "@shopify/polaris";
import { useMemo, useState } from "react";
import { sortRows, type OfferTable } from "../../domain/report-tables";

export const OFFERS_PER_PAGE = 50;

export function OfferTables({ tables }: { tables: OfferTable[] }) {
  const [selected, setSelected] = useState(0);
  const table = tables[selected]!;
  const [sorts, setSorts] = useState<Record<string, { column: number; direction: SortDirection }>>({});
  const sort = sorts[table.id] ?? { column: table.initialSort, direction: "descending" as const };
  const rows = useMemo(
    () => sortRows(table.rows, sort.column, sort.direction === "ascending" ? "ascending" : "descending"),
    [table, sort.column, sort.direction],
  );
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / OFFERS_PER_PAGE));
  const shown = Math.min(page, pages - 1);
  const first = shown * OFFERS_PER_PAGE;
  const pageRows = rows.slice(first, first + OFFERS_PER_PAGE);

  return (
    <Card padding="0">
      <Tabs
        tabs={tables.map((t) => ({ id: t.id, content: t.name }))}
        selected={selected}
        onSelect={(index) => {
          setSelected(index);
          setPage(0);
        }}
      >
        {rows.length === 0 ? (
          <Box padding="400">
            <Text as="p" tone="subdued">
              No bundle or pairing was shown, taken up or anchored in an order in this range.
            </Text>
          </Box>
        ) : (
          <DataTable
            key={table.id}
            columnContentTypes={table.columns.map((c) => (c.numeric ? "numeric" : "text"))}
            headings={table.columns.map((c) => (
              <Tooltip key={c.label} content={c.help} hasUnderline>
                <span>{c.label}</span>
              </Tooltip>
            ))}
            rows={pageRows.map((row) =>
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
            initialSortColumnIndex={sort.column}
            defaultSortDirection="descending"
            onSort={(column, direction) => {
              setSorts((all) => ({ ...all, [table.id]: { column, direction } }));
              setPage(0);
            }}
            totals={table.totals}
            totalsName={table.totals ? { singular: "All offers", plural: "All offers" } : undefined}
            pagination={
              pages > 1
                ? {
                    hasPrevious: shown > 0,
                    onPrevious: () => setPage(shown - 1),
                    hasNext: shown < pages - 1,
                    onNext: () => setPage(shown + 1),
                    label: `${first + 1}–${first + pageRows.length} of ${rows.length} offers`,
                  }
                : undefined
            }
          />
        )}
      </Tabs>
    </Card>
  );
}
