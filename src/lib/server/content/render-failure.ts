// When a course file cannot become a page (Svelte's parser or compiler, or the renderer, refuses what mdsvex made
// of it), the problem a trainer can act on, at the line of their own file.
import type { Problem, ProblemBody } from '../../content/problems.js';

/** An error from Svelte's parser or compiler, or from the renderer: `position` is an offset in the markup. */
export type MarkupError = Error & { code?: string; position?: [number, number] };

/** What went wrong, in the checker's words; `found` is the markup at the error. */
function explain(error: MarkupError, found: string): ProblemBody {
	const tag = /^<([A-Za-z][\w.-]*)/.exec(found)?.[1];
	if (error.code === 'block_unclosed' || error.code === 'element_unclosed') {
		return tag ? { code: 'block_unclosed', params: { tag } } : { code: 'block_unclosed_unknown' };
	}
	if (error.code === 'element_invalid_closing_tag') {
		const closing = /^<\/([A-Za-z][\w.-]*)/.exec(found)?.[1] ?? '';
		return { code: 'closing_tag_stray', params: { tag: closing } };
	}
	return { code: 'cannot_show', params: { detail: error.message.split('\n')[0] } };
}

/**
 * The line of the source that a position in the markup made from it points at. mdsvex writes no source map, so
 * the line is found by its text: the shortest start of what stands at the error that occurs in the source, taking
 * the same occurrence (the third `<Tip>` of the markup is the third of the source).
 */
function sourceLine(source: string, markup: string, offset: number): number {
	const end = markup.indexOf('\n', offset);
	let found = markup.slice(offset, end < 0 ? undefined : end).slice(0, 40);
	for (; found.trim().length >= 2; found = found.slice(0, -1)) {
		const nth = markup.slice(0, offset).split(found).length - 1;
		let at = -1;
		for (let i = 0; i <= nth; i++) {
			at = source.indexOf(found, at + 1);
			if (at < 0) break;
		}
		if (at >= 0) return source.slice(0, at).split('\n').length;
	}
	return 1;
}

/** The problem an error shows, placed on the source's line when the error says where in the markup it stands. */
export function failureProblem(error: MarkupError, source: string, markup: string): Problem {
	const offset = error.position?.[0];
	if (offset === undefined) return { line: 1, ...explain(error, '') };
	return { line: sourceLine(source, markup, offset), ...explain(error, markup.slice(offset, offset + 40)) };
}

/** A course file the renderer could not make a page of, with the problem to show the trainer. */
export class CourseRenderError extends Error {
	constructor(
		message: string,
		readonly problem: Problem,
		options?: ErrorOptions
	) {
		super(message, options);
		this.name = 'CourseRenderError';
	}
}

/** The problem to show for whatever rendering a file threw. */
export const renderProblem = (caught: unknown): Problem =>
	caught instanceof CourseRenderError
		? caught.problem
		: { line: 1, code: 'cannot_show', params: { detail: caught instanceof Error ? caught.message : String(caught) } };
