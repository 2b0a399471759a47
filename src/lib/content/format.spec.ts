import { describe, expect, it } from 'vitest';
import {
	courseMetaSchema,
	findLessonLinks,
	findMediaRefs,
	lessonMetaSchema,
	parseFrontMatter,
	parseQuizBlocks,
	slugFromFileName,
	validateMeta
} from './format.js';

const quiz = (lines: string[]) => ['intro', '', '```quiz', ...lines, '```'].join('\n');
// The quiz lines above start on body line 4; with bodyStartLine 10 that is file line 13.
const at = (offset: number) => 13 + offset;

describe('slugFromFileName', () => {
	it.each([
		['03-vaccination.md', 'vaccination'],
		['01-raising-chickens', 'raising-chickens'],
		['12-feed-2.md', 'feed-2'],
		['3-feed.md', null],
		['03-Feed.md', null],
		['03_feed.md', null],
		['03-feed-.md', null],
		['course.md', null]
	])('%s → %s', (name, slug) => expect(slugFromFileName(name)).toBe(slug));
});

describe('parseFrontMatter', () => {
	it('splits front matter from the body and knows the line of each key', () => {
		const fm = parseFrontMatter('---\ntitle: 喂料\nminutes: 8\n---\nbody\nmore');
		expect(fm).toEqual({
			data: { title: '喂料', minutes: 8 },
			body: 'body\nmore',
			bodyStartLine: 5,
			problems: [],
			keyLines: { title: 2, minutes: 3 }
		});
	});
	it.each([
		['no front matter', 'just text', null, []],
		['unclosed', '---\ntitle: x\n', null, [{ line: 1, code: 'front_matter_unclosed' }]],
		['not a mapping', '---\n- a\n---\n', null, [{ line: 2, code: 'front_matter_not_mapping' }]],
		['empty', '---\n---\n', {}, []]
	])('%s', (_name, source, data, problems) => {
		const fm = parseFrontMatter(source);
		expect(fm.data).toEqual(data);
		expect(fm.problems).toEqual(problems);
	});
	it('reports invalid YAML at its line', () => {
		const { problems } = parseFrontMatter('---\ntitle: x\nminutes: : 3\n---\n');
		expect(problems).toEqual([{ line: 3, code: 'front_matter_yaml', params: { detail: expect.any(String) } }]);
		expect(problems[0].params?.detail).not.toBe('');
	});
	// YAML reads a value starting with * as a reference to another one, and with & as a name for it. Bold written as
	// in a lesson threw while the values were read, and took the checker and the studio's pages down with it.
	it.each([
		['bold written as in a lesson', '---\ntitle: **重点**养鸡\nminutes: 5\n---\n', [2]],
		['italic', '---\ntitle: 课\nminutes: 5\nsummary: *新*\n---\n', [4]],
		['a name and a reference to it', '---\ntitle: &t 养鸡\nsummary: *t\n---\n', [2, 3]],
		['a chain of references', `---\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b, *b]\n---\n`, [2, 3, 3, 3, 4, 4, 4]]
	])('says at its line that a value may not start with * or &: %s', (_name, source, lines) => {
		const fm = parseFrontMatter(source);
		expect(fm.data).toBeNull();
		expect(fm.problems).toEqual(lines.map((line) => ({ line, code: 'front_matter_reference' })));
	});
	it('reads the same value in quotes as text', () => {
		expect(parseFrontMatter('---\ntitle: "**重点**养鸡"\n---\n').data).toEqual({ title: '**重点**养鸡' });
	});
	it("knows the line of a key named like one of an object's own", () => {
		const fm = parseFrontMatter('---\ntitle: 课\n"__proto__": 1\nconstructor: 2\n---\n');
		expect(fm.keyLines.__proto__).toBe(3);
		expect(fm.keyLines.constructor).toBe(4);
		expect(validateMeta(lessonMetaSchema, fm).problems).toEqual(
			expect.arrayContaining([
				{ line: 3, code: 'field_unknown', params: { field: '__proto__' } },
				{ line: 4, code: 'field_unknown', params: { field: 'constructor' } }
			])
		);
	});
});

