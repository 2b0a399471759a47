// Issue budget: the service worker's precache stays within 300 KB on the wire. Bytes don't drift between runs,
// so this is a test; it runs after `npm run build` (`npm test` builds first) and skips with a note when there is no build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLIENT = 'build/client';
const BUDGET = 300 * 1024;

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? walk(path) : [path];
	});
}

/** Transfer size: the brotli twin the server sends when the browser accepts it, else the file itself. */
const wireBytes = (path: string) => statSync(existsSync(`${path}.br`) ? `${path}.br` : path).size;

describe.skipIf(!existsSync(`${CLIENT}/service-worker.js`))('service worker precache', () => {
	it('stays within 300 KB', () => {
		// The same selection as src/service-worker.ts: the build's code and styles, static files (not the
		// precompressed twins, not the 512 px icon, not course recordings: tests/e2e/offline/narration.spec.ts),
		// the prerendered offline page, and the worker itself.
		const files = walk(CLIENT).filter((f) => !/\.(br|gz|mp3|m4a|ogg)$/.test(f) && !f.includes('icon-512'));
		const prerendered = existsSync('build/prerendered')
			? walk('build/prerendered').filter((f) => !/\.(br|gz)$/.test(f))
			: [];
		const total = [...files, ...prerendered].reduce((sum, f) => sum + wireBytes(f), 0);
		console.log(`precache: ${(total / 1024).toFixed(1)} KB over ${files.length + prerendered.length} files`);
		expect(total).toBeLessThanOrEqual(BUDGET);
	});
});
