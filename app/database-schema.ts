// Derives the PostgreSQL Prisma schema from the canonical SQLite one (prisma/schema.prisma):
// only the datasource and the generated client's location differ. The SQLite client is generated
// to Prisma's default location (@prisma/client, which Shopify's session storage imports); the
// PostgreSQL client goes to prisma/generated/postgresql.
export function derivePostgresSchema(sqliteSchema: string): string {
  const derived = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = env("DATABASE_URL")')
    .replace(/engineType\s*=\s*"client"/, 'engineType = "client"\n  output     = "../generated/postgresql"');
  if (/"sqlite"|"file:/.test(derived) || !derived.includes('"../generated/postgresql"')) {
    throw new Error(
      "prisma/schema.prisma: cannot derive the PostgreSQL schema; its datasource must be sqlite with a file: url " +
        'and its generator must set engineType = "client"',
    );
  }
  return "// GENERATED from prisma/schema.prisma by scripts/db.ts: do not edit; edit prisma/schema.prisma.\n" + derived;
}