describe('validateMeta', () => {
	const course = [
		'title: 家庭养鸡',
		'summary: 养鸡',
		'category: farming',
		'language: zh-CN',
		'level: beginner',
		'minutes: 90',
		'cover: cover.svg',
		'passMark: 60'
	];
	const check = (lines: string[], schema: typeof courseMetaSchema | typeof lessonMetaSchema = courseMetaSchema) =>
		validateMeta(schema, parseFrontMatter(['---', ...lines, '---', ''].join('\n')));

	it('fills the defaults', () => {
		expect(check(course).meta).toMatchObject({ examAttemptsPerDay: 3, requireAllLessons: true, passMark: 60 });
	});
	it.each([
		['category: cooking', 4, 'field_not_category'],
		['level: expert', 6, 'field_not_level'],
		['minutes: 0', 7, 'field_not_positive'],
		['minutes: 1.5', 7, 'field_not_positive'],
		['passMark: 101', 9, 'field_not_pass_mark'],
		['passMark: -1', 9, 'field_not_pass_mark'],
		['title:', 2, 'field_missing'],
		['language: chinese', 5, 'field_not_language'],
		['cover: 3', 8, 'field_not_picture'],
		['summary: ""', 3, 'field_not_text']
	])('%s', (replacement, line, code) => {
		const key = replacement.split(':')[0];
		const lines = course.map((l) => (l.startsWith(`${key}:`) ? replacement : l));
		expect(check(lines).problems).toEqual([{ line, code, params: { field: key } }]);
	});
	it('reports missing and unknown fields', () => {
		expect(check([...course.slice(1), 'passmark: 5']).problems).toEqual([
			{ line: 1, code: 'field_missing', params: { field: 'title' } },
			{ line: 9, code: 'field_unknown', params: { field: 'passmark' } }
		]);
	});
	it('reports examAttemptsPerDay and requireAllLessons of the wrong kind', () => {
		expect(check([...course, 'examAttemptsPerDay: 0', 'requireAllLessons: yes']).problems).toEqual([
			{ line: 10, code: 'field_not_attempts', params: { field: 'examAttemptsPerDay' } },
			{ line: 11, code: 'field_not_boolean', params: { field: 'requireAllLessons' } }
		]);
	});
	it('says who reads the recordings: a person unless the course says a computer does', () => {
		expect(check(course).meta).toMatchObject({ narration: 'person' });
		expect(check([...course, 'narration: synthetic']).meta).toMatchObject({ narration: 'synthetic' });
		expect(check([...course, 'narration: robot']).problems).toEqual([
			{ line: 10, code: 'field_not_narration', params: { field: 'narration' } }
		]);
	});
	it('accepts a lesson with optional audio', () => {
		expect(check(['title: 喂料', 'minutes: 8', 'audio: a.mp3'], lessonMetaSchema).meta).toEqual({
			title: '喂料',
			minutes: 8,
			audio: 'a.mp3'
		});
	});
	it('reports missing front matter', () => {
		expect(validateMeta(lessonMetaSchema, parseFrontMatter('text')).problems).toEqual([
			{ line: 1, code: 'front_matter_missing' }
		]);
	});
});

