import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  Text,
  TextField,
  Tooltip,
  type SortDirection,
} from "@shopify/polaris";
import { useMemo, useState } from "react";
import { formatMoney } from "../domain/money";
import { parseReportRange, ratioText, REPORT_FIGURE_HELP, type UptakeReport } from "../domain/report";
import { uptakeReport } from "../services/reports.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const { range, errors } = parseReportRange({ from: params.get("from"), to: params.get("to") }, new Date());
  const report = await uptakeReport(session.shop, range);
  return { range, errors, ...reportView(report) };
};

/** The report as the page shows it: amounts formatted in the shop's currency from minor units. */
function reportView(report: UptakeReport) {
  const money = (amount: number | null) => (amount === null ? "—" : formatMoney({ amount, currency: report.currency }));
  return {
    cards: [
      { label: "Orders", value: String(report.orders), help: REPORT_FIGURE_HELP.orders },
      {
        label: "Attach rate",
        value: report.attachRate ? ratioText(report.attachRate) : "—",
        detail: `${report.attachedOrders} of ${report.orders} orders`,
        help: REPORT_FIGURE_HELP.attachRate,
      },
      {
        label: "Bundle and pairing revenue",
        value: money(report.offerRevenueAmount),
        help: REPORT_FIGURE_HELP.offerRevenue,
      },
      { label: "Discount given", value: money(report.discountGivenAmount), help: REPORT_FIGURE_HELP.discountGiven },
      {
        label: "Average order value",
        value: money(report.averageOrderValueAmount),
        detail: `Bundle orders ${money(report.attachedAverageOrderValueAmount)} · others ${money(report.otherAverageOrderValueAmount)}`,
        help: REPORT_FIGURE_HELP.averageOrderValue,
      },
    ],
    secondary: [
      {
        label: "Revenue per customer",
        value: money(report.revenuePerCustomerAmount),
        detail: `${report.customers} customers`,
        help: REPORT_FIGURE_HELP.revenuePerCustomer,
      },
      {
        label: "Organic co-purchases",
        value: money(report.organic.netRevenueAmount),
        detail: `${report.organic.orders} orders, not counted as uptake`,
        help: REPORT_FIGURE_HELP.organic,
      },
    ],
    offers: report.offers.map((offer) => ({
      key: `${offer.type}:${offer.id}`,
      title: offer.title,
      type: offer.type === "bundle" ? "Bundle" : "Pairing",
      sortValues: [
        offer.title,
        offer.type,
        offer.orders,
        offer.netRevenueAmount,
        offer.discountAmount,
        offer.refundedAmount,
      ],
      cells: [
        offer.title,
        offer.type === "bundle" ? "Bundle" : "Pairing",
        String(offer.orders),
        money(offer.netRevenueAmount),
        money(offer.discountAmount),
        money(offer.refundedAmount),
      ],
    })),
  };
}

const HEADINGS = ["Offer", "Type", "Orders", "Net revenue", "Discount given", "Refunded"];

export default function Reports() {
  const { range, errors, cards, secondary, offers } = useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [sort, setSort] = useState<{ column: number; direction: SortDirection }>({
    column: 3,
    direction: "descending",
  });
  const rows = useMemo(() => {
    const sign = sort.direction === "descending" ? -1 : 1;
    return [...offers]
      .sort((a, b) => {
        const x = a.sortValues[sort.column]!;
        const y = b.sortValues[sort.column]!;
        return sign * (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)));
      })
      .map((offer) => offer.cells);
  }, [offers, sort]);

  // Downloaded with fetch, which App Bridge signs with a session token (a plain link would not be).
  const exportCsv = async () => {
    const query = new URLSearchParams({ from: range.from, to: range.to });
    const response = await fetch(`/app/reports/csv?${query}`);
    if (!response.ok) {
      shopify.toast.show("The export failed. Try again.", { isError: true });
      return;
    }
    const href = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = href;
    link.download = `attach-offers-${range.from}-to-${range.to}.csv`;
    link.click();
    URL.revokeObjectURL(href);
  };

  return (
    <Page title="Reports" subtitle="Bundle and pairing uptake, counted from your orders">
      <TitleBar title="Reports" />
      <Layout>
        {errors.length > 0 && (
          <Layout.Section>
            <Banner tone="warning" title="Showing the last 30 days instead">
              <List>
                {errors.map((error) => (
                  <List.Item key={`${error.field}:${error.message}`}>{error.message}</List.Item>
                ))}
              </List>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <Form method="get">
              <InlineStack gap="300" blockAlign="end" wrap>
                <TextField label="From" type="date" name="from" value={from} onChange={setFrom} autoComplete="off" />
                <TextField label="To" type="date" name="to" value={to} onChange={setTo} autoComplete="off" />
                <Button submit>Apply</Button>
                <Button onClick={exportCsv}>Export CSV</Button>
              </InlineStack>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 3, lg: 5 }} gap="400">
            {cards.map((card) => (
              <Figure key={card.label} {...card} />
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {rows.length === 0 ? (
              <Box padding="400">
                <Text as="p" tone="subdued">
                  No bundle or pairing was taken up in this range.
                </Text>
              </Box>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric"]}
                headings={HEADINGS}
                rows={rows}
                sortable={[true, true, true, true, true, true]}
                initialSortColumnIndex={3}
                defaultSortDirection="descending"
                onSort={(column, direction) => setSort({ column, direction })}
              />
            )}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
            {secondary.map((card) => (
              <Figure key={card.label} {...card} />
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                How these numbers are counted
              </Text>
              <List>
                {[...cards, ...secondary].map((card) => (
                  <List.Item key={card.label}>
                    <Text as="span" fontWeight="semibold">
                      {card.label}:
                    </Text>{" "}
                    {card.help}
                  </List.Item>
                ))}
              </List>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Figure({ label, value, detail, help }: { label: string; value: string; detail?: string; help: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Tooltip content={help} hasUnderline>
          <Text as="h3" variant="headingSm">
            {label}
          </Text>
        </Tooltip>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        {detail && (
          <Text as="p" tone="subdued">
            {detail}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
