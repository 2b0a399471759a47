// Checks of the recordings a course folder holds, by their bytes: the checker (check.ts) reads them from disk,
// which the index over Vite's globs cannot, so this stays out of folder.ts. A recording travels to every phone
// that saves the course, and WeChat's browser and old Android phones play MP3: so a lesson's narration must be
// an MP3 and every recording must stay small.
import { AUDIO_EXTENSIONS, extensionOf, findMediaRefs, parseFrontMatter } from '../../content/format.js';
import type { FileProblem, ProblemBody } from '../../content/problems.js';

/** Largest recording a course may hold: a lesson's narration of ~3 minutes at 16 kbit/s is ~350 KB. */
export const AUDIO_MAX_BYTES = 600 * 1024;

/** The facts of an MP3's first frame. */
export type Mp3Frame = { version: '1' | '2' | '2.5'; bitrateKbps: number; sampleRate: number; mono: boolean };

const BITRATES = {
	'1': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
	'2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
};
const SAMPLE_RATES = { '1': [44100, 48000, 32000], '2': [22050, 24000, 16000], '2.5': [11025, 12000, 8000] };

/**
 * The first MPEG audio layer III frame of a file (after an ID3v2 tag, if any), or null when the bytes do not
 * start like an MP3: a renamed WAV, M4A or web page is refused by what it is, not by its name.
 */
export function mp3Frame(bytes: Uint8Array): Mp3Frame | null {
	let at = 0;
	// ID3v2: "ID3", version (2 bytes), flags, then the tag's size in four 7-bit bytes; a footer adds 10.
	if (bytes.length >= 10 && bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) {
		const size = ((bytes[6] & 0x7f) << 21) | ((bytes[7] & 0x7f) << 14) | ((bytes[8] & 0x7f) << 7) | (bytes[9] & 0x7f);
		at = 10 + size + (bytes[5] & 0x10 ? 10 : 0);
	}
	if (at + 4 > bytes.length) return null;
	const [b0, b1, b2, b3] = bytes.subarray(at, at + 4);
	if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
	const versionBits = (b1 >> 3) & 0b11;
	const layerBits = (b1 >> 1) & 0b11;
	if (versionBits === 0b01 || layerBits !== 0b01) return null; // reserved version; not layer III
	const version = versionBits === 0b11 ? '1' : versionBits === 0b10 ? '2' : '2.5';
	const bitrateKbps = BITRATES[version === '1' ? '1' : '2'][b2 >> 4];
	const sampleRate = SAMPLE_RATES[version][(b2 >> 2) & 0b11];
	if (!bitrateKbps || !sampleRate) return null; // free-format, "bad" or reserved values
	return { version, bitrateKbps, sampleRate, mono: b3 >> 6 === 0b11 };
}

// Rounded up: a file just over the limit must not read as being at it.
const kb = (bytes: number) => Math.ceil(bytes / 1024);

/** What is wrong with one recording's bytes, or null. */
export function audioFileProblem(name: string, bytes: Uint8Array, narration: boolean): ProblemBody | null {
	const isMp3 = name.toLowerCase().endsWith('.mp3');
	if (narration && !isMp3) return { code: 'narration_not_mp3', params: { name } };
	if (isMp3 && !mp3Frame(bytes)) return { code: 'audio_not_mp3', params: { name } };
	if (bytes.length > AUDIO_MAX_BYTES) {
		return { code: 'audio_too_big', params: { name, size: kb(bytes.length), max: kb(AUDIO_MAX_BYTES) } };
	}
	return null;
}

/**
 * Problems of the recordings the course files of one folder name (a lesson's `audio:` narration and <Audio>
 * blocks). Missing files and wrong file names are not reported here: parseCourseFolder already says so.
 * @param files markdown file name → raw text
 * @param read the bytes of a file in the folder, or null when it is not there
 */
export function audioFileProblems(
	files: Record<string, string>,
	read: (name: string) => Uint8Array | null
): FileProblem[] {
	const problems: FileProblem[] = [];
	const check = (file: string, line: number, name: string, narration: boolean) => {
		// Names that are not a recording in the folder are parseCourseFolder's to report.
		const usable = /^[^/\\]+$/.test(name) && AUDIO_EXTENSIONS.includes(extensionOf(name));
		const bytes = usable ? read(name) : null;
		const problem = bytes && audioFileProblem(name, bytes, narration);
		if (problem) problems.push({ file, line, ...problem });
	};
	for (const [file, source] of Object.entries(files)) {
		if (file === 'exam.md') continue;
		const { data, body, bodyStartLine, keyLines } = parseFrontMatter(source);
		if (typeof data?.audio === 'string') check(file, keyLines.audio ?? 1, data.audio, true);
		for (const ref of findMediaRefs(body, bodyStartLine)) {
			if (ref.kind === 'audio' && ref.src) check(file, ref.line, ref.src, false);
		}
	}
	return problems;
}
