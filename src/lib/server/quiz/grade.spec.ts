import { describe, expect, it } from 'vitest';
import type { Question } from '../../content/format.js';
import { gradeExam, markQuestion } from './grade.ts';

const q = (type: Question['type'], right: string[], all = ['a', 'b', 'c', 'd'], review?: string): Question =>
	({
		id: `q-${type}-${right.join('')}`,
		type,
		text: '?',
		options: all.map((id) => ({ id, text: id, correct: right.includes(id) })),
		explanation: '',
		review,
		line: 1
	}) as Question;

describe('markQuestion', () => {
	const single = q('single', ['b']);
	const truefalse = q('truefalse', ['a'], ['a', 'b']);
	const multiple = q('multiple', ['a', 'b', 'c']);
	it.each([
		['single: the right option', single, ['b'], 1],
		['single: a wrong option', single, ['a'], 0],
		['single: two options, one right', single, ['a', 'b'], 0],
		['single: nothing', single, [], 0],
		['truefalse: right', truefalse, ['a'], 1],
		['truefalse: wrong', truefalse, ['b'], 0],
		['multiple: all right ones', multiple, ['a', 'b', 'c'], 1],
		['multiple: two of three right', multiple, ['a', 'b'], 2 / 3],
		['multiple: all right plus one wrong', multiple, ['a', 'b', 'c', 'd'], 2 / 3],
		['multiple: one right one wrong', multiple, ['a', 'd'], 0],
		['multiple: only a wrong one', multiple, ['d'], 0],
		['multiple: duplicates count once', multiple, ['a', 'a', 'a'], 1 / 3],
		['multiple: unknown ids count as wrong', multiple, ['a', 'b', 'c', 'zz'], 2 / 3],
		['multiple: nothing', multiple, [], 0]
	] as const)('%s', (_, question, chosen, points) => {
		expect(markQuestion(question, chosen)).toBeCloseTo(points);
	});
});

describe('gradeExam', () => {
	const exam = [
		q('single', ['a'], undefined, 'chicken-house'),
		q('truefalse', ['b'], ['a', 'b'], 'vaccination'),
		q('multiple', ['a', 'c'], undefined, 'vaccination'),
		q('single', ['d'], undefined, 'feed')
	];
	const ids = exam.map((x) => x.id);
	it('scores 0–100, rounded, and lists lessons to review once each in order of first miss', () => {
		const result = gradeExam(exam, { [ids[0]]: ['a'], [ids[1]]: ['a'], [ids[2]]: ['a'], [ids[3]]: ['d'] }, 60);
		// 1 + 0 + 0.5 + 1 = 2.5 of 4
		expect(result).toEqual({ score: 63, passed: true, missed: [ids[1], ids[2]], review: ['vaccination'] });
	});
	it('fails below the pass mark and counts unanswered questions as wrong', () => {
		const result = gradeExam(exam, { [ids[0]]: ['a'] }, 60);
		expect(result.score).toBe(25);
		expect(result.passed).toBe(false);
		expect(result.review).toEqual(['vaccination', 'feed']);
	});
	it('passes exactly at the pass mark', () => {
		expect(gradeExam(exam.slice(0, 2), { [ids[0]]: ['a'] }, 50).passed).toBe(true);
	});
});
