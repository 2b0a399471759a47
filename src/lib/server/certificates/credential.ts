// @ts-expect-error -- untyped package
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
// @ts-expect-error -- untyped package
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
// @ts-expect-error -- untyped package
import * as vc from '@digitalbazaar/vc';
import {
	controllerDocument,
	createDocumentLoader,
	CREDENTIALS_CONTEXT_V2,
	OPEN_BADGES_CONTEXT,
	publicKeyDocument
} from './contexts.ts';
import { issuerKey, issuerSettings, type IssuerOptions } from './keys.ts';

/** What a certificate says; the issuer comes from the settings. */
export interface CertificateData {
	number: string;
	learnerName: string;
	courseSlug: string;
	courseTitle: string;
	courseSummary: string;
	issuedAt: Date;
	/** Exam score in percent (0–100). */
	score: number;
	/** Not published in the credential: the learner's township is not needed to check the achievement. */
	townshipName: string;
	/** `<origin>/verify/<number>`, also the credential's id. */
	verifyUrl: string;
}

export type OpenBadgeCredential = ReturnType<typeof buildCredential>;
export type SignedCredential = OpenBadgeCredential & { proof: Record<string, unknown> };

const CRITERIA = '学完本课程全部课时，并通过结业考试。Completed every lesson of the course and passed the final exam.';

function xsdDateTime(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The unsigned Open Badges 3.0 credential for a certificate. Its id is the public verify page, so whoever holds
 * the file can open the issuer's own record of it. The learner's name is in plain text (as a display `name` and an
 * unhashed `identifier`): the learner downloads the file to show it to others, and it must match the printed PDF.
 */
export function buildCredential(data: CertificateData, options: IssuerOptions = {}) {
	const { origin, name, controller } = issuerSettings(options);
	const achievementId = `${origin}/courses/${encodeURIComponent(data.courseSlug)}#achievement`;
	const scoreDescriptionId = `${origin}/courses/${encodeURIComponent(data.courseSlug)}#exam-score`;
	const issued = xsdDateTime(data.issuedAt);
	return {
		'@context': [CREDENTIALS_CONTEXT_V2, OPEN_BADGES_CONTEXT],
		id: data.verifyUrl,
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		issuer: { id: controller, type: ['Profile'], name, url: origin },
		validFrom: issued,
		awardedDate: issued,
		name: data.courseTitle,
		description: data.courseSummary,
		credentialSubject: {
			type: ['AchievementSubject'],
			name: data.learnerName,
			identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: data.learnerName }],
			achievement: {
				id: achievementId,
				type: ['Achievement'],
				achievementType: 'Certificate',
				name: data.courseTitle,
				description: data.courseSummary,
				criteria: { narrative: CRITERIA },
				resultDescription: [
					{
						id: scoreDescriptionId,
						type: ['ResultDescription'],
						name: '结业考试成绩 Final exam score',
						resultType: 'Percent',
						valueMin: '0',
						valueMax: '100'
					}
				]
			},
			result: [{ type: ['Result'], resultDescription: scoreDescriptionId, value: String(data.score) }]
		}
	};
}

/** Signs the certificate's credential with the issuer key: a DataIntegrityProof (eddsa-rdfc-2022, assertionMethod). */
export async function signCredential(data: CertificateData, options: IssuerOptions = {}): Promise<SignedCredential> {
	const key = await issuerKey(options);
	const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022 });
	return vc.issue({ credential: buildCredential(data, options), suite, documentLoader: createDocumentLoader(options) });
}

export interface VerifyResult {
	verified: boolean;
	error?: string;
}

/**
 * Checks a credential offline: its proof, that the key is this issuer's, and its validity dates. Credentials from
 * other issuers fail (their keys are not fetched).
 */
export async function verifyCredential(credential: unknown, options: IssuerOptions = {}): Promise<VerifyResult> {
	const result = await vc.verifyCredential({
		credential,
		suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
		documentLoader: createDocumentLoader(options)
	});
	if (result.verified) return { verified: true };
	return { verified: false, error: firstError(result) ?? 'Verification failed.' };
}

interface VcError {
	message?: string;
	errors?: VcError[];
}

function firstError(result: { error?: VcError; results?: { error?: VcError }[] }): string | undefined {
	const error = result.error ?? result.results?.find((r) => r.error)?.error;
	const inner = error?.errors?.[0] ?? error;
	return inner?.message;
}

/** The JSON to serve at `<origin>/issuer` (content type application/ld+json or application/json). */
export async function issuerProfile(options: IssuerOptions = {}) {
	return controllerDocument(await issuerKey(options), issuerSettings(options));
}

/** The issuer's public key as a Multikey document; its id is `<origin>/issuer#key-1`, published inside the Profile. */
export async function issuerPublicKey(options: IssuerOptions = {}) {
	return publicKeyDocument(await issuerKey(options));
}
