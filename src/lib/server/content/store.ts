// The parsed course index, bundled into the server at build time (there is no content/ folder at run time).
// Raw markdown, exam answers included, is only ever imported here, on the server.
import { buildIndex } from './build-index.ts';
import type { ContentIndex, IndexedCourse } from './types.ts';

const rawFiles = import.meta.glob<string>('/content/courses/*/*.md', { eager: true, query: '?raw', import: 'default' });
const mediaUrls = import.meta.glob<string>('/content/courses/*/*.{svg,png,jpg,jpeg,webp,mp3,m4a,ogg}', {
	eager: true,
	query: '?url',
	import: 'default'
});

let index: ContentIndex | undefined;
const problems: string[] = [];

/** The index, built on first use and kept for the life of the process. */
export function contentIndex(): ContentIndex {
	index ??= buildIndex(rawFiles, mediaUrls, (problem) => {
		problems.push(problem);
		console.error(problem);
	});
	return index;
}

/** The indexed course (answer key included): for server modules only, never to return from a load. */
export function findCourse(slug: string): IndexedCourse | undefined {
	return contentIndex().bySlug.get(slug);
}

/**
 * What the index had to skip, as `path:line: problem`. Empty in a production build (the build runs the checker
 * first); in development it shows trainers their mistakes as they write.
 */
export function contentProblems(): string[] {
	contentIndex();
	return [...problems];
}
