// npm run content:narrate -- <course folder or slug> [--rate N]
//
// Records a synthetic narration of every lesson of a course with a speech program and writes each lesson's
// `audio:` front matter, so that a phone without a Chinese voice (WeChat's browser has none) can still play the
// lesson aloud. Only the person generating needs the programs (Debian: apt-get install espeak-ng lame); the app,
// its build and CI use the MP3 files as they are.
//
// Voice: espeak-ng's "cmn-latn-pinyin" Mandarin voice. Its plain "cmn" voice (espeak-ng 1.51, as Debian ships
// it) reads the tone numbers of its own dictionary in English ("ni three"); mbrola's Mandarin voice is not in
// Debian. The words come from narration-text.ts, by read-aloud's rules. Encoding: mono MP3, MPEG-2 at 16 kHz,
// about 10 kbit/s (ABR 9, frames of at most 16), sound up to 4.5 kHz: a ~3 minute lesson is ~220 KB, so a
// course of six with its pages stays within what a saved course may take on a phone (2 MB in all), and every
// phone plays MPEG-2 layer III. Measured on a lesson against a 64 kbit/s encoding: ABR 12 (the next step up,
// sound to 5.5 kHz) is 19% larger for 1 dB more signal-to-noise; 8 kbit/s CBR cuts everything above 3 kHz,
// where the hiss of s, sh and x is.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LESSON_FILE_RE, parseFrontMatter } from '../../content/format.js';
import { mp3Frame } from '../content/audio-files.ts';
import { lessonNarrationText, speakableMandarin } from './narration-text.ts';

const ROOT = 'content/courses';
const VOICES: Record<string, string> = { 'zh-CN': 'cmn-latn-pinyin', en: 'en-us' };
// espeak-ng's words per minute; its Mandarin at 165 is about 3 characters a second, slower than people talk.
const DEFAULT_RATE = 165;
// 70 of 200: espeak-ng's default (100) clips on some syllables.
const AMPLITUDE = 70;
const LAME_OPTIONS = ['--quiet', '-m', 'm', '--resample', '16', '--abr', '9', '-B', '16', '--lowpass', '4.5'];

function run(program: string, args: string[]): string {
	try {
		return execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			console.error(`${program} is not installed. On Debian or Ubuntu: apt-get install espeak-ng lame`);
			process.exit(2);
		}
		throw error;
	}
}

/** Seconds of sound and the loudest sample (of 32767) of a 16-bit mono WAV file written by espeak-ng. */
function measureWav(path: string): { seconds: number; peak: number; clipped: number } {
	const wav = readFileSync(path);
	let at = 12;
	let rate = 22050;
	while (at + 8 <= wav.length) {
		const id = wav.toString('ascii', at, at + 4);
		const size = wav.readUInt32LE(at + 4);
		if (id === 'fmt ') rate = wav.readUInt32LE(at + 12);
		if (id === 'data') {
			// espeak-ng writes to a file with a placeholder size when it streams: trust the file's length.
			const end = Math.min(wav.length, at + 8 + (size || wav.length));
			let peak = 0;
			let clipped = 0;
			for (let i = at + 8; i + 1 < end; i += 2) {
				const sample = Math.abs(wav.readInt16LE(i));
				peak = Math.max(peak, sample);
				if (sample >= 32700) clipped++;
			}
			return { seconds: (end - at - 8) / 2 / rate, peak, clipped };
		}
		at += 8 + size + (size % 2);
	}
	throw new Error(`${path}: no sound in the WAV file`);
}

/** The markdown file with the front matter field `key` set to `value` (replacing an old one). */
function withField(source: string, key: string, value: string): string {
	const lines = source.split('\n');
	const close = lines.findIndex((line, i) => i > 0 && /^---\s*$/.test(line));
	const existing = lines.findIndex((line, i) => i > 0 && i < close && new RegExp(`^${key}\\s*:`).test(line));
	const entry = `${key}: ${value}`;
	if (existing > 0) lines[existing] = entry;
	else lines.splice(close, 0, entry);
	return lines.join('\n');
}

/** The lesson file with its `audio:` front matter set to `name` (replacing an old one). */
export const withAudio = (source: string, name: string) =>
	withField(source, 'audio', `${name} # synthetic narration: see NOTICE.txt`);

/** The course file saying its narration is read by a computer, which the lesson page then tells learners. */
export const withSyntheticNarration = (source: string) =>
	withField(source, 'narration', 'synthetic # the recordings are read by a computer: see NOTICE.txt');

function courseFolder(name: string): string {
	const folder = readdirSync(ROOT).find((f) => f === name || f.replace(/^\d{2}-/, '') === name);
	if (!folder) {
		console.error(`No course "${name}" in ${ROOT}. Courses: ${readdirSync(ROOT).join(', ')}`);
		process.exit(2);
	}
	return join(ROOT, folder);
}

