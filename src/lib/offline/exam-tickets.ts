// Exam tickets kept on the phone, per learner. A ticket is personal (it lets one learner hand in one attempt), so
// it lives here, in a small IndexedDB database of its own keyed by learner, never in the worker's page caches:
// saved pages are stored by address and any family member on the phone could read them.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export { SAVING_HEADER } from './caches.ts';

/** A question as the exam shows it (no answers), in the attempt's order. */
export type TicketQuestion = {
	id: string;
	type: 'single' | 'multiple' | 'truefalse';
	text: string;
	image?: { src: string; alt: string };
	options: { id: string; text: string; image?: { src: string; alt: string } }[];
};

/** What the phone needs to take one attempt offline; the server checks the token when the attempt arrives. */
export type OfflineExamTicket = {
	userId: number;
	courseSlug: string;
	contentVersion: string;
	/** `<id>.<signature>`, handed in with the answers. */
	token: string;
	questions: TicketQuestion[];
	/** ISO time after which the server no longer takes an attempt on it. */
	expiresAt: string;
};

interface TicketsDB extends DBSchema {
	tickets: { key: [number, string]; value: OfflineExamTicket; indexes: { userId: number } };
}

let connection: Promise<IDBPDatabase<TicketsDB>> | null = null;

function db(): Promise<IDBPDatabase<TicketsDB>> {
	connection ??= openDB<TicketsDB>('zhizhi-exam-tickets', 1, {
		upgrade(database) {
			database.createObjectStore('tickets', { keyPath: ['userId', 'courseSlug'] }).createIndex('userId', 'userId');
		},
		blocking() {
			void closeExamTickets();
		},
		terminated() {
			connection = null;
		}
	}).catch((error) => {
		connection = null;
		throw error;
	});
	return connection;
}

/** Closes the connection; the next call reopens it. */
export async function closeExamTickets(): Promise<void> {
	const open = connection;
	connection = null;
	if (open) (await open).close();
}

/** Keeps a learner's ticket for a course, replacing the one kept before. */
export async function keepExamTicket(ticket: OfflineExamTicket): Promise<void> {
	await (await db()).put('tickets', ticket);
}

/** The learner's kept ticket for a course, unless it has run out. */
export async function examTicketFor(
	userId: number,
	courseSlug: string,
	now = new Date()
): Promise<OfflineExamTicket | null> {
	const ticket = await (await db()).get('tickets', [userId, courseSlug]);
	return ticket && Date.parse(ticket.expiresAt) > now.getTime() ? ticket : null;
}

/** Forgets a learner's ticket for a course once an attempt was handed in on it (it is good once). */
export async function dropExamTicket(userId: number, courseSlug: string, token: string): Promise<void> {
	const database = await db();
	const kept = await database.get('tickets', [userId, courseSlug]);
	if (kept?.token === token) await database.delete('tickets', [userId, courseSlug]);
}

/** Forgets every ticket of a learner (when they sign out of this phone). */
export async function dropExamTicketsOf(userId: number): Promise<void> {
	const database = await db();
	const keys = await database.getAllKeysFromIndex('tickets', 'userId', userId);
	await Promise.all(keys.map((key) => database.delete('tickets', key)));
}
