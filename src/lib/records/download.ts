// A records export fetched by the page rather than the browser's download bar, so staff see how far a large
// export has come (the server says how many records it is sending; a CSV line is a record).

export type ExportProgress = {
	/** Records received so far (CSV: lines after the header); null when the format does not show it (XLSX). */
	rows: number | null;
	/** Records the server said it would send, or null. */
	total: number | null;
	bytes: number;
};

export type ExportFile = { blob: Blob; filename: string; total: number | null };

const NEWLINE = 0x0a;

/** Fetches an export, reporting progress as it arrives, and returns the file to save. */
export async function fetchExport(
	url: string,
	onProgress: (progress: ExportProgress) => void,
	fetcher: typeof fetch = fetch
): Promise<ExportFile> {
	const response = await fetcher(url, { credentials: 'same-origin' });
	if (!response.ok || !response.body) throw new Error(`export failed: ${response.status}`);
	const type = response.headers.get('content-type') ?? 'application/octet-stream';
	const counted = response.headers.get('x-record-count');
	const total = counted === null || counted === '' || Number.isNaN(Number(counted)) ? null : Number(counted);
	const csv = type.startsWith('text/csv');
	const chunks: Uint8Array<ArrayBuffer>[] = [];
	let bytes = 0;
	let lines = 0;
	const reader = response.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value as Uint8Array<ArrayBuffer>);
		bytes += value.byteLength;
		if (csv) for (const byte of value) if (byte === NEWLINE) lines++;
		onProgress({ rows: csv ? Math.max(0, lines - 1) : null, total, bytes });
	}
	const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
	return { blob: new Blob(chunks, { type }), filename, total };
}

/** Hands a file to the browser to save, as a link with `download` would. */
export function saveFile(file: ExportFile): void {
	const link = document.createElement('a');
	link.href = URL.createObjectURL(file.blob);
	link.download = file.filename;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
