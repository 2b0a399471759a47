// Read-only records API tokens, one township each. Only the SHA-256 of a token is stored (like sessions).
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import { audit } from '../audit.ts';
import { db, writeTransaction } from '../db/index.ts';
import { apiTokens } from '../db/schema.ts';
import { first, one } from '../db/dialect.ts';

export const API_TOKEN_PREFIX = 'zz_';
/** lastUsedAt is written at most this often, so a busy client does not turn every read into a write. */
const LAST_USED_EVERY_MS = 60_000;

export interface ApiTokenSummary {
	id: number;
	townshipId: number;
	name: string;
	createdBy: number | null;
	createdAt: Date;
	lastUsedAt: Date | null;
	revokedAt: Date | null;
}

/** The stored form of a token: its SHA-256 in hex. */
export function hashApiToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Makes a token for `townshipId`; the returned token is shown once and never stored. */
export async function createApiToken(
	actorId: number | null,
	townshipId: number,
	name: string
): Promise<{ id: number; token: string }> {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = API_TOKEN_PREFIX + encodeBase32LowerCaseNoPadding(bytes);
	const id = await writeTransaction(async (tx) => {
		const row = await one(
			tx
				.insert(apiTokens)
				.values({ townshipId, name, tokenHash: hashApiToken(token), createdBy: actorId })
				.returning({ id: apiTokens.id })
		);
		await audit(
			{ actorId, action: 'api_token_created', targetType: 'api_token', targetId: row.id, townshipId, detail: { name } },
			tx
		);
		return row.id;
	});
	return { id, token };
}

/** Revokes a token; false when there is no such token or it was already revoked. */
export async function revokeApiToken(actorId: number | null, id: number, now = new Date()): Promise<boolean> {
	return await writeTransaction(async (tx) => {
		const row = await first(
			tx
				.update(apiTokens)
				.set({ revokedAt: now })
				.where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
				.returning({ townshipId: apiTokens.townshipId })
		);
		if (!row) return false;
		await audit(
			{ actorId, action: 'api_token_revoked', targetType: 'api_token', targetId: id, townshipId: row.townshipId },
			tx
		);
		return true;
	});
}

/** Every token (optionally of one township), without hashes. */
export async function listApiTokens(townshipId: number | null = null): Promise<ApiTokenSummary[]> {
	return await db
		.select({
			id: apiTokens.id,
			townshipId: apiTokens.townshipId,
			name: apiTokens.name,
			createdBy: apiTokens.createdBy,
			createdAt: apiTokens.createdAt,
			lastUsedAt: apiTokens.lastUsedAt,
			revokedAt: apiTokens.revokedAt
		})
		.from(apiTokens)
		.where(townshipId === null ? undefined : eq(apiTokens.townshipId, townshipId))
		.orderBy(asc(apiTokens.id));
}

/**
 * The township a bearer token may read, or null (unknown, malformed or revoked). Takes the token itself or an
 * `Authorization` header value ("Bearer zz_...").
 */
export async function authenticateApiToken(
	bearer: string | null | undefined,
	now = new Date()
): Promise<{ tokenId: number; townshipId: number } | null> {
	const token = bearer?.replace(/^Bearer\s+/i, '').trim();
	if (!token || !token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return null;
	const row = await first(
		db
			.select({ id: apiTokens.id, townshipId: apiTokens.townshipId, revokedAt: apiTokens.revokedAt })
			.from(apiTokens)
			.where(eq(apiTokens.tokenHash, hashApiToken(token)))
	);
	if (!row || row.revokedAt) return null;
	await db
		.update(apiTokens)
		.set({ lastUsedAt: now })
		.where(
			and(
				eq(apiTokens.id, row.id),
				or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_EVERY_MS)))
			)
		);
	return { tokenId: row.id, townshipId: row.townshipId };
}
