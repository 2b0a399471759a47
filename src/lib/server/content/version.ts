import { createHash } from 'node:crypto';

/**
 * The content version of one course: the first 12 hex digits of SHA-256 over its markdown file names and texts and
 * its media URLs. Vite fingerprints media URLs in the build, so a changed picture changes the version too.
 * @param markdown file name → raw text
 * @param media file name → URL
 */
export function courseVersion(markdown: Record<string, string>, media: Record<string, string>): string {
	const hash = createHash('sha256');
	for (const name of Object.keys(markdown).sort()) hash.update(`${name}\0${markdown[name]}\0`);
	for (const name of Object.keys(media).sort()) hash.update(`${name}\0${media[name]}\0`);
	return hash.digest('hex').slice(0, 12);
}
