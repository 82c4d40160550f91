// npm run bench [-- section…] — every benchmark, or the named sections, one child process each (a
// database client is chosen at import, so each provider gets its own process). Not timed tests: each
// section prints its figures.
//
//   npm run bench                      all sections
//   npm run bench -- function mining   only those
import { spawnSync } from "node:child_process";

interface Section {
  name: string;
  title: string;
  /** tsx script and its arguments */
  command: string[];
}

const SECTIONS: Section[] = [
  { name: "function", title: "Bundle discount Function: sizes and run time", command: ["bench/function.section.ts"] },
  {
    name: "ingestion",
    title: "Webhook ingestion throughput, SQLite then PostgreSQL (2,000 orders, 8 in flight)",
    command: ["bench/ingestion.bench.ts", "sqlite", "2000", "8"],
  },
  { name: "ingestion", title: "", command: ["bench/ingestion.bench.ts", "postgresql", "2000", "8"] },
  {
    name: "reports",
    title: "Report latency at 1,000,000 orders, SQLite then PostgreSQL",
    command: ["bench/reports.bench.ts", "sqlite", "1000000", "10000", "40"],
  },
  { name: "reports", title: "", command: ["bench/reports.bench.ts", "postgresql", "1000000", "10000", "40"] },
  {
    name: "load",
    title:
      "Load over loopback HTTP: webhook inbox and event beacon, SQLite then PostgreSQL (2,000 each, 16 connections, ≤ 60 s)",
    command: ["bench/load.bench.ts", "sqlite", "2000", "2000", "16", "60"],
  },
  { name: "load", title: "", command: ["bench/load.bench.ts", "postgresql", "2000", "2000", "16", "60"] },
  {
    name: "backfill",
    title: "Order history import (5,000 seeded orders via a bulk operation), SQLite then PostgreSQL",
    command: ["bench/backfill.bench.ts", "sqlite", "5000"],
  },
  { name: "backfill", title: "", command: ["bench/backfill.bench.ts", "postgresql", "5000"] },
  {
    name: "mining",
    title: "Co-purchase mining: 100,000 and 1,000,000 orders over 20,000 products",
    command: ["bench/mining.bench.ts"],
  },
  {
    name: "lighthouse",
    title: "Storefront widget's cost to a product page, Lighthouse mobile preset (Playwright estimate, 3 runs)",
    command: ["bench/lighthouse.bench.ts", "3"],
  },
];

const names = new Set(SECTIONS.map((s) => s.name));
const args = process.argv.slice(2);
// Section names pick sections; anything else (e.g. --write-inputs DIR) goes to the function section.
const wanted = args.filter((arg) => names.has(arg));
const passThrough = args.filter((arg) => !names.has(arg));

let failed = false;
for (const section of SECTIONS) {
  if (wanted.length > 0 && !wanted.includes(section.name)) continue;
  if (section.title) console.log(`\n=== ${section.name}: ${section.title} ===`);
  const args = section.name === "function" ? [...section.command, ...passThrough] : section.command;
  const run = spawnSync(process.execPath, ["--import", "tsx", ...args], { stdio: "inherit" });
  if (run.status !== 0) {
    console.error(`bench section ${section.name} failed (exit ${run.status ?? run.signal})`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
