import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, eq, lte } from 'drizzle-orm';
import { db, writeTransaction } from '../db/index.ts';
import { pendingRosterImports } from '../db/schema.ts';
import type { RosterPreview } from './roster-types.ts';
import { first } from '../db/dialect.ts';

const TTL_MS = 30 * 60 * 1000;
const MAX_PENDING_PER_ACTOR = 5;
const TOKEN_RE = /^([a-z2-7]{26})\.([A-Za-z0-9_-]{43})$/;

// Between the preview and the confirmation the checked file waits in the database, so the confirmation may reach
// another server process (npm start runs several). A roster holds ID numbers, so it is sealed (AES-256-GCM) with
// a key that is never stored: it goes to the staff member's page inside the confirmation's token, and without it
// the row is noise. Rows are deleted when taken and swept after 30 minutes.

/** Keeps a preview for its author for 30 minutes; returns the token the confirmation form sends back. */
export async function keepPreview(actorId: number, preview: RosterPreview, now = Date.now()): Promise<string> {
	const id = encodeBase32LowerCaseNoPadding(randomBytes(16));
	const key = randomBytes(32);
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	// The row id and author are bound in, so a sealed preview cannot be moved to another row.
	cipher.setAAD(Buffer.from(`${id}:${actorId}`));
	const body = Buffer.concat([cipher.update(JSON.stringify(preview), 'utf8'), cipher.final()]);
	const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]);
	await writeTransaction(async (tx) => {
		await tx.delete(pendingRosterImports).where(lte(pendingRosterImports.expiresAt, new Date(now)));
		// An author's older previews go first: only the last few can still be confirmed.
		const mine = await tx
			.select({ id: pendingRosterImports.id })
			.from(pendingRosterImports)
			.where(eq(pendingRosterImports.actorId, actorId))
			.orderBy(pendingRosterImports.expiresAt);
		for (const old of mine.slice(0, Math.max(0, mine.length - MAX_PENDING_PER_ACTOR + 1)))
			await tx.delete(pendingRosterImports).where(eq(pendingRosterImports.id, old.id));
		await tx.insert(pendingRosterImports).values({ id, actorId, sealed, expiresAt: new Date(now + TTL_MS) });
	});
	return `${id}.${key.toString('base64url')}`;
}

/** Takes a kept preview back (once); null when it expired, was taken, or belongs to someone else. */
export async function takePreview(actorId: number, token: string, now = Date.now()): Promise<RosterPreview | null> {
	const match = TOKEN_RE.exec(token);
	if (!match) return null;
	const [, id, keyText] = match;
	// Deleted as it is read, so two confirmations of one preview (two processes, a double tap) import it once.
	const row = await first(
		db
			.delete(pendingRosterImports)
			.where(and(eq(pendingRosterImports.id, id), eq(pendingRosterImports.actorId, actorId)))
			.returning()
	);
	if (!row || row.expiresAt.getTime() <= now) return null;
	try {
		const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyText, 'base64url'), row.sealed.subarray(0, 12));
		decipher.setAAD(Buffer.from(`${id}:${actorId}`));
		decipher.setAuthTag(row.sealed.subarray(12, 28));
		const text = Buffer.concat([decipher.update(row.sealed.subarray(28)), decipher.final()]).toString('utf8');
		return JSON.parse(text) as RosterPreview;
	} catch {
		return null;
	}
}
