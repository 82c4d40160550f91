import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { ExcludedCustomersCard } from "../components/reports/ExcludedCustomersCard";
import { FollowUpsCard } from "../components/reports/FollowUpsCard";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  Select,
  Text,
  TextField,
  Tooltip,
} from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useState } from "react";
import { OfferTables } from "../components/reports/OfferTables";
import { UptakeCharts, type ChartDay } from "../components/reports/UptakeCharts";
import { parseTableView, type OfferTable, type TableView } from "../domain/report-tables";
import { formatMoney } from "../domain/money";
import {
  comparisonLabel,
  divideRounded,
  parseComparison,
  parseReportRange,
  percentChangeText,
  rateChangeText,
  ratioText,
  REPORT_FIGURE_HELP,
  type DailyFigures,
  type Ratio,
  type ReportFigures,
  type UptakeReport,
} from "../domain/report";
import { reportPage, shopTimeZone } from "../services/reports.server";
import { exclusionSummary } from "../services/customer-signals.server";
import { followUpSummary } from "../services/follow-up.server";
import { authenticate } from "../shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const timeZone = await shopTimeZone(session.shop);
  const { range, errors } = parseReportRange({ from: params.get("from"), to: params.get("to") }, new Date(), timeZone);
  const comparison = parseComparison(params.get("compare"));
  const [{ report, tables }, excluded, followUps] = await Promise.all([
    reportPage(session.shop, range, comparison.kind, parseTableView(params)),
    exclusionSummary(session.shop),
    followUpSummary(session.shop),
  ]);
  return {
    range,
    compare: comparison.kind,
    errors: [...errors, ...comparison.errors],
    ...reportView(report, tables),
    excluded,
    followUps,
  };
};

const rateText = (rate: Ratio | null) => (rate ? ratioText(rate) : "—");

/** Each table column's explanation once, for the "How these numbers are counted" list. */
const tableColumnsExplained = (tables: OfferTable[]) => {
  const seen = new Map<string, { label: string; help: string }>();
  for (const { label, help } of tables.flatMap((table) => table.columns.slice(2))) {
    if (!seen.has(label)) seen.set(label, { label, help });
  }
  return [...seen.values()];
};

/** Attach rate in percent with one decimal, as a number for the chart. */
const attachPercent = (day: DailyFigures) => {
  const tenths = divideRounded(day.anchorAttachedOrders * 1000, day.anchorOrders);
  return tenths === null ? null : tenths / 10;
};

const chartDays = (daily: DailyFigures[]): ChartDay[] =>
  daily.map((day) => ({
    day: day.day,
    offerRevenueAmount: day.offerRevenueAmount,
    otherRevenueAmount: day.netSalesAmount - day.offerRevenueAmount,
    attachRate: attachPercent(day),
  }));

/** The report as the page shows it: amounts formatted in the shop's currency from minor units. */
function reportView(report: UptakeReport, tables: OfferTable[]) {
  const money = (amount: number | null) => (amount === null ? "—" : formatMoney({ amount, currency: report.currency }));
  const previous = report.comparison.figures;
  const label = comparisonLabel(report.comparison.kind, report.range);
  const versus = (change: string | null) => `${change ?? "—"} vs ${label}`;
  const amountChange = (of: (f: ReportFigures) => number | null) => versus(percentChangeText(of(report), of(previous)));
  const rateChange = (of: (f: ReportFigures) => Ratio | null) => versus(rateChangeText(of(report), of(previous)));
  const H = REPORT_FIGURE_HELP;
  return {
    currency: report.currency,
    timeZone: report.timeZone,
    comparison: { range: report.comparison.range, label },
    cards: [
      { label: "Orders", value: String(report.orders), change: amountChange((f) => f.orders), help: H.orders },
      {
        label: "Attach rate",
        value: rateText(report.attachRate),
        detail: `${report.anchorAttachedOrders} of ${report.anchorOrders} orders with an anchor product`,
        change: rateChange((f) => f.attachRate),
        help: H.attachRate,
      },
      {
        label: "Bundle and pairing orders",
        value: String(report.attachedOrders),
        change: amountChange((f) => f.attachedOrders),
        help: H.bundleOrders,
      },
      {
        label: "Bundle and pairing revenue",
        value: money(report.offerRevenueAmount),
        change: amountChange((f) => f.offerRevenueAmount),
        help: H.offerRevenue,
      },
      {
        label: "Discount given",
        value: money(report.discountGivenAmount),
        change: amountChange((f) => f.discountGivenAmount),
        help: H.discountGiven,
      },
      {
        label: "Net sales",
        value: money(report.netSalesAmount),
        change: amountChange((f) => f.netSalesAmount),
        help: H.netSales,
      },
      {
        label: "Average order value",
        value: money(report.averageOrderValueAmount),
        detail: `Bundle orders ${money(report.attachedAverageOrderValueAmount)} · others ${money(report.otherAverageOrderValueAmount)}`,
        change: amountChange((f) => f.averageOrderValueAmount),
        help: H.averageOrderValue,
      },
      {
        label: "Revenue per customer",
        value: money(report.revenuePerCustomerAmount),
        detail: `${report.customers} customers`,
        change: amountChange((f) => f.revenuePerCustomerAmount),
        help: H.revenuePerCustomer,
      },
      {
        label: "Repeat purchase rate",
        value: rateText(report.repeatPurchaseRate.bundleBuyers),
        detail: `Bundle buyers ${rateText(report.repeatPurchaseRate.bundleBuyers)} · others ${rateText(report.repeatPurchaseRate.otherBuyers)}`,
        change: rateChange((f) => f.repeatPurchaseRate.bundleBuyers),
        help: H.repeatPurchaseRate,
      },
      {
        label: "Organic co-purchases",
        value: money(report.organic.netRevenueAmount),
        detail: `${report.organic.orders} orders, not counted as uptake`,
        change: amountChange((f) => f.organic.netRevenueAmount),
        help: H.organic,
      },
    ],
    chart: { days: chartDays(report.daily), comparisonDays: chartDays(report.comparison.daily) },
    tables,
  };
}

