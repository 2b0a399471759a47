import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

let font: string | undefined;

/**
 * Gives the page a Chinese font. A township office's computer has one; this machine and CI may have none, and
 * Chromium would then print every Chinese character as an empty box. The font is the one the certificates use,
 * handed to the page as bytes (a FontFace and a constructed style sheet: nothing for the page's policy to refuse).
 */
async function withChineseFont(page: Page): Promise<void> {
	font ??= readFileSync('src/lib/server/certificates/fonts/wqy-microhei.ttf').toString('base64');
	await page.evaluate(async (base64) => {
		const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
		const face = new FontFace('PrintTestChinese', bytes);
		await face.load();
		document.fonts.add(face);
		const sheet = new CSSStyleSheet();
		sheet.replaceSync('* { font-family: PrintTestChinese, sans-serif !important; }');
		document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
		await document.fonts.ready;
	}, font);
}

/**
 * The page printed as Chromium prints it (A4, print styles) and read back as text with pdfjs, whitespace
 * dropped: what a person would find on the paper.
 */
export async function printedText(page: Page): Promise<string> {
	await withChineseFont(page);
	const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
	const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
	const parts: string[] = [];
	for (let n = 1; n <= doc.numPages; n++) {
		const content = await (await doc.getPage(n)).getTextContent();
		for (const item of content.items) if ('str' in item) parts.push(item.str);
	}
	await doc.destroy();
	return parts.join('').replace(/\s+/g, '');
}

/** Words of the app's header, bottom tabs and staff menu: none may reach the paper. */
export const CHROME_WORDS = ['English', '导入名单', '我的', '返回', '用A4纸打印'];

/** Writes rows the test needs into the e2e database (its own learners only). */
export function write(sql: string, ...params: unknown[]): void {
	const db = new Database('tests/.tmp/e2e.db', { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		db.prepare(sql).run(...params);
	} finally {
		db.close();
	}
}
