import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { dailyCsvRows, offerCsvRows, parseComparison, parseReportRange, summaryCsvRows } from "../domain/report";
import { shopTimeZone, uptakeReport } from "../services/reports.server";
import { authenticate } from "../shopify.server";

const TABLES = { offers: offerCsvRows, summary: summaryCsvRows, daily: dailyCsvRows } as const;

// The report as CSV: ?table=offers (default: one row per bundle and pairing, with its widget funnel),
// ?table=summary (every figure, its value in the comparison period, the change and how it is computed)
// or ?table=daily (one row per day), for ?from=YYYY-MM-DD&to=YYYY-MM-DD (default: last 30 days) and
// ?compare=previous|last_year (default: previous).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const table = params.get("table") ?? "offers";
  if (!Object.hasOwn(TABLES, table)) return new Response("table must be offers, summary or daily", { status: 400 });
  const timeZone = await shopTimeZone(session.shop);
  const { range, errors } = parseReportRange({ from: params.get("from"), to: params.get("to") }, new Date(), timeZone);
  const comparison = parseComparison(params.get("compare"));
  const refused = [...errors, ...comparison.errors];
  if (refused.length > 0)
    return new Response(refused.map((e) => `${e.field}: ${e.message}`).join("\n"), { status: 400 });
  const report = await uptakeReport(session.shop, range, comparison.kind);
  // RFC 4180 line endings, and a byte order mark so spreadsheet apps read the UTF-8 titles right.
  const body = stringify(TABLES[table as keyof typeof TABLES](report), { bom: true, record_delimiter: "windows" });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="attach-${table}-${range.from}-to-${range.to}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