describe('parseQuizBlocks', () => {
	it('parses the three question types, pictures and ids', () => {
		const body = quiz([
			'单选：一平方米养几只？',
			'![鸡舍](house.svg)',
			'- [ ] 1 只',
			'- [x] 5 只',
			'解释：太挤了容易生病。',
			'',
			'多选：哪些是公鸡？',
			'- [x] ![大公鸡](rooster.svg)',
			'- [ ] 母鸡',
			'explain: 公鸡会打鸣。',
			'',
			'truefalse: Sick hens can be sold.',
			'- [ ] true',
			'- [X] false',
			'explain: They spread disease.',
			'  Bury them.'
		]);
		const { questions, problems, blocks } = parseQuizBlocks(body, { bodyStartLine: 10 });
		expect(problems).toEqual([]);
		expect(blocks).toEqual([{ start: 2, end: 19, questions }]);
		expect(questions).toEqual([
			{
				id: 'q1',
				type: 'single',
				text: '一平方米养几只？',
				image: { src: 'house.svg', alt: '鸡舍' },
				options: [
					{ id: 'a', text: '1 只', correct: false },
					{ id: 'b', text: '5 只', correct: true }
				],
				explanation: '太挤了容易生病。',
				line: at(0)
			},
			{
				id: 'q2',
				type: 'multiple',
				text: '哪些是公鸡？',
				options: [
					{ id: 'a', text: '', image: { src: 'rooster.svg', alt: '大公鸡' }, correct: true },
					{ id: 'b', text: '母鸡', correct: false }
				],
				explanation: '公鸡会打鸣。',
				line: at(6)
			},
			{
				id: 'q3',
				type: 'truefalse',
				text: 'Sick hens can be sold.',
				options: [
					{ id: 'a', text: 'true', correct: false },
					{ id: 'b', text: 'false', correct: true }
				],
				explanation: 'They spread disease.\nBury them.',
				line: at(11)
			}
		]);
	});

	it('numbers questions across blocks and ignores other code blocks', () => {
		const one = ['单选：甲？', '- [x] 是', '- [ ] 否', '解释：因为。'];
		const body = [quiz(one), '```md', '单选：不是题', '```', quiz(one)].join('\n');
		const { questions, blocks } = parseQuizBlocks(body);
		expect(questions.map((q) => q.id)).toEqual(['q1', 'q2']);
		expect(blocks.map((b) => b.questions.length)).toEqual([1, 1]);
	});

	it('reads review lines in exams only', () => {
		const lines = ['单选：甲？', '- [x] 是', '- [ ] 否', '解释：因为。', '复习：03-vaccination.md'];
		const exam = parseQuizBlocks(quiz(lines), { exam: true, bodyStartLine: 10 });
		expect(exam.questions[0].review).toBe('vaccination');
		expect(exam.reviews).toEqual([{ questionId: 'q1', file: '03-vaccination.md', line: at(4) }]);
		expect(parseQuizBlocks(quiz(lines), { bodyStartLine: 10 }).problems).toEqual([
			{ line: at(4), code: 'review_outside_exam' }
		]);
	});

	const ok = ['- [ ] 甲', '- [x] 乙', '解释：因为。'];
	type Expected = [offset: number, code: string, params?: Record<string, string | number>];
	it.each<[string, string[], Expected[]]>([
		['no type', ['一平方米养几只？', ...ok], [[0, 'question_no_type']]],
		['no text', ['单选：', ...ok], [[0, 'question_no_text']]],
		['one option', ['单选：问？', '- [x] 甲', '解释：因为。'], [[0, 'question_option_count', { count: 1 }]]],
		[
			'seven options',
			['多选：问？', ...Array.from({ length: 7 }, (_, i) => `- [x] ${i}`), '解释：因为。'],
			[[0, 'question_option_count', { count: 7 }]]
		],
		['no explanation', ['单选：问？', '- [ ] 甲', '- [x] 乙'], [[0, 'question_no_explanation']]],
		['two explanations', ['单选：问？', ...ok, '', '解释：又一个。'], [[5, 'question_two_explanations']]],
		['no right answer', ['单选：问？', '- [ ] 甲', '- [ ] 乙', '解释：因为。'], [[0, 'question_no_right_answer']]],
		[
			'two right answers',
			['单选：问？', '- [x] 甲', '- [x] 乙', '解释：因为。'],
			[[0, 'single_many_right', { count: 2 }]]
		],
		[
			'true/false with other options',
			['判断：问？', '- [x] 是', '- [ ] 不是', '解释：因为。'],
			[[0, 'truefalse_options']]
		],
		[
			'true/false with two right',
			['判断：问？', '- [x] 对', '- [x] 错', '解释：因为。'],
			[[0, 'truefalse_many_right', { count: 2 }]]
		],
		['picture without alt', ['单选：问？', '![](a.svg)', ...ok], [[1, 'quiz_picture_no_alt']]],
		['two pictures', ['单选：问？', '![甲](a.svg)', '![乙](b.svg)', ...ok], [[2, 'question_two_pictures']]],
		[
			'picture after the options',
			['单选：问？', ...ok.slice(0, 2), '![甲](a.svg)', ok[2]],
			[[3, 'question_picture_misplaced']]
		],
		['option after explanation', ['单选：问？', ...ok, '- [ ] 丙'], [[4, 'option_after_explanation']]],
		['empty option', ['单选：问？', '- [ ]', ...ok], [[1, 'option_no_text']]]
	])('%s', (_name, lines, expected) => {
		const { problems } = parseQuizBlocks(quiz(lines), { bodyStartLine: 10 });
		expect(problems).toEqual(
			expected.map(([offset, code, params]) => ({ line: at(offset), code, ...(params && { params }) }))
		);
	});

	it('needs a review line in exams and a closed, non-empty block', () => {
		expect(parseQuizBlocks(quiz(['单选：问？', ...ok]), { exam: true }).problems).toEqual([
			{ line: 4, code: 'exam_question_no_review' }
		]);
		expect(parseQuizBlocks(quiz(['单选：问？', ...ok, '复习：vaccination']), { exam: true }).problems).toEqual([
			{ line: 8, code: 'review_not_lesson_file' }
		]);
		expect(parseQuizBlocks(quiz([])).problems).toEqual([{ line: 3, code: 'quiz_empty' }]);
		expect(parseQuizBlocks('```quiz\n单选：问？\n- [ ] 甲\n- [x] 乙\n解释：因为。').problems).toEqual([
			{ line: 1, code: 'quiz_unclosed' }
		]);
	});
});

