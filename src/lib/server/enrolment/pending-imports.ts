import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { RosterPreview } from './roster-types.ts';

const TTL_MS = 30 * 60 * 1000;
const MAX_PENDING = 50;

interface Pending {
	actorId: number;
	preview: RosterPreview;
	expiresAt: number;
}

// Between the preview and the confirmation the parsed file waits here, so staff need not upload it twice.
// Kept in memory on purpose: a roster holds ID numbers and should not linger on disk; after a restart the
// confirmation simply asks for the file again.
const pending = new Map<string, Pending>();

function sweep(now: number): void {
	for (const [id, entry] of pending) if (entry.expiresAt <= now) pending.delete(id);
	while (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value!);
}

/** Keeps a preview for its author for 30 minutes; returns the id the confirmation form sends back. */
export function keepPreview(actorId: number, preview: RosterPreview, now = Date.now()): string {
	sweep(now);
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	const id = encodeBase32LowerCaseNoPadding(bytes);
	pending.set(id, { actorId, preview, expiresAt: now + TTL_MS });
	return id;
}

/** Takes a kept preview back (once); null when it expired or belongs to someone else. */
export function takePreview(actorId: number, id: string, now = Date.now()): RosterPreview | null {
	const entry = pending.get(id);
	if (!entry || entry.actorId !== actorId || entry.expiresAt <= now) return null;
	pending.delete(id);
	return entry.preview;
}
