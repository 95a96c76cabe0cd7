/** Test support for counter files: files from text, the real excerpt, rows of the result. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestFile } from '../../../../src/lib/ingest/types';
import type { CounterData, CounterRead } from '../../../../src/lib/ingest/counters/types';

const encoder = new TextEncoder();

export function textFile(path: string, text: string): IngestFile {
	return { path, bytes: encoder.encode(text) };
}

export const EXCERPT_PATH = resolve(
	dirname(fileURLToPath(import.meta.url)),
	'../../../fixtures/sensors-and-more/dat-excerpt.csv'
);

export function excerpt(): IngestFile {
	return { path: 'dat-excerpt.csv', bytes: new Uint8Array(readFileSync(EXCERPT_PATH)) };
}

/** Hour index of a naive wall-clock `YYYY-MM-DDTHH:mm`. */
export function hourOf(text: string): number {
	return Date.parse(`${text}:00Z`) / 3_600_000;
}

/** `YYYY-MM-DDTHH:mm` of an hour index. */
export function hourText(hour: number): string {
	return new Date(hour * 3_600_000).toISOString().slice(0, 16);
}

/** The data's rows as readable tuples: `[store, sensor label, 'YYYY-MM-DDTHH:mm', count]`. */
export function rowsOf(data: CounterData): [string, string, string, number][] {
	const c = data.columns;
	const out: [string, string, string, number][] = [];
	for (let i = 0; i < c.length; i++) {
		const store = data.stores[c.store[i]];
		out.push([store.name, store.sensors[c.sensor[i]], hourText(c.hour[i]), c.count[i]]);
	}
	return out;
}

/** The count of one sensor-hour, or undefined when the data has no row for it. */
export function countAt(data: CounterData, store: string, sensor: string, time: string) {
	return rowsOf(data).find((r) => r[0] === store && r[1] === sensor && r[2] === time)?.[3];
}

/** The one file report of a read (fails the test when there is not exactly one). */
export function onlyReport(read: CounterRead) {
	if (!read.data) throw new Error(`no data: ${read.errors.map((e) => e.message).join('; ')}`);
	if (read.data.files.length !== 1) throw new Error(`${read.data.files.length} reports`);
	return read.data.files[0];
}

/** Lines of a CSV with a header, `rows` joined by commas. */
export function csv(header: string, rows: (string | number)[][]): string {
	return [header, ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

/** Every hour from `from` (inclusive) for `hours` hours, as naive `YYYY-MM-DDTHH:mm:ss`. */
export function hoursFrom(from: string, hours: number): string[] {
	const h0 = hourOf(from);
	return Array.from({ length: hours }, (_, k) => `${hourText(h0 + k)}:00`);
}
