// Course recordings (a lesson's narration, <Audio> blocks) for the service worker. They are not precached (each
// is a few hundred KB, wanted only by who plays it); a saved course keeps its own (saved-courses.ts), and the
// worker answers from there first, offline or not: the learner saved them to spare their data.
// A player asks for a recording in pieces (Range requests), which a cache does not answer by itself.
import { COURSE_CACHE_PREFIX } from './caches';

const RECORDING = /\.(?:mp3|m4a|ogg)$/i;

/** Whether a request is for a course recording: a player's request, or a file of a recording's kind. */
export function isRecordingRequest(url: URL, destination: RequestDestination): boolean {
	return destination === 'audio' || RECORDING.test(url.pathname);
}

/**
 * The part of a whole stored answer that a Range request asks for (206), the whole answer when it asks for no
 * range, or 416 when the range lies outside it.
 */
export async function answerRange(request: Request, whole: Response): Promise<Response> {
	const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('range')?.trim() ?? '');
	if (!range || (!range[1] && !range[2])) return whole;
	const body = await whole.arrayBuffer();
	const size = body.byteLength;
	const [start, end] = range[1]
		? [Number(range[1]), range[2] ? Math.min(Number(range[2]), size - 1) : size - 1]
		: [Math.max(0, size - Number(range[2])), size - 1];
	if (start >= size || start > end) {
		return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
	}
	return new Response(body.slice(start, end + 1), {
		status: 206,
		headers: {
			'content-type': whole.headers.get('content-type') ?? 'audio/mpeg',
			'content-range': `bytes ${start}-${end}/${size}`,
			'content-length': String(end - start + 1),
			'accept-ranges': 'bytes'
		}
	});
}

/** A saved course's copy of the recording, as the request asks for it; undefined when no saved course has it. */
export async function savedRecording(request: Request): Promise<Response | undefined> {
	for (const name of await caches.keys()) {
		if (!name.startsWith(COURSE_CACHE_PREFIX)) continue;
		const copy = await (await caches.open(name)).match(request.url, { ignoreVary: true });
		if (copy) return answerRange(request, copy);
	}
	return undefined;
}

/** A recording: from a saved course when one holds it, else from the network. */
export async function recording(request: Request): Promise<Response> {
	return (await savedRecording(request)) ?? fetch(request);
}
