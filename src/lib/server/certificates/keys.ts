import { createPrivateKey, sign as signWith } from 'node:crypto';
import { readFileSync } from 'node:fs';
// @ts-expect-error -- the package ships no type declarations; MultikeyPair below describes what we use.
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { ConfigError, config, readConfig } from '../config.ts';
import { readOrCreateFile } from '../files/create-once.ts';
import { getDb } from '../db/index.ts';
import { SECRET_NAMES, storedSecret } from '../db/instance-secrets.ts';

export const MULTIKEY_CONTEXT_V1 = 'https://w3id.org/security/multikey/v1';

/** Where `ORIGIN` is unset (development only: production requires it), the Vite dev server's address. */
const DEV_ORIGIN = 'http://localhost:5173';

/** The slice of an @digitalbazaar/ed25519-multikey key pair this module relies on. */
export interface MultikeyPair {
	id: string;
	controller: string;
	publicKeyMultibase: string;
	export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<StoredKey>;
	/** The raw bytes: the public key (32) and the secret key (seed and public key, 64). */
	export(options: {
		publicKey: true;
		secretKey: true;
		raw: true;
	}): Promise<{ publicKey?: Uint8Array; secretKey?: Uint8Array }>;
	signer(): { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
	verifier(): { verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
}

/** A key pair as stored in ISSUER_KEY or the key file: a Multikey with both halves. */
export interface StoredKey {
	'@context'?: string | string[];
	id?: string;
	type: 'Multikey';
	controller?: string;
	publicKeyMultibase: string;
	secretKeyMultibase?: string;
}

/** Overrides for tests and tools; anything left out comes from the server's settings. */
export interface IssuerOptions {
	/** Read settings from this environment instead of process.env (e.g. `{}` to ignore a real ISSUER_KEY). */
	env?: NodeJS.ProcessEnv;
	/** Key file to use instead of ISSUER_KEY_PATH. */
	path?: string;
	/** Public origin to use instead of ORIGIN. */
	origin?: string;
}

/** Who signs: the stable URLs of the issuer and its key, and where the key comes from. */
export interface IssuerSettings {
	origin: string;
	name: string;
	/** `<origin>/issuer`: the issuer Profile, which is also the key's controller document. */
	controller: string;
	/** `<origin>/issuer#key-1`: the verification method named in every proof. */
	keyId: string;
	keyPath: string;
	keyJson: string | undefined;
	/**
	 * Whether the key is kept in the database (instance_secrets): on PostgreSQL (DATABASE_URL), where several app
	 * servers must sign with one key, unless ISSUER_KEY gives it or the options name a key file.
	 */
	keyInDatabase: boolean;
}

/** Resolves the issuer's settings from the options, falling back to the server's config. */
export function issuerSettings(options: IssuerOptions = {}): IssuerSettings {
	const settings = options.env ? readConfig(options.env) : config();
	const origin = options.origin ?? settings.origin ?? DEV_ORIGIN;
	const controller = `${origin}/issuer`;
	return {
		origin,
		name: settings.issuerName,
		controller,
		keyId: `${controller}#key-1`,
		keyPath: options.path ?? settings.issuerKeyPath,
		keyJson: settings.issuerKey,
		keyInDatabase: settings.issuerKey === undefined && options.path === undefined && !!settings.databaseUrl
	};
}

const cache = new Map<string, Promise<MultikeyPair>>();
/** A number for each database a key was loaded from (a test's fresh database has a key of its own). */
const databaseIds = new WeakMap<object, number>();
let databasesSeen = 0;

function databaseId(): number {
	const client = getDb().$client as object;
	let id = databaseIds.get(client);
	if (id === undefined) databaseIds.set(client, (id = ++databasesSeen));
	return id;
}

/**
 * The issuer's Ed25519 key pair, loaded once per settings: from ISSUER_KEY when set; else, on PostgreSQL, from the
 * database, where the first server stores one (see loadStoredKey); else from the file at ISSUER_KEY_PATH, which
 * is created (mode 600) on first use. Its id and controller are always this origin's stable URLs, whatever the
 * stored copy says, so the same key keeps working if the site moves.
 */
export function issuerKey(options: IssuerOptions = {}): Promise<MultikeyPair> {
	const settings = issuerSettings(options);
	const source = settings.keyInDatabase ? `database:${databaseId()}` : `file:${settings.keyPath}`;
	const cacheKey = [settings.keyId, settings.keyJson ?? source].join('\n');
	let key = cache.get(cacheKey);
	if (!key) {
		key = loadKey(settings).then(withKeptSigningKey);
		cache.set(cacheKey, key);
		key.catch(() => cache.delete(cacheKey));
	}
	return key;
}

/**
 * The key pair, its signer signing with a Node key object made once. The library's signer makes one from the key's
 * bytes for every signature: about 0.5 ms, a tenth of signing a certificate. Ed25519 signatures are deterministic,
 * so the signatures are the same bytes either way.
 */
async function withKeptSigningKey(pair: MultikeyPair): Promise<MultikeyPair> {
	const raw = await pair.export({ publicKey: true, secretKey: true, raw: true });
	if (!raw.secretKey || !raw.publicKey) return pair;
	const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
	// The secret key is stored as seed and public key (64 bytes); the seed is its first 32.
	const privateKey = createPrivateKey({
		key: { kty: 'OKP', crv: 'Ed25519', d: base64url(raw.secretKey.subarray(0, 32)), x: base64url(raw.publicKey) },
		format: 'jwk'
	});
	const librarySigner = pair.signer.bind(pair);
	pair.signer = () => {
		const { id, algorithm } = librarySigner();
		return { id, algorithm, sign: async ({ data }) => new Uint8Array(signWith(null, data, privateKey)) };
	};
	return pair;
}

/** Loads (or creates) the issuer key at start-up; throws a one-line ConfigError when it cannot. */
export async function ensureIssuerKey(options: IssuerOptions = {}): Promise<void> {
	await issuerKey(options);
}

/** Test-only: forget loaded keys so the next call reads the environment and file again. */
export function clearIssuerKeyCache(): void {
	cache.clear();
}

async function loadKey(settings: IssuerSettings): Promise<MultikeyPair> {
	if (settings.keyJson !== undefined) return importKey(settings.keyJson, 'ISSUER_KEY', settings);
	if (settings.keyInDatabase) return loadStoredKey(settings);
	const where = `ISSUER_KEY_PATH="${settings.keyPath}"`;
	let text: string;
	try {
		text = readFileSync(settings.keyPath, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'ENOENT')
			throw new ConfigError(
				`${where} cannot be read (${code}): fix its permissions or point ISSUER_KEY_PATH elsewhere.`
			);
		return createKeyFile(settings, where);
	}
	return importKey(text, where, settings);
}

async function createKeyFile(settings: IssuerSettings, where: string): Promise<MultikeyPair> {
	const key: MultikeyPair = await Ed25519Multikey.generate({ id: settings.keyId, controller: settings.controller });
	const stored = await key.export({ publicKey: true, secretKey: true, includeContext: true });
	let file: { text: string; created: boolean };
	try {
		// Several server processes start together: one key wins and every process loads that one.
		file = readOrCreateFile(settings.keyPath, () => JSON.stringify(stored, null, '\t') + '\n');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new ConfigError(`${where} cannot be created (${code}): point ISSUER_KEY_PATH at a writable folder.`);
	}
	if (!file.created) return importKey(file.text, where, settings);
	console.info(
		`[zhizhi] Created the certificate signing key at ${settings.keyPath}. Back it up: without it, ` +
			'certificates already issued can no longer be verified.'
	);
	return key;
}

/**
 * The key kept in the database (PostgreSQL), stored by the first server that needs it: the key file at
 * ISSUER_KEY_PATH when there is one (an install that moved from SQLite keeps its key, and the certificates it
 * issued stay valid), else a new key. Every server signs with the one stored.
 */
async function loadStoredKey(settings: IssuerSettings): Promise<MultikeyPair> {
	const where = `The database's certificate signing key (instance_secrets "${SECRET_NAMES.issuerKey}")`;
	let adopted = false;
	const make = async () => {
		let text: string | undefined;
		try {
			text = readFileSync(settings.keyPath, 'utf8');
		} catch {
			/* no key file: a new key */
		}
		if (text !== undefined) {
			await importKey(text, `ISSUER_KEY_PATH="${settings.keyPath}"`, settings);
			adopted = true;
			return text;
		}
		const key: MultikeyPair = await Ed25519Multikey.generate({ id: settings.keyId, controller: settings.controller });
		return JSON.stringify(await key.export({ publicKey: true, secretKey: true, includeContext: true }));
	};
	const { value, created } = await storedSecret(SECRET_NAMES.issuerKey, make);
	if (created)
		console.info(
			adopted
				? `[zhizhi] Stored the certificate signing key of ${settings.keyPath} in the database, where every app ` +
						'server finds it.'
				: '[zhizhi] Created the certificate signing key in the database. Back the database up: without the key, ' +
						'certificates already issued can no longer be verified.'
		);
	return importKey(value, where, settings);
}

async function importKey(json: string, where: string, settings: IssuerSettings): Promise<MultikeyPair> {
	const invalid = (why: string) =>
		new ConfigError(
			`${where} is not a valid issuer key (${why}): restore it from backup, or remove it to create a new key ` +
				'(certificates signed with the old key will then fail verification).'
		);
	let stored: StoredKey;
	try {
		stored = JSON.parse(json);
	} catch {
		throw invalid('not JSON');
	}
	if (stored?.type !== 'Multikey' || typeof stored.publicKeyMultibase !== 'string')
		throw invalid('expected a Multikey with publicKeyMultibase');
	if (typeof stored.secretKeyMultibase !== 'string') throw invalid('secretKeyMultibase is missing');
	let key: MultikeyPair;
	try {
		key = await Ed25519Multikey.from({
			...stored,
			'@context': MULTIKEY_CONTEXT_V1,
			id: settings.keyId,
			controller: settings.controller
		});
	} catch (error) {
		throw invalid((error as Error).message);
	}
	if (!(await keyHalvesMatch(key))) throw invalid('the secret key does not belong to the public key');
	return key;
}

async function keyHalvesMatch(key: MultikeyPair): Promise<boolean> {
	const data = new TextEncoder().encode('zhizhi issuer key check');
	try {
		const signature = await key.signer().sign({ data });
		return await key.verifier().verify({ data, signature });
	} catch {
		return false;
	}
}
