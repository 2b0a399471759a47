// Exam tickets are signed with a server secret (HMAC-SHA256), so a ticket cannot be made up or altered on a
// phone; the database row is checked as well, so a signed ticket is still good only once.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import { config } from '../config.ts';
import { getDb } from '../db/index.ts';
import { SECRET_NAMES, storedSecret } from '../db/instance-secrets.ts';
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
/** On PostgreSQL, per database (a test's fresh database has a secret of its own). */
const storedSecrets = new WeakMap<object, Promise<Uint8Array>>();

const newSecret = () => encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32))) + '\n';

/**
 * The signing secret: EXAM_TICKET_SECRET when set; else, on PostgreSQL (DATABASE_URL), one kept in the database,
 * stored by the first server that needs it (db/instance-secrets.ts), so every server on the database signs alike;
 * else a random one kept in a file beside the SQLite database (mode 600, made on first use), so every process
 * serving it signs alike. Transactions ask for it: SQLite's answer is ready without a turn of the event loop, and
 * the database's is read on a connection of its own (the transactions may hold every one of the pool's), once.
 */
function secret(): Uint8Array | Promise<Uint8Array> {
	const configured = config().examTicketSecret;
	if (configured) return new TextEncoder().encode(configured);
	if (config().databaseUrl) return databaseSecret();
	const dbFile = getDb().$client.name;
	const where = dbFile === ':memory:' || dbFile === '' ? ':memory:' : join(dirname(dbFile), 'exam-ticket-secret');
	let key = secrets.get(where);
	if (key) return key;
	if (where === ':memory:') key = crypto.getRandomValues(new Uint8Array(32));
	else {
		// Several server processes start together: one secret wins and every process signs with that one.
		const file = readOrCreateFile(where, newSecret);
		key = decodeBase64urlIgnorePadding(file.text.trim());
	}
	secrets.set(where, key);
	return key;
}

/**
 * The database's secret, loaded once per database. The first server stores the secret file beside the SQLite
 * database DATABASE_PATH names when there is one (tickets an install gave before it moved from SQLite stay good),
 * else a new one.
 */
function databaseSecret(): Promise<Uint8Array> {
	const database = getDb();
	let key = storedSecrets.get(database.$client);
	if (!key) {
		const make = () => {
			let file = '';
			try {
				file = readFileSync(join(dirname(config().databasePath), 'exam-ticket-secret'), 'utf8');
			} catch {
				/* none: a new secret */
			}
			return /^[A-Za-z0-9_-]{43}$/.test(file.trim()) ? file : newSecret();
		};
		key = storedSecret(SECRET_NAMES.examTicketSecret, make, database).then(({ value }) =>
			decodeBase64urlIgnorePadding(value.trim())
		);
		storedSecrets.set(database.$client, key);
		key.catch(() => storedSecrets.delete(database.$client));
	}
	return key;
}

/** Loads the signing secret (at start-up: a server that cannot reach it should not start). */
export async function ensureTicketSecret(): Promise<void> {
	await secret();
}

async function mac(fields: SignedTicketFields): Promise<Uint8Array> {
	const message = JSON.stringify([
		fields.id,
		fields.userId,
		fields.courseSlug,
		fields.contentVersion,
		fields.seed,
		fields.questionIds,
		fields.issuedAt.getTime()
	]);
	return hmac(SHA256, await secret(), new TextEncoder().encode(message));
}

/** The ticket as the phone holds it: `<id>.<signature>`. */
export async function ticketToken(fields: SignedTicketFields): Promise<string> {
	return `${fields.id}.${encodeBase64urlNoPadding(await mac(fields))}`;
}

/** The id a token names, or null when it is not shaped like a token. */
export function tokenId(token: string): string | null {
	const match = /^([a-z0-9]{16,40})\.([A-Za-z0-9_-]{43})$/.exec(token);
	return match ? match[1] : null;
}

/** Whether the token's signature is the server's over these fields (the stored ticket). */
export async function tokenSignedFor(token: string, fields: SignedTicketFields): Promise<boolean> {
	const signature = token.slice(token.indexOf('.') + 1);
	let given: Uint8Array;
	try {
		given = decodeBase64urlIgnorePadding(signature);
	} catch {
		return false;
	}
	const expected = await mac(fields);
	return given.length === expected.length && constantTimeEqual(given, expected);
}
