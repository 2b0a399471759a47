// PostgreSQL addresses (DATABASE_URL) as node-postgres reads them. A local socket's address has no host
// (postgres://zhizhi@/zhizhi?host=/run/postgresql), so it is not a URL to `new URL()`.
import pg from 'pg';

/** The database a postgres:// address names. */
export function postgresDatabaseOf(url: string): string {
	return new pg.Client({ connectionString: url }).database ?? '';
}

/** The same PostgreSQL address as `url` (server, user, password, options), for its database `name`. */
export function withPostgresDatabase(url: string, name: string): string {
	const address = /^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?/.exec(url);
	if (!address) throw new Error('Not a postgres:// address.');
	return `${address[1]}/${encodeURIComponent(name)}${url.slice(address[0].length)}`;
}
