import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonNarrationText, speakableMandarin } from './narration-text.ts';
import { withAudio, withSyntheticNarration } from './narration.ts';

const lesson = `---
title: 按时打疫苗
minutes: 12
---

鸡小的时候就要打**疫苗**。看[上一课](02-feed.md)。

<Term word="免疫">给鸡打疫苗，让鸡不容易得这种病</Term>

## 怎么点眼

<Steps>

1. 先洗手
2. 滴一滴到眼里。

</Steps>

![一只小鸡](hen.svg)

<Figure src="hen-house.svg" alt="鸡舍的样子，朝南的小房子" caption="鸡舍要朝南" />

<Audio src="03-vaccination.mp3" title="听一听" />

<Tip>小窍门：早上喂料前先看鸡的精神。</Tip>

| 日龄 | 疫苗 |
| ---- | ---- |
| 7 | 新城疫 |

<!-- 不给学员看的话 -->

\`\`\`quiz
判断：病死的鸡可以卖。
- [ ] 对
- [x] 错
解释：会传病。
\`\`\`
`;

describe('lessonNarrationText', () => {
	it('reads what the page reads aloud, block by block, without markup, pictures or the quiz', () => {
		expect(lessonNarrationText(lesson).split('\n')).toEqual([
			'按时打疫苗。',
			'鸡小的时候就要打疫苗。看上一课。',
			'免疫：给鸡打疫苗，让鸡不容易得这种病。',
			'怎么点眼。',
			'先洗手。',
			'滴一滴到眼里。',
			'鸡舍要朝南。',
			'小窍门：早上喂料前先看鸡的精神。',
			'日龄。',
			'疫苗。',
			'7。',
			'新城疫。'
		]);
	});

	it('reads every shipped lesson with words and no markup left', () => {
		const source = readFileSync('content/courses/03-phone-safety/02-common-scams.md', 'utf8');
		const text = lessonNarrationText(source);
		expect(text.startsWith('认清常见骗局。\n')).toBe(true);
		expect(text).not.toMatch(/[<>*#`[\]|]|quiz|解释：/);
	});
});

describe('speakableMandarin', () => {
	it('spells telephone numbers and codes digit by digit, leaves amounts and short numbers', () => {
		expect(speakableMandarin('打 12333 或 110。')).toBe('打 一二三三三 或 一一零。');
		expect(speakableMandarin('不用 123456 当密码。')).toBe('不用 一二三四五六 当密码。');
		expect(speakableMandarin('卖了 1200 元，养 500只鸡，第 6 天，3.1415')).toBe(
			'卖了 1200 元，养 500只鸡，第 6 天，3.1415'
		);
	});
});

describe('withAudio', () => {
	it('adds the narration to the front matter, or replaces the old one', () => {
		const added = withAudio('---\ntitle: 一\nminutes: 5\n---\n\n文字。\n', '01-a.mp3');
		expect(added).toBe(
			'---\ntitle: 一\nminutes: 5\naudio: 01-a.mp3 # synthetic narration: see NOTICE.txt\n---\n\n文字。\n'
		);
		expect(withAudio(added, '01-b.mp3')).toBe(added.replace('01-a.mp3', '01-b.mp3'));
	});

	it('marks the course as read by a computer, once', () => {
		const course = '---\ntitle: 课\nnarration: person\npassMark: 60\n---\n\n介绍。\n';
		const marked = withSyntheticNarration(course);
		expect(marked).toBe(
			'---\ntitle: 课\nnarration: synthetic # the recordings are read by a computer: see NOTICE.txt\npassMark: 60\n---\n\n介绍。\n'
		);
		expect(withSyntheticNarration(marked)).toBe(marked);
	});
});
