// The family members who signed in on this phone, so that on a shared phone each picks their name and types
// only their PIN. Name, village and account number only: never a PIN, a token or any progress.

const FAMILY_KEY = 'zhizhi-family';

export type FamilyMember = { id: number; name: string; village: string | null; username: string };

/** The family members remembered on this phone, most recent first. */
export function familyMembers(): FamilyMember[] {
	try {
		const list = JSON.parse(localStorage.getItem(FAMILY_KEY) ?? '[]') as unknown;
		return Array.isArray(list) ? list.filter(isMember) : [];
	} catch {
		return [];
	}
}

/** Puts a learner who just signed in at the top of the list. */
export function rememberFamilyMember(member: FamilyMember): void {
	const { id, name, village, username } = member;
	save([{ id, name, village, username }, ...familyMembers().filter((m) => m.id !== id)].slice(0, 12));
}

/** Takes a person off this phone's list (their own choice, on the sign-in page). */
export function forgetFamilyMember(id: number): FamilyMember[] {
	const rest = familyMembers().filter((m) => m.id !== id);
	save(rest);
	return rest;
}

function save(list: FamilyMember[]): void {
	try {
		localStorage.setItem(FAMILY_KEY, JSON.stringify(list));
	} catch {
		// Storage blocked: the sign-in page simply asks for the account number as before.
	}
}

function isMember(value: unknown): value is FamilyMember {
	const m = value as FamilyMember | null;
	return (
		!!m &&
		Number.isInteger(m.id) &&
		typeof m.name === 'string' &&
		typeof m.username === 'string' &&
		(m.village === null || typeof m.village === 'string')
	);
}