function main() {
	const args = process.argv.slice(2);
	const rateAt = args.indexOf('--rate');
	const rate = rateAt >= 0 ? Number(args.splice(rateAt, 2)[1]) : DEFAULT_RATE;
	if (args.length !== 1 || !(rate >= 80 && rate <= 400)) {
		console.error('usage: npm run content:narrate -- <course folder or slug> [--rate 80..400]');
		process.exit(2);
	}
	const dir = courseFolder(args[0]);
	const language = String(parseFrontMatter(readFileSync(join(dir, 'course.md'), 'utf8')).data?.language ?? 'zh-CN');
	const voice = VOICES[language] ?? VOICES['zh-CN'];
	const espeak = run('espeak-ng', ['--version']).trim().split('  ')[0];
	const lame = run('lame', ['--version'])
		.split('\n')[0]
		.replace(/\s*\(.*$/, '')
		.trim();
	const work = mkdtempSync(join(tmpdir(), 'narration-'));
	const rows: string[] = [];
	let total = 0;
	try {
		for (const file of readdirSync(dir)
			.filter((f) => LESSON_FILE_RE.test(f))
			.sort()) {
			const source = readFileSync(join(dir, file), 'utf8');
			const words = lessonNarrationText(source);
			const text = language === 'zh-CN' ? speakableMandarin(words) : words;
			const name = file.replace(/\.md$/, '.mp3');
			const txt = join(work, 'lesson.txt');
			const wav = join(work, 'lesson.wav');
			writeFileSync(txt, text);
			run('espeak-ng', ['-v', voice, '-s', String(rate), '-a', String(AMPLITUDE), '-f', txt, '-w', wav]);
			const sound = measureWav(wav);
			if (sound.clipped > 0) console.warn(`${file}: ${sound.clipped} samples clip; lower AMPLITUDE`);
			run('lame', [...LAME_OPTIONS, wav, join(dir, name)]);
			const mp3 = readFileSync(join(dir, name));
			const frame = mp3Frame(mp3);
			if (!frame) throw new Error(`${name}: lame did not write an MP3`);
			writeFileSync(join(dir, file), withAudio(source, name));
			const size = statSync(join(dir, name)).size;
			total += size;
			const minutes = `${Math.floor(sound.seconds / 60)}:${String(Math.round(sound.seconds % 60)).padStart(2, '0')}`;
			rows.push(
				`  ${name.padEnd(28)} ${minutes.padStart(5)}  ${String(Math.round(size / 1024)).padStart(4)} KB  ` +
					`${[...text].length} characters, peak ${Math.round((100 * sound.peak) / 32767)}%`
			);
		}
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
	const table = rows.join('\n');
	const settings =
		`${espeak}, voice ${voice}, rate ${rate}, amplitude ${AMPLITUDE}; ${lame}: ` +
		'mono, MPEG-2 layer III, 16 kHz, ABR 9 kbit/s (frames of at most 16), low-pass 4.5 kHz';
	writeFileSync(join(dir, 'NOTICE.txt'), notice(table, settings, total));
	writeFileSync(join(dir, 'course.md'), withSyntheticNarration(readFileSync(join(dir, 'course.md'), 'utf8')));
	console.log(`${dir}\n${table}\n  in all: ${Math.round(total / 1024)} KB\n${settings}`);
}

/** The course folder's note on where its recordings come from, how they were checked and what they may be used for. */
function notice(table: string, settings: string, total: number): string {
	return `Recorded narration of this course (lesson front matter "audio:")

The recordings are synthetic: no person read them. They were made by the generator in this repository
(src/lib/server/tooling/narration.ts, run as "npm run content:narrate -- <course>") from the text of the
lessons, with the free speech program espeak-ng and the MP3 encoder LAME. The voice is robotic: it may read a
character with two readings (多音字) the wrong way, and it stresses and joins words less well than a person.
They were checked by measurement (length, loudness, no clipped samples, MP3 frames every phone decodes), not
by a person listening. A recording by a person may replace any of them (same file name, MP3, mono).

Licence: the recordings are made from the course text and may be used wherever the course text may, under
the same terms. They contain no recorded voice of anyone: espeak-ng makes the sound from rules.
espeak-ng (GPL-3.0-or-later) and LAME (LGPL-2.0-or-later) are the programs that made them; their licences
cover the programs, not the sound they produce, and neither program is part of the app, its build or its
tests.

Made with: ${settings}.
Words: the title, headings, paragraphs, list items, tips, warnings, terms, captions and table cells of each
lesson, in order (what the lesson page's read-aloud reads); not the practice questions, pictures or code.

Files (duration, size):
${table}
  in all: ${Math.round(total / 1024)} KB

On a phone: opening a lesson does not download its recording; the player fetches it when the learner
presses play (about 75 KB a minute). Saving the course for offline use stores the recordings with the pages
and pictures; tests/e2e/offline/narration.spec.ts checks that the whole saved course stays within 2 MB.
`;
}

// Run as a script (not when a test imports withAudio).
if (process.argv[1]?.endsWith('narration.ts')) main();
