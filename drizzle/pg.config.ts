// PostgreSQL migrations (issue 17): `npm run db:generate:pg` writes them to drizzle/pg/ from schema.pg.ts.
// The SQLite migrations stay in drizzle/ (drizzle.config.ts), where existing deployments read them.
// Generating needs no database; the URL is only for drizzle-kit's commands that connect.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	schema: './src/lib/server/db/schema.pg.ts',
	out: './drizzle/pg',
	dialect: 'postgresql',
	dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost:5432/zhizhi' },
	strict: true,
	verbose: true
});
