// What a learner's "my village" page shows: their village's figures, the township's villages ranked (names of
// villages, never of people) and the stars who chose to be listed. Answered to the signed-in learner only.
import { eq } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { households, users, villages } from '../db/schema.ts';
import { villageRanking, type VillageMonth } from './ranking.ts';
import { showsAsStar, villageStars, type Star } from './stars.ts';
import { first } from '../db/dialect.ts';

export interface LearnerVillageView {
	month: string;
	village: { id: number; name: string; households: number; current: VillageMonth; previous: VillageMonth };
	/** The township's villages, first first; `mine` marks the learner's own. */
	ranking: { villageId: number; name: string; current: VillageMonth; previous: VillageMonth; mine: boolean }[];
	/** Opted-in learners only: their name and what they did this month, nothing else. */
	stars: Pick<Star, 'name' | 'lessons' | 'certificates'>[];
	/** Whether this learner is listed when they learn (their own setting). */
	showAsStar: boolean;
}

/** The village view for a learner, or null when the learner has no household (so no village). */
export async function learnerVillageView(userId: number, now = new Date()): Promise<LearnerVillageView | null> {
	const home = await first(
		db
			.select({ villageId: villages.id, townshipId: villages.townshipId })
			.from(users)
			.innerJoin(households, eq(users.householdId, households.id))
			.innerJoin(villages, eq(households.villageId, villages.id))
			.where(eq(users.id, userId))
	);
	if (!home) return null;
	const { month, villages: ranked } = await villageRanking(home.townshipId, now);
	const own = ranked.find((v) => v.villageId === home.villageId)!;
	return {
		month,
		village: {
			id: own.villageId,
			name: own.village,
			households: own.households,
			current: own.current,
			previous: own.previous
		},
		ranking: ranked.map((v) => ({
			villageId: v.villageId,
			name: v.village,
			current: v.current,
			previous: v.previous,
			mine: v.villageId === home.villageId
		})),
		stars: (await villageStars(home.villageId, now)).map(({ name, lessons, certificates }) => ({
			name,
			lessons,
			certificates
		})),
		showAsStar: await showsAsStar(userId)
	};
}
