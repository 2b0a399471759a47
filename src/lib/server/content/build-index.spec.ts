import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileProblem } from '../../content/problems.js';
import { buildIndex } from './build-index.ts';
import { toLearnerQuestions } from './exam.ts';

/** A fixture folder as Vite's globs would give it: path → raw text, path → URL. */
function globFixture(fixture: string) {
	const root = join('tests/fixtures/content', fixture);
	const raw: Record<string, string> = {};
	const urls: Record<string, string> = {};
	for (const folder of readdirSync(root)) {
		for (const name of readdirSync(join(root, folder))) {
			const path = `/content/courses/${folder}/${name}`;
			if (name.endsWith('.md')) raw[path] = readFileSync(join(root, folder, name), 'utf8');
			else urls[path] = `/_app/immutable/assets/${name.replace('.', '.h4sh.')}`;
		}
	}
	return { raw, urls };
}

describe('buildIndex', () => {
	const { raw, urls } = globFixture('good');
	const index = buildIndex(raw, urls, () => expect.fail('the good fixture has no problems'));
	const course = index.bySlug.get('raising-chickens');

	it('lists the course with its lessons and URLs', () => {
		expect(index.courses.map((c) => c.slug)).toEqual(['raising-chickens']);
		expect(course).toMatchObject({
			order: 1,
			title: '测试课程',
			category: 'farming',
			level: 'beginner',
			minutes: 20,
			coverUrl: '/_app/immutable/assets/cover.h4sh.svg',
			lessonCount: 2,
			passMark: 60,
			examAttemptsPerDay: 3,
			requireAllLessons: true,
			narration: 'person',
			hasExam: true
		});
		expect(course?.lessons).toEqual([
			{
				slug: 'chicken-house',
				file: '01-chicken-house.md',
				order: 1,
				title: '建一个好鸡舍',
				minutes: 12,
				practiceCount: 3
			},
			{
				slug: 'feed',
				file: '02-feed.md',
				order: 2,
				title: '喂料喂水',
				minutes: 8,
				audioUrl: '/_app/immutable/assets/02-feed.h4sh.mp3',
				practiceCount: 2
			}
		]);
		const bytes = Object.values(raw).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
		expect(course?.sizeBytes).toBe(bytes);
	});

	it('keeps the exam with its answers and review lessons', () => {
		expect(course?.exam?.title).toBe('结业考试');
		expect(course?.exam?.questions).toHaveLength(10);
		expect(course?.exam?.questions[1]).toMatchObject({
			id: 'q2',
			explanation: '考试解释第 2 题，只在服务器上。',
			review: 'feed',
			options: [
				{ id: 'a', text: '错的', correct: false },
				{ id: 'b', text: '对的', correct: true }
			]
		});
	});

	it('versions a course by its texts and media URLs', () => {
		expect(course?.version).toMatch(/^[0-9a-f]{12}$/);
		const again = buildIndex(raw, urls).courses[0].version;
		const newPicture = { ...urls, '/content/courses/01-raising-chickens/hen.svg': '/hen.n3w.svg' };
		const newText = {
			...raw,
			'/content/courses/01-raising-chickens/02-feed.md': `${raw['/content/courses/01-raising-chickens/02-feed.md']}\n`
		};
		expect(again).toBe(course?.version);
		expect(buildIndex(raw, newPicture).courses[0].version).not.toBe(course?.version);
		expect(buildIndex(newText, urls).courses[0].version).not.toBe(course?.version);
	});

	it('skips broken files and reports them', () => {
		const broken = globFixture('bad-front-matter');
		const problems: FileProblem[] = [];
		expect(buildIndex(broken.raw, broken.urls, (p) => problems.push(p)).courses).toEqual([]);
		expect(problems).toContainEqual({
			file: '/content/courses/01-test-course/course.md',
			line: 9,
			code: 'field_not_pass_mark',
			params: { field: 'passMark' }
		});

		const shortExam = globFixture('short-exam');
		const withoutExam = buildIndex(shortExam.raw, shortExam.urls, () => {}).courses[0];
		expect(withoutExam).toMatchObject({ hasExam: false, exam: null, lessonCount: 1 });

		const duplicate = globFixture('duplicate-slug');
		const skipped: FileProblem[] = [];
		const first = buildIndex(duplicate.raw, duplicate.urls, (p) => skipped.push(p));
		expect(first.courses.map((c) => [c.slug, c.lessonCount])).toEqual([['chickens', 1]]);
		expect(skipped).toContainEqual({
			file: '/content/courses/02-chickens/course.md',
			line: 1,
			code: 'course_slug_taken',
			params: { slug: 'chickens', other: '01-chickens' }
		});
	});
});

describe('toLearnerQuestions', () => {
	const { raw, urls } = globFixture('good');
	const questions = buildIndex(raw, urls).courses[0].exam?.questions ?? [];

	it('keeps only what a learner may see', () => {
		const learner = toLearnerQuestions(questions);
		expect(learner[0]).toEqual({
			id: 'q1',
			type: 'single',
			text: '考试第 1 题？',
			options: [
				{ id: 'a', text: '错的' },
				{ id: 'b', text: '对的' }
			]
		});
		const text = JSON.stringify(learner);
		expect(text).not.toMatch(/correct|explanation|review|考试解释|"line"/);
	});

	it('keeps pictures as new objects', () => {
		const image = { src: '/a.svg', alt: 'A', extra: 'secret' };
		const [q] = toLearnerQuestions([
			{ ...questions[0], image, options: [{ id: 'a', text: '', image, correct: true }] }
		]);
		expect(q.image).toEqual({ src: '/a.svg', alt: 'A' });
		expect(q.options[0]).toEqual({ id: 'a', text: '', image: { src: '/a.svg', alt: 'A' } });
	});
});
