import { describe, expect, it } from 'vitest';
import { formatBytes } from './bytes.ts';

describe('formatBytes', () => {
	it.each([
		[0, 'en', '1 kB'],
		[300, 'en', '1 kB'],
		[288 * 1024, 'en', '288 kB'],
		[1023 * 1024, 'en', '1,023 kB'],
		[3.44 * 1024 ** 2, 'en', '3.4 MB'],
		[340.2 * 1024 ** 2, 'en', '340 MB'],
		[10 * 1024 ** 3, 'en', '10 GB'],
		[10 * 1024 ** 3, 'zh-CN', '10 GB'],
		[288 * 1024, 'zh-CN', '288 kB']
	])('%d bytes in %s is %s', (bytes, locale, expected) => {
		expect(formatBytes(bytes, locale).replace(/\u00a0/g, ' ')).toBe(expected);
	});
});
