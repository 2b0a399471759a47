import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { clearIssuerKeyCache, issuerKey, type StoredKey } from '../certificates/keys.ts';
import { ticketToken } from '../learning/ticket-signature.ts';
import { useFreshDatabase, type FreshDatabase } from '../tooling/test-db.ts';
import { testEngine } from '../tooling/test-engine.ts';
import { closeDatabase, setDb, type Db } from './index.ts';
import { SECRET_NAMES, storedSecret } from './instance-secrets.ts';
import { instanceSecrets } from './schema.ts';
import { first } from './dialect.ts';

let fresh: FreshDatabase;
let dir: string;
const opened: Db[] = [];
beforeEach(async () => {
	fresh = await useFreshDatabase();
	dir = mkdtempSync(join(tmpdir(), 'zhizhi-secrets-'));
	clearIssuerKeyCache();
	vi.spyOn(console, 'info').mockImplementation(() => {});
});
afterEach(async () => {
	vi.restoreAllMocks();
	clearIssuerKeyCache();
	for (const db of opened.splice(0)) await closeDatabase(db);
	await fresh.cleanup();
	rmSync(dir, { recursive: true, force: true });
});

/** Another connection to the test's database, as another app server has. */
function anotherServer(): Db {
	const db = fresh.reopen();
	opened.push(db);
	return db;
}

const stored = async (name: string) =>
	(await first(fresh.db.select().from(instanceSecrets).where(eq(instanceSecrets.name, name))))?.value;

describe('storedSecret', () => {
	it('stores one value however many servers ask at once, and every one of them gets that one', async () => {
		const servers = [fresh.db, anotherServer(), anotherServer(), anotherServer()];
		const answers = await Promise.all(servers.map((db, i) => storedSecret('test-secret', () => `value ${i}`, db)));
		expect(new Set(answers.map((a) => a.value)).size).toBe(1);
		expect(answers.filter((a) => a.created)).toHaveLength(1);
		expect(await stored('test-secret')).toBe(answers[0].value);
		expect(await storedSecret('test-secret', () => 'later', anotherServer())).toEqual({
			value: answers[0].value,
			created: false
		});
	});
});

// On PostgreSQL the database keeps the secrets (SQLite keeps files beside the database: files/create-once.spec.ts).
describe.skipIf(testEngine !== 'postgres')('on PostgreSQL', () => {
	/** The server's settings, with the key file (when there is one) at `keyPath`. */
	const env = (keyPath: string) => ({ ...process.env, ISSUER_KEY: '', ISSUER_KEY_PATH: keyPath });

	it('keeps the issuer key in the database, the same for every server, and makes no file', async () => {
		const keyPath = join(dir, 'issuer-key.json');
		const key = await issuerKey({ env: env(keyPath) });
		const row = JSON.parse((await stored(SECRET_NAMES.issuerKey))!) as StoredKey;
		expect(row.publicKeyMultibase).toBe(key.publicKeyMultibase);
		expect(typeof row.secretKeyMultibase).toBe('string');
		expect(existsSync(keyPath)).toBe(false);
		// Another server, its own connection and nothing loaded yet, signs with the same key.
		await setDb(anotherServer());
		clearIssuerKeyCache();
		expect((await issuerKey({ env: env(keyPath) })).publicKeyMultibase).toBe(key.publicKeyMultibase);
	});

	it('stores the key file of an install that moved from SQLite, so its certificates stay valid', async () => {
		const keyPath = join(dir, 'old-key.json');
		const old = await issuerKey({ env: {}, path: keyPath });
		clearIssuerKeyCache();
		expect((await issuerKey({ env: env(keyPath) })).publicKeyMultibase).toBe(old.publicKeyMultibase);
		expect((JSON.parse((await stored(SECRET_NAMES.issuerKey))!) as StoredKey).publicKeyMultibase).toBe(
			old.publicKeyMultibase
		);
	});

	it('keeps the exam-ticket secret in the database: a ticket one server signs, another signs alike', async () => {
		const fields = {
			id: 'abcdefghijklmnop',
			userId: 1,
			courseSlug: 'c',
			contentVersion: 'v',
			seed: 1,
			questionIds: ['q1'],
			issuedAt: new Date(0)
		};
		const token = await ticketToken(fields);
		expect(await stored(SECRET_NAMES.examTicketSecret)).toMatch(/^[A-Za-z0-9_-]{43}\s*$/);
		await setDb(anotherServer());
		expect(await ticketToken(fields)).toBe(token);
	});
});
