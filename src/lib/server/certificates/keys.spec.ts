import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
// @ts-expect-error -- untyped package
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { ConfigError } from '../config.ts';
import { clearIssuerKeyCache, ensureIssuerKey, issuerKey, type MultikeyPair } from './keys.ts';

const origin = 'https://learn.example.cn';
let dir: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'zhizhi-keys-'));
	vi.spyOn(console, 'info').mockImplementation(() => {});
});
afterEach(() => clearIssuerKeyCache());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function exportedKey(): Promise<string> {
	const key: MultikeyPair = await Ed25519Multikey.generate({ controller: 'did:example:elsewhere' });
	return JSON.stringify(await key.export({ publicKey: true, secretKey: true, includeContext: true }));
}

describe('issuerKey', () => {
	it('creates the key file on first use, mode 600, in a folder it makes', async () => {
		const path = join(dir, 'new', 'nested', 'issuer-key.json');
		const key = await issuerKey({ env: {}, path, origin });
		expect(statSync(path).mode & 0o777).toBe(0o600);
		const stored = JSON.parse(readFileSync(path, 'utf8'));
		expect(stored).toMatchObject({ type: 'Multikey', publicKeyMultibase: key.publicKeyMultibase });
		expect(stored.secretKeyMultibase).toMatch(/^z/);
		expect(key.id).toBe(`${origin}/issuer#key-1`);
		expect(key.controller).toBe(`${origin}/issuer`);
	});

	it('reuses the stored key after a restart, and caches it meanwhile', async () => {
		const path = join(dir, 'reuse.json');
		const first = await issuerKey({ env: {}, path, origin });
		const written = readFileSync(path, 'utf8');
		expect(await issuerKey({ env: {}, path, origin })).toBe(first);
		clearIssuerKeyCache();
		const again = await issuerKey({ env: {}, path, origin });
		expect(again).not.toBe(first);
		expect(again.publicKeyMultibase).toBe(first.publicKeyMultibase);
		expect(readFileSync(path, 'utf8')).toBe(written);
	});

	it('signs with a key object of its own: the same signatures as the library’s signer, which verify', async () => {
		const json = await exportedKey();
		const key = await issuerKey({ env: { ISSUER_KEY: json }, origin });
		// The library's own signer, on the same stored key: Ed25519 signatures are deterministic.
		const library: MultikeyPair = await Ed25519Multikey.from({
			...JSON.parse(json),
			id: key.id,
			controller: key.controller
		});
		for (const text of ['智智学堂', 'ZZ-2025-7K3M', '']) {
			const data = new TextEncoder().encode(text);
			const signer = key.signer();
			expect(signer).toMatchObject({ id: `${origin}/issuer#key-1`, algorithm: 'Ed25519' });
			const signature = await signer.sign({ data });
			expect(Buffer.from(signature).toString('hex')).toBe(
				Buffer.from(await library.signer().sign({ data })).toString('hex')
			);
			expect(await library.verifier().verify({ data, signature })).toBe(true);
		}
	});

	it('takes ISSUER_KEY over the file, with this origin’s key id', async () => {
		const json = await exportedKey();
		const path = join(dir, 'unused.json');
		const key = await issuerKey({ env: { ISSUER_KEY: json, ISSUER_KEY_PATH: path }, origin });
		expect(key.publicKeyMultibase).toBe(JSON.parse(json).publicKeyMultibase);
		expect(key.id).toBe(`${origin}/issuer#key-1`);
		expect(existsSync(path)).toBe(false);
	});

	it('uses ISSUER_KEY_PATH and ORIGIN from the environment', async () => {
		const path = join(dir, 'from-env.json');
		const key = await issuerKey({ env: { ISSUER_KEY_PATH: path, ORIGIN: 'http://school.test' } });
		expect(existsSync(path)).toBe(true);
		expect(key.id).toBe('http://school.test/issuer#key-1');
	});
});

describe('ensureIssuerKey refuses to start on a bad key', () => {
	const cases: [string, (path: string) => void, RegExp][] = [
		['not JSON', (p) => writeFileSync(p, 'hello'), /not a valid issuer key \(not JSON\)/],
		['not a Multikey', (p) => writeFileSync(p, '{"type":"JsonWebKey"}'), /expected a Multikey/],
		[
			'no secret half',
			(p) => writeFileSync(p, '{"type":"Multikey","publicKeyMultibase":"z6Mk"}'),
			/secretKeyMultibase/
		],
		['unreadable', (p) => mkdirSync(p), /cannot be read \(EISDIR\)/]
	];
	it.each(cases)('%s', async (_name, write, message) => {
		const path = join(dir, `bad-${_name.replace(/\W/g, '-')}.json`);
		write(path);
		const failure = ensureIssuerKey({ env: {}, path, origin });
		await expect(failure).rejects.toBeInstanceOf(ConfigError);
		await expect(failure).rejects.toThrow(message);
		await expect(failure).rejects.toThrow(path);
	});

	it('a secret key that does not belong to the public key', async () => {
		const a = JSON.parse(await exportedKey());
		const b = JSON.parse(await exportedKey());
		await expect(
			ensureIssuerKey({ env: { ISSUER_KEY: JSON.stringify({ ...a, secretKeyMultibase: b.secretKeyMultibase }) } })
		).rejects.toThrow(/ISSUER_KEY is not a valid issuer key/);
	});
});
