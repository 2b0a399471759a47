import { readFileSync } from 'node:fs';
// @ts-expect-error -- the package ships no type declarations; MultikeyPair below describes what we use.
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { ConfigError, config, readConfig } from '../config.ts';
import { readOrCreateFile } from '../files/create-once.ts';

export const MULTIKEY_CONTEXT_V1 = 'https://w3id.org/security/multikey/v1';

/** Where `ORIGIN` is unset (development only: production requires it), the Vite dev server's address. */
const DEV_ORIGIN = 'http://localhost:5173';

/** The slice of an @digitalbazaar/ed25519-multikey key pair this module relies on. */
export interface MultikeyPair {
	id: string;
	controller: string;
	publicKeyMultibase: string;
	export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<StoredKey>;
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
		keyJson: settings.issuerKey
	};
}

const cache = new Map<string, Promise<MultikeyPair>>();

/**
 * The issuer's Ed25519 key pair, loaded once per settings: from ISSUER_KEY when set, else from the file at
 * ISSUER_KEY_PATH, which is created (mode 600) on first use. Its id and controller are always this origin's
 * stable URLs, whatever the stored copy says, so the same key keeps working if the site moves.
 */
export function issuerKey(options: IssuerOptions = {}): Promise<MultikeyPair> {
	const settings = issuerSettings(options);
	const cacheKey = [settings.keyId, settings.keyJson ?? `file:${settings.keyPath}`].join('\n');
	let key = cache.get(cacheKey);
	if (!key) {
		key = loadKey(settings);
		cache.set(cacheKey, key);
		key.catch(() => cache.delete(cacheKey));
	}
	return key;
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
