/**
 * A new event's id: a version 7 UUID (RFC 9562), made on the phone. Its first 48 bits are the time in
 * milliseconds and the other 74 are random, so two phones never make the same one, yet the ids of one evening
 * sort together. The server keeps every event under its id in one index; random (version 4) ids put each new
 * event on a page of its own, spread over the whole index, where time-ordered ones land on the few pages at its
 * end. On the 100,000-learner county this was the largest part of writing a batch (see the README's sync bench).
 *
 * The time is the phone's own clock and proves nothing: it only places the id in the index. The server still
 * treats the id as an opaque name (any UUID version is accepted, so outboxes made before this stay valid), and
 * the event's time is its `clientAt`, checked on the server.
 *
 * `crypto.getRandomValues` exists everywhere (`crypto.randomUUID` only on HTTPS or localhost, and a village
 * server may be plain HTTP).
 */
export function newEventId(now: number = Date.now()): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	// 48 bits of milliseconds, big-endian; a clock before 1970 or past the year 10889 is held at the ends.
	let ms = Math.min(Math.max(Math.trunc(now), 0), 2 ** 48 - 1);
	for (let i = 5; i >= 0; i--) {
		bytes[i] = ms % 256;
		ms = Math.floor(ms / 256);
	}
	bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
	bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
	let hex = '';
	for (const b of bytes) hex += b.toString(16).padStart(2, '0');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
