import { m } from '$lib/paraglide/messages';

// The blocks of the course format (content/README.md), one tap away, each with words for the trainer to replace.
export const BLOCK_SNIPPETS = [
	{ key: 'tip', label: m.studio_block_tip, snippet: '<Tip>\n\n写一句有用的小提示。\n\n</Tip>' },
	{ key: 'warning', label: m.studio_block_warning, snippet: '<Warning>\n\n写要当心的事。\n\n</Warning>' },
	{ key: 'steps', label: m.studio_block_steps, snippet: '<Steps>\n\n1. 第一步\n2. 第二步\n3. 第三步\n\n</Steps>' },
	{
		key: 'picture',
		label: m.studio_block_picture,
		snippet: '<Figure src="picture.svg" alt="图上画的是什么" caption="图下面的一句话" />'
	},
	{ key: 'audio', label: m.studio_block_audio, snippet: '<Audio src="recording.mp3" title="听一听" />' },
	{ key: 'term', label: m.studio_block_term, snippet: '<Term word="词语">这个词的意思。</Term>' },
	{
		key: 'quiz',
		label: m.studio_block_quiz,
		snippet: '```quiz\n单选：问题写在这里？\n- [x] 对的答案\n- [ ] 错的答案\n解释：为什么这个答案对。\n```'
	}
] as const;
