// Server rendering only (vitest runs in node): the quiz must read and work as plain HTML before JavaScript loads.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { Question } from '$lib/content/format.js';
import PracticeQuiz from './PracticeQuiz.svelte';

const questions: Question[] = [
	{
		id: 'q1',
		type: 'single',
		text: '一平方米养几只？',
		image: { src: '/house.svg', alt: '鸡舍' },
		options: [
			{ id: 'a', text: '1 只', correct: false },
			{ id: 'b', text: '5 只', correct: true }
		],
		explanation: '太挤了容易生病。',
		line: 3
	},
	{
		id: 'q2',
		type: 'multiple',
		text: '哪些是公鸡？',
		options: [
			{ id: 'a', text: '', image: { src: '/rooster.svg', alt: '大公鸡' }, correct: true },
			{ id: 'b', text: '母鸡', correct: false }
		],
		explanation: '公鸡会打鸣。',
		line: 9
	}
];

describe('PracticeQuiz without JavaScript', () => {
	const { body } = render(PracticeQuiz, { props: { questions } });

	it('renders each question as a fieldset of labelled radio or checkbox inputs', () => {
		expect(body.match(/<fieldset/g)).toHaveLength(2);
		expect(body.match(/<label class="option[^"]*"><input type="radio"/g)).toHaveLength(2);
		expect(body.match(/<label class="option[^"]*"><input type="checkbox"/g)).toHaveLength(2);
		expect(body).toContain('alt="鸡舍"');
		expect(body).toContain('alt="大公鸡"');
	});

	it('shows the answer and explanation behind a details element instead of the check button', () => {
		expect(body.match(/<details/g)).toHaveLength(2);
		expect(body).toContain('5 只');
		expect(body).toContain('太挤了容易生病。');
		expect(body).toContain('大公鸡');
		expect(body).not.toContain('<button');
	});
});

describe('PracticeQuiz coming to life', () => {
	it('keeps what was ticked in the page before it came to life', () => {
		const { body } = render(PracticeQuiz, { props: { questions, chosen: { q2: ['b'] } } });
		const ticked = body.match(/<input[^>]*checked[^>]*>/g) ?? [];
		expect(ticked).toHaveLength(1);
		expect(ticked[0]).toMatch(/type="checkbox"[^>]*value="b"/);
	});
});
