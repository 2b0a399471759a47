// A course's pictures and recordings as HTTP answers. Trainers upload them, so an SVG is a document that could
// carry script if opened by its address: every answer forbids running anything (a sandbox, no sources allowed).
import { isMarkdown } from './folder-files.ts';
import { readBlob, statusesHolding } from './library.ts';

const TYPES: Record<string, string> = {
	svg: 'image/svg+xml',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	mp3: 'audio/mpeg',
	m4a: 'audio/mp4',
	ogg: 'audio/ogg'
};

const SHA = /^[0-9a-f]{64}$/;

/**
 * The file as an answer, or null when no version of the kind asked for holds a file of that hash and name.
 * @param of 'published': only files of versions learners may see (published, superseded or withdrawn: a learner's
 * saved copy may be older than the live version); 'draft': files of drafts too (the studio's preview)
 */
export async function mediaResponse(sha256: string, name: string, of: 'published' | 'draft'): Promise<Response | null> {
	const type = TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()];
	if (!SHA.test(sha256) || !type || isMarkdown(name)) return null;
	const statuses = await statusesHolding(sha256, name);
	if (!statuses.some((s) => of === 'draft' || s !== 'draft')) return null;
	const bytes = await readBlob(sha256);
	if (!bytes) return null;
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': type,
			'content-length': String(bytes.byteLength),
			'accept-ranges': 'bytes',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
			'x-content-type-options': 'nosniff'
		}
	});
}
