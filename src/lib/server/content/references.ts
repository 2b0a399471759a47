// Checks of what a course file points at: pictures, audio and other lessons.
import {
	AUDIO_EXTENSIONS,
	PICTURE_EXTENSIONS,
	extensionOf,
	findLessonLinks,
	findMediaRefs,
	isLocalFileName
} from '../../content/format.js';
import type { Problem, Question } from '../../content/format.js';

/**
 * What is wrong with a picture or audio reference, or null when it is fine.
 * @param alt the description of a prose picture; undefined skips the alt check (quiz pictures check their own)
 */
export function mediaProblem(
	src: string,
	kind: 'picture' | 'audio',
	media: Set<string>,
	alt?: string | undefined
): string | null {
	const extensions = kind === 'picture' ? PICTURE_EXTENSIONS : AUDIO_EXTENSIONS;
	if (!src) return `${kind} has no src`;
	if (!isLocalFileName(src)) return `${kind} "${src}" must be a file name in the course folder`;
	if (!extensions.includes(extensionOf(src))) return `${kind} "${src}" must be ${extensions.join(', ')}`;
	if (!media.has(src)) return `${kind} "${src}" is not in the course folder`;
	if (kind === 'picture' && alt !== undefined && !alt.trim()) return `picture "${src}" has no description (alt)`;
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
		const message = mediaProblem(ref.src, kind, media, kind === 'picture' ? (ref.alt ?? '') : undefined);
		if (message) problems.push({ line: ref.line, message });
	}
	for (const q of questions) {
		for (const picture of [q.image, ...q.options.map((o) => o.image)]) {
			const message = picture && mediaProblem(picture.src, 'picture', media);
			if (message) problems.push({ line: q.line, message });
		}
	}
	for (const link of findLessonLinks(body, bodyStartLine)) {
		if (!lessonFiles.includes(link.target)) {
			problems.push({ line: link.line, message: `link to "${link.target}" points to no lesson of this course` });
		}
	}
	return problems;
}
