// What differs between SQLite and PostgreSQL in the app's SQL, in one place. Everything else is written once with
// drizzle's query builders (see index.ts). Each helper here answers for both engines, and the server suite runs on
// both (see the README).
import { sql, type Column, type SQL } from 'drizzle-orm';
import { startEngine } from './engine.ts';
import { asPostgres, engineOf, type Executor } from './index.ts';

/** The first row a query returns, or undefined: better-sqlite3's `.get()`, for both engines. */
export async function first<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
	return (await query)[0];
}

/** The one row a write's `.returning()` gives (better-sqlite3's `.get()` on an insert): throws when there is none. */
export async function one<T>(query: PromiseLike<T[]>): Promise<T> {
	const [row] = await query;
	if (row === undefined) throw new Error('The statement returned no row.');
	return row;
}

/** How many rows a write changed: better-sqlite3 says `changes`, node-postgres `rowCount`. */
export function affectedRows(result: unknown): number {
	const r = result as { changes?: number; rowCount?: number | null };
	return Number(r.changes ?? r.rowCount ?? 0);
}

/** A raw SQL query's rows, named by their columns and not mapped by drizzle's column types. */
export async function rawRows<T>(database: Executor, query: SQL): Promise<T[]> {
	if (engineOf(database) === 'postgres') return (await asPostgres(database).execute(query)).rows as T[];
	return database.all<T>(query);
}

/** Runs a raw SQL statement. */
export async function rawRun(database: Executor, query: SQL): Promise<void> {
	if (engineOf(database) === 'postgres') await asPostgres(database).execute(query);
	else database.run(query);
}

/**
 * `column in (values)` with the whole list as one bound parameter, however long: a 20,000-row roster stays one
 * query per lookup, well under the engines' limits on bound parameters. SQLite reads the list as JSON
 * (json_each); PostgreSQL takes it as an array (= any).
 */
export function inList(column: Column | SQL, values: Iterable<string | number>): SQL {
	const list = [...values];
	if (startEngine === 'postgres') return sql`${column} = any(${list})`;
	return sql`${column} in (select value from json_each(${JSON.stringify(list)}))`;
}
