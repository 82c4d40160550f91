import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { followUpCsvRows } from "../domain/follow-up";
import { listFollowUps } from "../services/follow-up.server";
import { authenticate } from "../shopify.server";

// Every follow-up offer of the shop as CSV, for the merchant's email tool: customer, code, complement,
// status and why, when it is due, was sent and expires, and the revenue of the order that redeemed it.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const offers = await listFollowUps(session.shop);
  // RFC 4180 line endings, and a byte order mark so spreadsheet apps read UTF-8 right.
  const body = stringify(followUpCsvRows(offers), { bom: true, record_delimiter: "windows" });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="attach-follow-ups.csv"',
      "Cache-Control": "no-store",
    },
  });
};
