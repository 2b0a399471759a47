// Exam tickets are signed with a server secret (HMAC-SHA256), so a ticket cannot be made up or altered on a
// phone; the database row is checked as well, so a signed ticket is still good only once.
import { dirname, join } from 'node:path';
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import { config } from '../config.ts';
import { getDb } from '../db/index.ts';
import { readOrCreateFile } from '../files/create-once.ts';

/** What a ticket's signature covers: everything that decides what the attempt may be. */
export interface SignedTicketFields {
	id: string;
	userId: number;
	courseSlug: string;
	contentVersion: string;
	seed: number;
	questionIds: string[];
	issuedAt: Date;
}

const secrets = new Map<string, Uint8Array>();

/**
 * The signing secret: EXAM_TICKET_SECRET when set, else a random one kept in a file beside the database
 * (mode 600, made on first use), so every process serving the same database signs alike.
 */
function secret(): Uint8Array {
	const configured = config().examTicketSecret;
	if (configured) return new TextEncoder().encode(configured);
	const dbFile = getDb().$client.name;
	const where = dbFile === ':memory:' || dbFile === '' ? ':memory:' : join(dirname(dbFile), 'exam-ticket-secret');
	let key = secrets.get(where);
	if (key) return key;
	if (where === ':memory:') key = crypto.getRandomValues(new Uint8Array(32));
	else {
		// Several server processes start together: one secret wins and every process signs with that one.
		const file = readOrCreateFile(
			where,
			() => encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32))) + '\n'
		);
		key = decodeBase64urlIgnorePadding(file.text.trim());
	}
	secrets.set(where, key);
	return key;
}

function mac(fields: SignedTicketFields): Uint8Array {
	const message = JSON.stringify([
		fields.id,
		fields.userId,
		fields.courseSlug,
		fields.contentVersion,
		fields.seed,
		fields.questionIds,
		fields.issuedAt.getTime()
	]);
	return hmac(SHA256, secret(), new TextEncoder().encode(message));
}

/** The ticket as the phone holds it: `<id>.<signature>`. */
export function ticketToken(fields: SignedTicketFields): string {
	return `${fields.id}.${encodeBase64urlNoPadding(mac(fields))}`;
}

/** The id a token names, or null when it is not shaped like a token. */
export function tokenId(token: string): string | null {
	const match = /^([a-z0-9]{16,40})\.([A-Za-z0-9_-]{43})$/.exec(token);
	return match ? match[1] : null;
}

/** Whether the token's signature is the server's over these fields (the stored ticket). */
export function tokenSignedFor(token: string, fields: SignedTicketFields): boolean {
	const signature = token.slice(token.indexOf('.') + 1);
	let given: Uint8Array;
	try {
		given = decodeBase64urlIgnorePadding(signature);
	} catch {
		return false;
	}
	const expected = mac(fields);
	return given.length === expected.length && constantTimeEqual(given, expected);
}
