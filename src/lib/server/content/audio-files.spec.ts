import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUDIO_MAX_BYTES, audioFileProblem, audioFileProblems, mp3Frame } from './audio-files.ts';

// A real MP3 made by LAME (mono, MPEG-2, 16 kHz, 8 kbit/s), about a second long.
const REAL = new Uint8Array(readFileSync('tests/fixtures/content/good/01-raising-chickens/02-feed.mp3'));

describe('mp3Frame', () => {
	it('reads the first frame of an MP3, after its ID3 tag', () => {
		expect(mp3Frame(REAL)).toEqual({ version: '2', bitrateKbps: 8, sampleRate: 16000, mono: true });
		// The same frames behind an ID3v2 tag of 5 bytes.
		const tagged = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4, 5, ...REAL]);
		expect(mp3Frame(tagged)?.sampleRate).toBe(16000);
	});

	it('refuses what only looks like an MP3 by its name', () => {
		const text = (s: string) => new TextEncoder().encode(s);
		expect(mp3Frame(text('RIFF$\0\0\0WAVEfmt '))).toBeNull();
		expect(mp3Frame(text('<!doctype html>'))).toBeNull();
		expect(mp3Frame(text('ID3fake'))).toBeNull();
		// A frame sync of layer II (not III) and one with a reserved sample rate.
		expect(mp3Frame(new Uint8Array([0xff, 0xf5, 0x90, 0xc4]))).toBeNull();
		expect(mp3Frame(new Uint8Array([0xff, 0xf3, 0x1c, 0xc4]))).toBeNull();
		expect(mp3Frame(new Uint8Array([]))).toBeNull();
	});
});

describe('audioFileProblem', () => {
	it('passes a small MP3', () => {
		expect(audioFileProblem('01-feed.mp3', REAL, true)).toBeNull();
	});

	it('refuses a recording over the size limit', () => {
		const big = new Uint8Array(AUDIO_MAX_BYTES + 1);
		big.set(REAL);
		expect(audioFileProblem('long.mp3', big, false)).toEqual({
			code: 'audio_too_big',
			params: { name: 'long.mp3', size: 601, max: 600 }
		});
		expect(audioFileProblem('long.mp3', big.subarray(0, AUDIO_MAX_BYTES), false)).toBeNull();
	});

	it('wants a narration in MP3, other recordings in any allowed kind', () => {
		const m4a = new TextEncoder().encode('\0\0\0\x18ftypM4A ');
		expect(audioFileProblem('01-feed.m4a', m4a, true)).toEqual({
			code: 'narration_not_mp3',
			params: { name: '01-feed.m4a' }
		});
		expect(audioFileProblem('song.m4a', m4a, false)).toBeNull();
	});
});

describe('audioFileProblems', () => {
	it('reports at the line of the front matter or of the block, and leaves missing files to the folder check', () => {
		const files = {
			'01-first.md': '---\ntitle: 一\nminutes: 5\naudio: 01-first.mp3\n---\n\n文字。\n\n<Audio src="bad.mp3" />\n',
			'02-second.md': '---\ntitle: 二\nminutes: 5\naudio: gone.mp3\n---\n\n文字。\n'
		};
		const disk: Record<string, Uint8Array> = { '01-first.mp3': REAL, 'bad.mp3': new Uint8Array(10) };
		expect(audioFileProblems(files, (name) => disk[name] ?? null)).toEqual([
			{ file: '01-first.md', line: 9, code: 'audio_not_mp3', params: { name: 'bad.mp3' } }
		]);
	});
});
