import { describe, expect, it } from 'vitest';
import { answerRange, isRecordingRequest } from './recordings';

const bytes = new Uint8Array(Array.from({ length: 100 }, (_, i) => i));
const stored = () => new Response(bytes, { headers: { 'content-type': 'audio/mpeg' } });
const asked = (range?: string) =>
	new Request('http://x/_app/immutable/assets/01-a.mp3', range ? { headers: { range } } : {});

describe('answerRange', () => {
	it('answers a request without a range with the whole recording', async () => {
		const answer = await answerRange(asked(), stored());
		expect(answer.status).toBe(200);
		expect((await answer.arrayBuffer()).byteLength).toBe(100);
	});

	it.each([
		['bytes=0-', 0, 99],
		['bytes=10-19', 10, 19],
		['bytes=90-500', 90, 99],
		['bytes=-5', 95, 99]
	])('answers %s with those bytes (206)', async (range, start, end) => {
		const answer = await answerRange(asked(range), stored());
		expect(answer.status).toBe(206);
		expect(answer.headers.get('content-range')).toBe(`bytes ${start}-${end}/100`);
		expect(answer.headers.get('content-type')).toBe('audio/mpeg');
		expect([...new Uint8Array(await answer.arrayBuffer())]).toEqual([...bytes.subarray(start, end + 1)]);
	});

	it('answers a range past the end with 416', async () => {
		const answer = await answerRange(asked('bytes=100-'), stored());
		expect(answer.status).toBe(416);
		expect(answer.headers.get('content-range')).toBe('bytes */100');
	});
});

describe('isRecordingRequest', () => {
	it('knows recordings by the player asking or by their kind of file', () => {
		expect(isRecordingRequest(new URL('http://x/a/b'), 'audio')).toBe(true);
		expect(isRecordingRequest(new URL('http://x/_app/immutable/assets/a.MP3'), '')).toBe(true);
		expect(isRecordingRequest(new URL('http://x/courses/a/b'), 'document')).toBe(false);
		expect(isRecordingRequest(new URL('http://x/_app/immutable/assets/a.svg'), 'image')).toBe(false);
	});
});
