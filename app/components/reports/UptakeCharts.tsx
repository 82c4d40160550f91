// The report's time series as charts (Shopify's polaris-viz): revenue per day split into bundle and
// pairing revenue and the rest, and the attach rate per day with the comparison period dashed.
// polaris-viz measures the page with browser APIs, so the charts render in the browser only (after
// mounting); the server sends a placeholder of the same height. Charts are not readable by screen
// readers: the same figures are in a visually hidden table.
import { Box, DataTable, InlineGrid, BlockStack, Card, Text } from "@shopify/polaris";
import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useEffect, useState } from "react";
import { formatMoney } from "../../domain/money";

export interface ChartDay {
  day: string;
  offerRevenueAmount: number;
  otherRevenueAmount: number;
  /** Attach rate in percent, one decimal; null without orders. */
  attachRate: number | null;
}

export interface UptakeChartsProps {
  currency: string;
  days: ChartDay[];
  /** The comparison period, day by day in the same order (its first day against the range's first day). */
  comparisonDays: ChartDay[];
  comparisonLabel: string;
}

const CHART_HEIGHT = 260;

function useMounted() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

const shortDay = (key: string | number | null) =>
  new Date(`${key}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

export function UptakeCharts({ currency, days, comparisonDays, comparisonLabel }: UptakeChartsProps) {
  const mounted = useMounted();
  const money = (value: string | number | null) => formatMoney({ amount: Math.round(Number(value ?? 0)), currency });
  const revenue = [
    { name: "Bundles and pairings", data: days.map((d) => ({ key: d.day, value: d.offerRevenueAmount })) },
    { name: "Other sales", data: days.map((d) => ({ key: d.day, value: d.otherRevenueAmount })) },
  ];
  const attachRate = [
    { name: "Attach rate", data: days.map((d) => ({ key: d.day, value: d.attachRate })) },
    {
      name: `Attach rate, ${comparisonLabel}`,
      isComparison: true,
      data: days.map((d, i) => ({ key: d.day, value: comparisonDays[i]?.attachRate ?? null })),
    },
  ];
  const placeholder = <Box minHeight={`${CHART_HEIGHT}px`} />;

  return (
    <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Revenue by day
          </Text>
          <div style={{ height: CHART_HEIGHT }} aria-hidden="true">
            {mounted ? (
              <PolarisVizProvider>
                <BarChart
                  data={revenue}
                  type="stacked"
                  xAxisOptions={{ labelFormatter: shortDay }}
                  yAxisOptions={{ labelFormatter: money }}
                  tooltipOptions={{ valueFormatter: money, titleFormatter: shortDay }}
                />
              </PolarisVizProvider>
            ) : (
              placeholder
            )}
          </div>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Attach rate by day
          </Text>
          <div style={{ height: CHART_HEIGHT }} aria-hidden="true">
            {mounted ? (
              <PolarisVizProvider>
                <LineChart
                  data={attachRate}
                  xAxisOptions={{ labelFormatter: shortDay }}
                  yAxisOptions={{ labelFormatter: (value) => `${value}%` }}
                  tooltipOptions={{
                    valueFormatter: (value) => (value === null ? "—" : `${value}%`),
                    titleFormatter: shortDay,
                  }}
                />
              </PolarisVizProvider>
            ) : (
              placeholder
            )}
          </div>
        </BlockStack>
      </Card>
      <Box visuallyHidden>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
          headings={[
            "Day",
            "Bundle and pairing revenue",
            "Other sales",
            "Attach rate",
            `Attach rate, ${comparisonLabel}`,
          ]}
          rows={days.map((d, i) => [
            d.day,
            money(d.offerRevenueAmount),
            money(d.otherRevenueAmount),
            d.attachRate === null ? "—" : `${d.attachRate}%`,
            comparisonDays[i]?.attachRate == null ? "—" : `${comparisonDays[i]!.attachRate}%`,
          ])}
        />
      </Box>
    </InlineGrid>
  );
}
