// One certificate, one date: the PDF, the verification page and the records export must name the same China day.
// Issued at 01:30 on 30 November in China (17:30 on the 29th in UTC), where the PDF once said 30 November and the
// verification page, formatted on a server set to UTC, said the 29th.
import { eq } from 'drizzle-orm';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream, type PDFPage } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDate } from '../../dates.ts';
import { getCourse } from '../content/index.ts';
import { users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { rightOptions, takeExam } from '../tooling/seed/ticketed-attempt.ts';
import { RECORD_HEADERS, recordCells } from '../records/export.ts';
import { eachRecordRow } from '../records/rows.ts';
import { rememberExamVersion } from '../learning/exam-versions.ts';
import { applyEvents } from '../sync/apply.ts';
import { verifyUrl } from './issue.ts';
import { renderCertificatePdf } from './pdf.ts';
import { findCertificate } from './records.ts';
import { verifyCertificate } from './verify.ts';
import { first } from '../db/dialect.ts';

// The server's clock in UTC, as on the machine where the two dates disagreed.
process.env.TZ = 'UTC';

const COURSE = 'raising-chickens';
const ORIGIN = 'https://learn.example.cn';
const ISSUED = new Date('2026-11-29T17:30:00Z');

let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let number: string;

beforeEach(async () => {
	env = await useDemoDatabase();
	await rememberExamVersion(COURSE);
	const learner = (await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, '13800000001'))))!;
	const course = (await getCourse(COURSE))!;
	let n = 0;
	const base = {
		userId: learner.id,
		courseSlug: COURSE,
		contentVersion: course.version,
		clientAt: ISSUED.toISOString()
	};
	const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
	// The exam opened a few minutes before it was handed in, on a ticket the server gave.
	const exam = (await takeExam(learner.id, COURSE, rightOptions, new Date(ISSUED.getTime() - 5 * 60_000)))!;
	const events = [
		...course.lessons.map((l) => ({ ...base, id: id(), kind: 'lesson_completed', lessonSlug: l.slug })),
		{ ...base, id: id(), ...exam.event }
	];
	const { certificates } = await applyEvents(learner, events, ORIGIN, ISSUED);
	expect(certificates).toHaveLength(1);
	number = certificates[0];
});
afterEach(() => env.cleanup());

/** The text a PDF page shows: its hex-coded glyph runs read back through the font's ToUnicode map. */
async function pdfText(bytes: Uint8Array): Promise<string> {
	const pdf = await PDFDocument.load(bytes);
	const unicode = new Map<string, string>();
	for (const [, object] of pdf.context.enumerateIndirectObjects()) {
		if (!(object instanceof PDFDict) || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
		const cmap = pdf.context.lookup(object.get(PDFName.of('ToUnicode'))) as PDFRawStream;
		const source = Buffer.from(decodePDFRawStream(cmap).decode()).toString('latin1');
		for (const [, glyph, utf16] of source.matchAll(/<([0-9a-f]{4})>\s*<([0-9a-f]+)>/gi)) {
			const units = utf16.match(/.{4}/g)!.map((unit) => parseInt(unit, 16));
			unicode.set(glyph.toLowerCase(), String.fromCharCode(...units));
		}
	}
	const page: PDFPage = pdf.getPage(0);
	const contents = page.node.Contents();
	const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => pdf.context.lookup(ref)) : [contents];
	const source = streams
		.map((stream) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1'))
		.join('\n');
	return [...source.matchAll(/<([0-9a-f]+)>\s*Tj/gi)]
		.map(([, hex]) => (hex.match(/.{4}/g) ?? []).map((glyph) => unicode.get(glyph.toLowerCase()) ?? '?').join(''))
		.join('\n');
}

describe('the date of a certificate issued late in the evening, UTC', () => {
	it('is the China day everywhere a person reads it', async () => {
		const cert = (await findCertificate(number))!;
		expect(cert.issuedAt.getTime()).toBe(ISSUED.getTime());

		const pdf = await renderCertificatePdf({
			number: cert.number,
			learnerName: cert.learnerName,
			courseTitle: cert.courseTitle,
			issuedAt: cert.issuedAt,
			score: cert.score,
			township: cert.township,
			county: cert.county,
			verifyUrl: verifyUrl(ORIGIN, cert.number),
			issuerName: '金河镇人民政府',
			locale: 'zh-CN'
		});
		const text = await pdfText(pdf);
		expect(text).toContain(cert.learnerName);
		expect(text).toContain('2026年11月30日');
		expect(text).not.toContain('11月29日');

		// The verification page shows what verifyCertificate returns through formatDate, on whatever clock.
		const verified = await verifyCertificate(number, '192.0.2.10', null);
		expect(verified.outcome).toBe('valid');
		if (verified.outcome !== 'valid') return;
		expect(formatDate(verified.certificate.issuedAt, 'zh-CN', 'day')).toBe('2026年11月30日');
		expect(formatDate(verified.certificate.issuedAt, 'en', 'day')).toBe('November 30, 2026');

		const rows = [];
		for await (const page of eachRecordRow({ townshipId: null, courseSlug: COURSE })) rows.push(...page);
		const row = rows.find((r) => r.certificateNumber === number)!;
		expect(recordCells(row)[RECORD_HEADERS.indexOf('发证日期')]).toBe('2026-11-30');
	});
});
