// What the demo's learners said about their courses (issue 15): most who finished a course rated it, some with a
// few words, and some said "我没看懂" on a lesson on the way, so the trainer's page and the county's table have
// something to show. Sent through applyEvents, the path a phone's sync takes, on the evening they would have arrived.
import { eq } from 'drizzle-orm';
import { getCourse } from '../../content/index.ts';
import { db } from '../../db/index.ts';
import { lessonCompletions } from '../../db/schema.ts';
import { applyEvents } from '../../sync/apply.ts';
import { seededRandom } from '../seeded-random.ts';

const COMMENTS = {
	hard: ['字太多了，看不太懂。', '打针那一段没看明白，能不能多几张图？', '考试题有点难。'],
	ok: ['还可以，希望有视频。', '有的词不认识。'],
	useful: ['很有用，谢谢老师！', '学会了记账，家里的钱清楚多了。', '希望多出几门这样的课。']
} as const;

/** Two in three of these learners rate each course they finished; one in ten says "我没看懂" on a lesson. */
export async function seedDemoRatings(userIds: number[], origin: string): Promise<number> {
	const next = seededRandom(15);
	const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
	let n = 0;
	const eventId = () => `de15a000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
	for (const userId of userIds) {
		const done = await db
			.select({
				course: lessonCompletions.courseSlug,
				lesson: lessonCompletions.lessonSlug,
				at: lessonCompletions.completedAt
			})
			.from(lessonCompletions)
			.where(eq(lessonCompletions.userId, userId));
		for (const courseSlug of new Set(done.map((d) => d.course))) {
			const course = await getCourse(courseSlug);
			if (!course) continue;
			const ofCourse = done.filter((d) => d.course === courseSlug).sort((a, b) => a.at.getTime() - b.at.getTime());
			const last = ofCourse.at(-1)!;
			// An hour after the lesson, arriving that evening (the lesson's own sync went before).
			const send = (event: Record<string, unknown>, at: Date) =>
				applyEvents(
					{ id: userId },
					[
						{
							id: eventId(),
							userId,
							courseSlug,
							contentVersion: course.version,
							clientAt: new Date(at.getTime() + 3_600_000).toISOString(),
							...event
						}
					],
					origin,
					new Date(at.getTime() + 2 * 3_600_000)
				);
			if (next() < 0.1) {
				const stuck = pick(ofCourse);
				await send({ kind: 'not_understood', lessonSlug: stuck.lesson }, stuck.at);
			}
			if (ofCourse.length < course.lessons.length || next() < 1 / 3) continue;
			const roll = next();
			const face = roll < 0.15 ? 'hard' : roll < 0.4 ? 'ok' : 'useful';
			const payload = next() < 0.4 ? { face, comment: pick(COMMENTS[face]) } : { face };
			await send({ kind: 'rating', payload }, last.at);
		}
	}
	return n;
}
