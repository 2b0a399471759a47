import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { first } from '$lib/server/db/dialect';
import { households, users, villages } from '$lib/server/db/schema';
import { useFreshDatabase } from '$lib/server/tooling/test-db';
import { createEnrolmentCode } from '$lib/server/enrolment/codes';
import { seedCounty } from '$lib/server/enrolment/test-helpers';
import { actions } from './+page.server.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
let code: string;
beforeEach(async () => {
	env = await useFreshDatabase();
	const ids = await seedCounty(env.db);
	const village = (await first(env.db.select().from(villages).where(eq(villages.code, '532530101202'))))!;
	code = (await createEnrolmentCode(
		{ id: ids.staff, townshipId: ids.jinhe },
		{ villageId: village.id, days: 7, maxUses: 5 }
	))!.code;
});
afterEach(() => env.cleanup());

/** Sends the registration form as the browser would. */
function register(fields: Record<string, string>) {
	const body = new FormData();
	for (const [name, value] of Object.entries({ code, householdCode: '', phone: '', ...fields })) body.set(name, value);
	const request = new Request('http://localhost/register', { method: 'POST', body });
	// The action reads only the request and the address.
	const event = { request, getClientAddress: () => '127.0.0.1' } as unknown as Parameters<typeof actions.default>[0];
	return actions.default(event);
}

it('refuses a name or household head with control or bidirectional characters, keeping what was typed', async () => {
	const before = (await env.db.select().from(users)).length;
	for (const [name, householdHead, field] of [
		['\u202E花春杨', '杨永福', 'name'],
		['杨春花', '杨\u200B永福', 'householdHead'],
		['杨\u0000春花', '杨永福', 'name']
	]) {
		const result = await register({ name, householdHead, password: '123456', confirm: '123456' });
		expect(result).toMatchObject({ status: 400, data: { errors: { [field]: 'error_name_characters' } } });
		expect(result).toMatchObject({ data: { values: { name, householdHead } } });
	}
	expect((await env.db.select().from(users)).length).toBe(before);
});

it('stores the names in their usual form', async () => {
	const result = await register({
		name: 'ＹＡＮＧ　Ｃｈｕｎ',
		householdHead: ' 杨永福 ',
		password: '123456',
		confirm: '123456'
	});
	expect(result).toMatchObject({ registered: {} });
	const user = (await first(env.db.select().from(users).where(eq(users.name, 'YANG Chun'))))!;
	expect((await first(env.db.select().from(households).where(eq(households.id, user.householdId!))))?.headName).toBe(
		'杨永福'
	);
});
