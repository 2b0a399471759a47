// Where a learner-owned row's county (`county_id`, see schema.sqlite.ts) comes from when it is written: a
// subquery inside the insert itself, so no insert path reads it first (no extra round trip, nothing to go stale
// between a read and the write). Every insert of a learner-owned table takes its county from here, so where it
// comes from can change in one place (a sync batch could read its learner's county once and pass the number).
import { sql, type SQL } from 'drizzle-orm';
import { townships, users, villages } from './schema.ts';

/** An id as an insert gives it: a number, or a prepared statement's placeholder (`sql.placeholder('userId')`). */
type Id = number | SQL | ReturnType<typeof sql.placeholder>;

/** The county of a user's row (null for trainers and admins, who have none): for every row a person owns. */
export function countyOfUser(userId: Id): SQL {
	return sql`(select ${users.countyId} from ${users} where ${users.id} = ${userId})`;
}

/** The county of a township, for a person's own row; null for a person of no township. */
export function countyOfTownship(townshipId: Id | null | undefined): SQL | null {
	if (townshipId === null || townshipId === undefined) return null;
	return sql`(select ${townships.countyId} from ${townships} where ${townships.id} = ${townshipId})`;
}

/** The county of a village's township, for a household's row. */
export function countyOfVillage(villageId: Id): SQL {
	return sql`(select ${townships.countyId} from ${townships} where ${townships.id} = (select ${villages.townshipId} from ${villages} where ${villages.id} = ${villageId}))`;
}