const COMPARISONS = [
  { label: "Previous period", value: "previous" },
  { label: "Same period last year", value: "last_year" },
];

export default function Reports() {
  const { range, compare, errors, currency, timeZone, comparison, cards, chart, tables, excluded, followUps } =
    useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  // A table sorted or paged is a new query: the server sorts the offers and sends the page.
  const [params, setParams] = useSearchParams();
  const showTable = (view: TableView) => {
    const next = new URLSearchParams(params);
    next.set("table", view.table);
    next.set("sort", String(view.column));
    next.set("order", view.direction);
    next.set("page", String(view.page));
    setParams(next, { preventScrollReset: true });
  };
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [compareWith, setCompareWith] = useState<string>(compare);
  // Downloaded with fetch, which App Bridge signs with a session token (a plain link would not be).
  const exportCsv = async (table: "offers" | "summary" | "daily") => {
    const query = new URLSearchParams({ table, from: range.from, to: range.to, compare });
    const response = await fetch(`/app/reports/csv?${query}`);
    if (!response.ok) {
      shopify.toast.show("The export failed. Try again.", { isError: true });
      return;
    }
    const href = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = href;
    link.download = `attach-${table}-${range.from}-to-${range.to}.csv`;
    link.click();
    URL.revokeObjectURL(href);
  };

  const rangeWrong = errors.some((error) => error.field !== "compare");
  return (
    <Page title="Reports" subtitle="Bundle and pairing uptake, counted from your orders">
      <TitleBar title="Reports" />
      <Layout>
        {errors.length > 0 && (
          <Layout.Section>
            <Banner
              tone="warning"
              title={rangeWrong ? "Showing the last 30 days instead" : "Comparing with the previous period instead"}
            >
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
                <Select
                  label="Compare with"
                  name="compare"
                  options={COMPARISONS}
                  value={compareWith}
                  onChange={setCompareWith}
                />
                <Button submit>Apply</Button>
                <Button onClick={() => exportCsv("offers")}>Export CSV</Button>
                <Button variant="plain" onClick={() => exportCsv("summary")}>
                  Export summary CSV
                </Button>
                <Button variant="plain" onClick={() => exportCsv("daily")}>
                  Export daily CSV
                </Button>
              </InlineStack>
            </Form>
            <Box paddingBlockStart="200">
              <Text as="p" tone="subdued">
                Days are in your shop&apos;s time zone ({timeZone}). Changes compare with {comparison.range.from} to{" "}
                {comparison.range.to} ({comparison.label}).
              </Text>
            </Box>
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
          <UptakeCharts
            currency={currency}
            days={chart.days}
            comparisonDays={chart.comparisonDays}
            comparisonLabel={comparison.label}
          />
        </Layout.Section>
        <Layout.Section>
          <OfferTables tables={tables} onView={showTable} />
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                How these numbers are counted
              </Text>
              <List>
                {[...cards, ...tableColumnsExplained(tables)].map((card) => (
                  <List.Item key={card.label}>
                    <Text as="span" fontWeight="semibold">
                      {card.label}:
                    </Text>{" "}
                    {card.help}
                  </List.Item>
                ))}
                <List.Item>
                  <Text as="span" fontWeight="semibold">
                    Changes:
                  </Text>{" "}
                  {REPORT_FIGURE_HELP.comparison}
                </List.Item>
              </List>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <ExcludedCustomersCard summary={excluded} />
        </Layout.Section>
        <Layout.Section>
          <FollowUpsCard summary={followUps} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Figure({
  label,
  value,
  detail,
  change,
  help,
}: {
  label: string;
  value: string;
  detail?: string;
  change: string;
  help: string;
}) {
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
        <Text as="p" variant="bodySm" tone="subdued">
          {change}
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
