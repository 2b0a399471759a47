import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDocumentLoader, OPEN_BADGES_CONTEXT } from './contexts.ts';
import {
	buildCredential,
	issuerProfile,
	issuerPublicKey,
	signCredential,
	verifyCredential,
	type CertificateData,
	type SignedCredential
} from './credential.ts';
import { clearIssuerKeyCache, type IssuerOptions } from './keys.ts';

const origin = 'https://learn.example.cn';
let dir: string;
let options: IssuerOptions;

const data: CertificateData = {
	number: 'ZZ-2025-7K3M',
	learnerName: '王小梅',
	courseSlug: 'tea-picking',
	courseTitle: '春茶采摘',
	courseSummary: '采摘标准、工具与保鲜。',
	issuedAt: new Date(),
	score: 85,
	townshipName: '青山镇',
	verifyUrl: `${origin}/verify/ZZ-2025-7K3M`
};

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'zhizhi-credential-'));
	options = { env: { ISSUER_NAME: '智智学堂' }, path: join(dir, 'issuer-key.json'), origin };
	vi.spyOn(console, 'info').mockImplementation(() => {});
});
afterAll(() => {
	clearIssuerKeyCache();
	rmSync(dir, { recursive: true, force: true });
});

// Signing and verifying must work with no network at all.
beforeEach(() => {
	vi.stubGlobal('fetch', () => {
		throw new Error('network access during a certificate test');
	});
});
afterEach(() => vi.unstubAllGlobals());

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
	const start = performance.now();
	const value = await run();
	console.log(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
	return value;
}

describe('buildCredential', () => {
	it('is an Open Badges 3.0 OpenBadgeCredential', () => {
		const credential = buildCredential(data, options);
		expect(credential['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', OPEN_BADGES_CONTEXT]);
		expect(OPEN_BADGES_CONTEXT).toBe('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json');
		expect(credential).toMatchObject({
			id: data.verifyUrl,
			type: ['VerifiableCredential', 'OpenBadgeCredential'],
			issuer: { id: `${origin}/issuer`, type: ['Profile'], name: '智智学堂' },
			name: '春茶采摘',
			credentialSubject: {
				type: ['AchievementSubject'],
				achievement: {
					id: `${origin}/courses/tea-picking#achievement`,
					type: ['Achievement'],
					name: '春茶采摘',
					description: '采摘标准、工具与保鲜。'
				},
				result: [{ type: ['Result'], value: '85' }]
			}
		});
		expect(credential.validFrom).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect(JSON.stringify(credential)).not.toContain('青山镇');
	});
});

describe('signCredential and verifyCredential', () => {
	let signed: SignedCredential;

	beforeAll(async () => {
		signed = await timed('sign (first, loads the key)', () => signCredential(data, options));
	});

	it('signs with a Data Integrity proof that verifies offline', async () => {
		expect(signed.proof).toMatchObject({
			type: 'DataIntegrityProof',
			cryptosuite: 'eddsa-rdfc-2022',
			proofPurpose: 'assertionMethod',
			verificationMethod: `${origin}/issuer#key-1`
		});
		await timed('sign', () => signCredential(data, options));
		expect(await timed('verify', () => verifyCredential(signed, options))).toEqual({ verified: true });
		expect(await verifyCredential(JSON.parse(JSON.stringify(signed)), options)).toEqual({ verified: true });
	});

	const tampers: [string, (c: SignedCredential) => void][] = [
		['the score', (c) => (c.credentialSubject.result[0].value = '100')],
		['the learner name', (c) => (c.credentialSubject.name = '王大梅')],
		['the learner identifier', (c) => (c.credentialSubject.identifier[0].identityHash = '王大梅')],
		['the achievement name', (c) => (c.credentialSubject.achievement.name = '高级茶艺师')],
		['the issue date', (c) => (c.validFrom = '2020-01-01T00:00:00Z')]
	];
	it.each(tampers)('rejects a change to %s', async (_what, tamper) => {
		const copy = structuredClone(signed);
		tamper(copy);
		const result = await verifyCredential(copy, options);
		expect(result.verified).toBe(false);
		expect(result.error).toMatch(/signature/i);
	});

	it('rejects a credential signed with another key under our key id', async () => {
		const other = { ...options, path: join(dir, 'impostor-key.json') };
		const forged = await signCredential(data, other);
		expect(forged.proof.verificationMethod).toBe(signed.proof.verificationMethod);
		expect(await verifyCredential(forged, options)).toEqual({ verified: false, error: 'Invalid signature.' });
	});

	it('rejects a credential from another issuer without fetching its key', async () => {
		const elsewhere = { ...options, path: join(dir, 'elsewhere-key.json'), origin: 'https://other.example' };
		const foreign = await signCredential({ ...data, verifyUrl: 'https://other.example/verify/1' }, elsewhere);
		const result = await verifyCredential(foreign, options);
		expect(result.verified).toBe(false);
		expect(result.error).toContain('refuses "https://other.example/issuer#key-1"');
	});

	it('rejects a credential whose proof was removed', async () => {
		const { proof: _proof, ...bare } = structuredClone(signed);
		expect(_proof).toBeDefined();
		expect((await verifyCredential(bare, options)).verified).toBe(false);
	});
});

describe('document loader', () => {
	it('serves the bundled contexts', async () => {
		const load = createDocumentLoader(options);
		for (const url of [
			'https://www.w3.org/ns/credentials/v2',
			OPEN_BADGES_CONTEXT,
			'https://w3id.org/security/data-integrity/v2',
			'https://w3id.org/security/multikey/v1',
			'https://w3id.org/security/v2'
		])
			expect((await load(url)).document).toHaveProperty('@context');
	});

	it('serves the issuer Profile and key from the local key', async () => {
		const load = createDocumentLoader(options);
		const key = await issuerPublicKey(options);
		expect((await load(`${origin}/issuer#key-1`)).document).toEqual(key);
		expect((await load(`${origin}/issuer`)).document).toEqual(await issuerProfile(options));
		expect(key).toMatchObject({
			'@context': 'https://w3id.org/security/multikey/v1',
			id: `${origin}/issuer#key-1`,
			type: 'Multikey',
			controller: `${origin}/issuer`,
			publicKeyMultibase: expect.stringMatching(/^z6Mk/)
		});
		expect(await issuerProfile(options)).toMatchObject({
			id: `${origin}/issuer`,
			type: ['Profile'],
			name: '智智学堂',
			url: origin,
			verificationMethod: [{ id: key.id, type: 'Multikey', publicKeyMultibase: key.publicKeyMultibase }],
			assertionMethod: [key.id]
		});
		expect(JSON.stringify(await issuerProfile(options))).not.toContain('secretKey');
	});

	it('refuses any other URL instead of going to the network', async () => {
		const load = createDocumentLoader(options);
		for (const url of ['https://example.com/context.json', `${origin}/issuer#key-2`, 'https://www.w3.org/ns/did/v1'])
			await expect(load(url)).rejects.toThrow(`Document loader refuses "${url}"`);
	});
});
