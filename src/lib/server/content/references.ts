// Checks of what a course file points at: pictures, audio and other lessons.
import {
	AUDIO_EXTENSIONS,
	PICTURE_EXTENSIONS,
	extensionOf,
	findLessonLinks,
	findMediaRefs,
	isLocalFileName
} from '../../content/format.js';
import type { Question } from '../../content/format.js';
import type { Problem, ProblemBody } from '../../content/problems.js';

/**
 * What is wrong with a picture or audio reference (a picture_* or audio_* problem), or null when it is fine.
 * @param alt the description of a prose picture; undefined skips the alt check (quiz pictures check their own)
 */
export function mediaProblem(
	src: string,
	kind: 'picture' | 'audio',
	media: Set<string>,
	alt?: string | undefined
): ProblemBody | null {
	const extensions = kind === 'picture' ? PICTURE_EXTENSIONS : AUDIO_EXTENSIONS;
	if (!src) return { code: `${kind}_no_src` };
	if (!isLocalFileName(src)) return { code: `${kind}_not_file_name`, params: { src } };
	if (!extensions.includes(extensionOf(src))) {
		return { code: `${kind}_wrong_type`, params: { src, extensions: extensions.join(', ') } };
	}
	if (!media.has(src)) return { code: `${kind}_not_found`, params: { src } };
	if (kind === 'picture' && alt !== undefined && !alt.trim()) return { code: 'picture_no_alt', params: { src } };
	return null;
}

/**
 * Problems with the media and lesson links of one file's body. Quiz pictures are checked for existence here;
 * their alt text was already checked by parseQuizBlocks.
 */
export function referenceProblems(
	body: string,
	bodyStartLine: number,
	questions: Question[],
	media: Set<string>,
	lessonFiles: string[]
): Problem[] {
	const problems: Problem[] = [];
	for (const ref of findMediaRefs(body, bodyStartLine)) {
		const kind = ref.kind === 'audio' ? 'audio' : 'picture';
		const problem = mediaProblem(ref.src, kind, media, kind === 'picture' ? (ref.alt ?? '') : undefined);
		if (problem) problems.push({ line: ref.line, ...problem });
	}
	for (const q of questions) {
		for (const picture of [q.image, ...q.options.map((o) => o.image)]) {
			const problem = picture && mediaProblem(picture.src, 'picture', media);
			if (problem) problems.push({ line: q.line, ...problem });
		}
	}
	for (const link of findLessonLinks(body, bodyStartLine)) {
		if (!lessonFiles.includes(link.target)) {
			problems.push({ line: link.line, code: 'link_no_lesson', params: { target: link.target } });
		}
	}
	return problems;
}
