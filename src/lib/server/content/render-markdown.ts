// Course markdown to a page's HTML at run time, for courses kept as data (written in the trainers' studio) rather
// than compiled into the build. It takes the build's own steps (svelte.config.js) up to Svelte markup, then reads
// that markup as data (markup-interpreter.ts) instead of compiling it: trainer text must never become code.
import { mdsvex } from 'mdsvex';
import { Audio, Figure, PracticeQuiz, Steps, Term, Tip, Warning } from '../../components/course/index.ts';
import { imageSize } from '../../content/image-size.js';
import { BLOCKS as SETTINGS } from '../../content/markup.js';
import { restoreNeutralised } from '../../content/neutralise.js';
import { transformCourseMarkdown } from '../../content/preprocess.js';
import { interpretMarkup } from './markup-interpreter.ts';
import { CourseRenderError, failureProblem, type MarkupError } from './render-failure.ts';
import type { Block } from './markup-interpreter.ts';
import type { MediaFile } from './markup-values.ts';
import { sanitizeLessonHtml } from './sanitize.ts';

export type { MediaFile };

// One preprocessor for every file, as in svelte.config.js: the standalone compile() builds a new one per call,
// which made mdsvex's share of a lesson take twice as long.
const markdown = mdsvex({ extensions: ['.md'] });

const BLOCKS: Record<string, Block> = {
	Tip: { component: Tip, props: SETTINGS.Tip },
	Warning: { component: Warning, props: SETTINGS.Warning },
	Steps: { component: Steps, props: SETTINGS.Steps },
	Figure: { component: Figure, props: SETTINGS.Figure },
	Audio: { component: Audio, props: SETTINGS.Audio },
	Term: { component: Term, props: SETTINGS.Term },
	// Written by the preprocessor for a quiz block, never by a trainer.
	PracticeQuiz: { component: PracticeQuiz, props: ['questions'] }
};

/**
 * Renders one course markdown file (a lesson or course.md) to the sanitized HTML its page shows, the same HTML
 * the build-time path (lesson-html.ts) gives.
 * @param opts.folder the course folder, e.g. '01-raising-chickens' (lesson links use its slug)
 * @param opts.file e.g. '03-vaccination.md'
 * @param opts.media the folder's other files by name: each picture's or recording's URL, and a picture's bytes
 *   for its size
 */
export async function renderCourseMarkdown(
	source: string,
	opts: { folder: string; file: string; media: Record<string, MediaFile> }
): Promise<string> {
	const { folder, file, media } = opts;
	const name = `${folder}/${file}`;
	if (file === 'exam.md') throw new Error(`${name}: an exam is never rendered (its answers would reach the page)`);
	const sizeOf = (src: string) => {
		const bytes = Object.hasOwn(media, src) ? media[src].bytes : undefined;
		try {
			return bytes ? imageSize(bytes) : null;
		} catch {
			return null; // an unreadable picture is the checker's to report
		}
	};
	const markup = await markdown.markup({ content: transformCourseMarkdown(source, name, sizeOf), filename: file });
	if (!markup) throw new Error(`${name}: mdsvex gave nothing`);
	const code = restoreNeutralised(markup.code);
	try {
		return sanitizeLessonHtml(interpretMarkup(code, name, media, BLOCKS));
	} catch (caught) {
		// The parser's own errors (a block left open) name neither file nor line: the problem names the source's.
		const error = caught as MarkupError;
		const message = error.message.startsWith(name) ? error.message : `${name}: ${error.message}`;
		throw new CourseRenderError(message, failureProblem(error, source, code), { cause: error });
	}
}
