// What a records view covers: one township, one county's townships, or everything in the database.
import { sql, type Column, type SQL } from 'drizzle-orm';
import { inList } from '../db/dialect.ts';

/**
 * A township id; the townships of one county, when the database holds several (a province's: admins see one
 * county at a time); or null for everything in the database (a county's install, where admins see it all).
 */
export type RecordsScope = number | readonly number[] | null;

/** The condition that keeps a township id column to the scope (undefined: everything). */
export function townshipIn(column: Column | SQL, scope: RecordsScope): SQL | undefined {
	if (scope === null) return undefined;
	return typeof scope === 'number' ? sql`${column} = ${scope}` : inList(column, scope);
}

/** A key for what is kept per scope: equal for equal scopes, whatever the order of a county's townships. */
export function scopeKey(scope: RecordsScope): string {
	if (scope === null) return 'all';
	return typeof scope === 'number' ? `township:${scope}` : `townships:${[...scope].sort((a, b) => a - b).join(',')}`;
}

/** Whether a township belongs to the scope. */
export function scopeHolds(scope: RecordsScope, townshipId: number): boolean {
	if (scope === null) return true;
	return typeof scope === 'number' ? scope === townshipId : scope.includes(townshipId);
}
