import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { offerCsvRows, parseReportRange, summaryCsvRows } from "../domain/report";
import { uptakeReport } from "../services/reports.server";
import { authenticate } from "../shopify.server";

const TABLES = { offers: offerCsvRows, summary: summaryCsvRows } as const;

// The report as CSV: ?table=offers (default: one row per bundle and pairing) or ?table=summary
// (every figure with how it is computed), for ?from=YYYY-MM-DD&to=YYYY-MM-DD (default: last 30 days).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const table = params.get("table") ?? "offers";
  if (!(table in TABLES)) return new Response("table must be offers or summary", { status: 400 });
  const { range, errors } = parseReportRange({ from: params.get("from"), to: params.get("to") }, new Date());
  if (errors.length > 0) return new Response(errors.map((e) => e.message).join("\n"), { status: 400 });
  const report = await uptakeReport(session.shop, range);
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