describe('findMediaRefs and findLessonLinks', () => {
	const body = [
		'看图 ![鸡舍](house.svg) 和[下一课](02-feed.md#top)。',
		'<Figure',
		'  src="hen.svg"',
		'  caption="母鸡" />',
		'<Audio src="talk.mp3" title="听" />',
		'```md',
		'![代码里](no.svg) [no](03-x.md)',
		'```',
		'[外面](https://example.com/a.md) [课程](../02-x/01-a.md)'
	].join('\n');

	it('finds pictures and audio outside code blocks, with lines and offsets', () => {
		const refs = findMediaRefs(body, 5);
		expect(refs.map(({ kind, src, alt, line }) => ({ kind, src, alt, line }))).toEqual([
			{ kind: 'image', src: 'house.svg', alt: '鸡舍', line: 5 },
			{ kind: 'figure', src: 'hen.svg', alt: undefined, line: 6 },
			{ kind: 'audio', src: 'talk.mp3', alt: undefined, line: 9 }
		]);
		expect(body.slice(refs[0].start, refs[0].end)).toBe('![鸡舍](house.svg)');
		expect(body.slice(refs[1].start, refs[1].end)).toBe('src="hen.svg"');
	});

	it('finds relative links to markdown files', () => {
		const links = findLessonLinks(body, 5);
		expect(links.map(({ target, hash, line }) => ({ target, hash, line }))).toEqual([
			{ target: '02-feed.md', hash: '#top', line: 5 },
			{ target: '../02-x/01-a.md', hash: '', line: 13 }
		]);
		expect(body.slice(links[0].start, links[0].end)).toBe('02-feed.md#top');
	});
});
