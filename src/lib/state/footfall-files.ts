/**
 * Dropped counter files on the footfall page, as the state sees them: what a read gave
 * (the data, and per file a report or an error naming the file), the files kept for the
 * next drop, the stores written into the `stores` table, and whether a link's files are
 * the ones loaded. Pure: no Svelte, no DOM (a `File` is only passed through), for the
 * rune class and Node tests.
 */
import type { FootfallView, StoreParams } from '../domain/footfall';
import { checkFiles, sameName } from '../ingest/hash';
import type { CounterFileReport, CounterRead } from '../ingest/counters/types';
import { checkFilesView, decodeFootfall } from '../url-state';
import type { Decoded, FileRef, FootfallUrlState } from '../url-state/types';
import type { DataExtent, ExtentStore } from './view';

/** A file handed to the reader: its name (a relative path for a folder's files) and content. */
export interface CounterSource {
	path: string;
	file: File;
}

/** What became of one dropped file. */
export interface FileOutcome {
	name: string;
	/** True when its readings were loaded. */
	ok: boolean;
	/** One line: what was read (`168 rows, 2 stores, 3 sensors`) or why nothing was. */
	summary: string;
	/** Further remarks in words (rows skipped, blank counts, duplicate rows...). */
	notes: string[];
}

/** A store of the files: its sensors (and their labels) and its first reading. */
export interface DatasetStore extends ExtentStore {
	/** The store's first reading, `YYYY-MM-DDTHH:mm`; absent: the first day's midnight. */
	opened?: string;
}

/** The readings of the files that could be read, ready for DuckDB. */
export interface CounterDataset {
	stores: DatasetStore[];
	/** First and last day with a reading, `YYYY-MM-DD`. */
	start: string;
	end: string;
	/** Arrow IPC stream of the readings (columns of `ReadingColumns`). */
	ipc: Uint8Array;
	/** Readings in `ipc`. */
	length: number;
}

/** What reading a set of counter files gave: the data (null when no file could be read) and a report per file. */
export interface FilesRead {
	data: CounterDataset | null;
	files: FileOutcome[];
}

/** The extent of the files' data, for the pickers and the view rules. */
export function extentOfDataset(
	data: Pick<CounterDataset, 'stores' | 'start' | 'end'>
): DataExtent {
	return {
		stores: data.stores.map((s) => ({
			name: s.name,
			sensors: s.sensors,
			...(s.labels ? { labels: [...s.labels] } : {})
		})),
		start: data.start,
		end: data.end
	};
}

/**
 * The `stores` rows of the files' stores: their names, sensors and first readings. A file
 * says nothing of capacities or probabilities: the simulation's parameters are 0 (nothing
 * reads them for files).
 */
export function storesOfDataset(data: Pick<CounterDataset, 'stores' | 'start'>): StoreParams[] {
	return data.stores.map((s) => ({
		name: s.name,
		sensors: s.sensors,
		opened: s.opened ?? `${data.start}T00:00`,
		avg: 0,
		std: 0,
		pFail: 0,
		pAnom: 0
	}));
}

/**
 * `view` of the files as a link writes it (`url-state` README): their first store and
 * first and last day as '', so that a link to "all of it" stays so whatever the files
 * hold, and reads back as `view` once they are given (`decodeFilesLink`).
 */
export function filesLinkView(view: FootfallView, extent: DataExtent): FootfallView {
	return {
		...view,
		weekdays: [...view.weekdays],
		store: view.store === extent.stores[0]?.name ? '' : view.store,
		from: view.from === extent.start ? '' : view.from,
		to: view.to === extent.end ? '' : view.to
	};
}

/**
 * A link's query (to these files) once they are loaded: decoded (the codec checks the
 * form of its view), then its view and alert filter checked against the files' stores
 * and days (`checkFilesView`), with the problems of both.
 */
export function decodeFilesLink(query: string, extent: DataExtent): Decoded<FootfallUrlState> {
	const decoded = decodeFootfall(new URLSearchParams(query));
	const checked = checkFilesView(decoded.state, extent);
	return {
		state: checked.state,
		problems: [...decoded.problems, ...checked.problems],
		version: decoded.version
	};
}

/**
 * The sources to read when `added` are dropped while `kept` are loaded: every kept file
 * that no new one replaces (same name), then the new ones. A file dropped again replaces
 * the old copy, so a corrected file can be dropped over a bad one. `pathOf` reads an
 * entry's name.
 */
export function mergeSources<T>(
	kept: readonly T[],
	added: readonly T[],
	pathOf: (t: T) => string = (t) => (t as { path: string }).path
): T[] {
	const names = new Set(added.map(pathOf));
	return [...kept.filter((s) => !names.has(pathOf(s))), ...added];
}

/**
 * The indexes of the sources whose readings were loaded: all but those an outcome names
 * as not read (the reader names files by their normalised path: a path and its
 * normalised form both count, as `sameName` of `ingest/hash` says).
 */
export function keptSources(
	sources: readonly { path: string }[],
	outcomes: readonly FileOutcome[]
): number[] {
	const failed = outcomes.filter((o) => !o.ok).map((o) => o.name);
	const out: number[] = [];
	sources.forEach((s, i) => {
		const ok = outcomes.some((o) => o.ok && o.name === s.path);
		if (ok || !failed.some((name) => sameName(name, s.path.replaceAll('\\', '/')))) out.push(i);
	});
	return out;
}

/** Two lists name the same files (name, size and hash, in any order). */
export function sameFiles(a: readonly FileRef[], b: readonly FileRef[]): boolean {
	if (a.length !== b.length) return false;
	const key = (f: FileRef) => `${f.name}\n${f.size}\n${f.sha256}`;
	const left = a.map(key).sort();
	const right = b.map(key).sort();
	return left.every((k, i) => k === right[i]);
}

/** The status line's words for a read that loaded nothing: every file's reason, named. */
export function nothingLoadedMessage(files: readonly FileOutcome[]): string {
	if (files.length === 0) return 'No file was dropped.';
	const reasons = files.map((f) => `${f.name}: ${f.summary}`);
	return `No readings could be loaded from ${files.length === 1 ? 'the file' : `the ${files.length} files`}; the data shown is unchanged. ${reasons.join(' ')}`;
}

/**
 * When every file a link names is among the dropped ones (by content: a renamed copy
 * counts), the index in `dropped` of each, in the link's order; null while one is missing
 * or different.
 */
export function filesFor(needed: readonly FileRef[], dropped: readonly FileRef[]): number[] | null {
	if (needed.length === 0) return null;
	const { checks } = checkFiles(needed, dropped);
	const out: number[] = [];
	const taken = new Set<number>();
	for (const c of checks) {
		if (c.status !== 'ok') return null;
		const i = dropped.findIndex((d, k) => !taken.has(k) && d.name === c.by);
		if (i < 0) return null;
		taken.add(i);
		out.push(i);
	}
	return out;
}

const plural = (n: number, one: string, many = `${one}s`) =>
	`${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** One line on a file that was read: what it held and what was kept. */
export function reportSummary(r: CounterFileReport): string {
	const parts = [
		`${plural(r.rowsRead, 'row')} read`,
		`${plural(r.readingsKept, 'reading')} kept`,
		`${plural(r.hours, 'sensor-hour')}`
	];
	if (r.failed) parts.push(`${plural(r.failed, 'failed reading')} (-1)`);
	if (r.missingHours) parts.push(`${plural(r.missingHours, 'missing hour')}`);
	return parts.join(', ');
}

/** What was done to a file beyond reading it, in words: duplicates, blank cells, DST days, its problems and notes. */
export function reportNotes(r: CounterFileReport): string[] {
	const out: string[] = [];
	if (r.duplicates) out.push(`${plural(r.duplicates, 'duplicate reading')} dropped.`);
	if (r.conflicts) out.push(`${plural(r.conflicts, 'sensor-hour')} read with different counts.`);
	if (r.nullCells) out.push(`${plural(r.nullCells, 'reading')} dropped for a NULL or blank cell.`);
	if (r.badCells)
		out.push(`${plural(r.badCells, 'reading')} dropped for a cell that could not be read.`);
	for (const d of r.dstDays) {
		out.push(`${d.day} has ${d.hours} hours (the clocks changed at ${d.hour}:00).`);
	}
	return [...out, ...r.problems, ...r.notes];
}

/**
 * The reader's answer (`readCounterFiles` of `rpc/counters`: `readCounters` of
 * `ingest/counters` with the readings as Arrow IPC) as the state takes it: the data, an
 * outcome per file read, and one per file that could not be read or was skipped, each
 * naming the file.
 */
export function filesReadOf(read: CounterRead & { ipc: Uint8Array | null }): FilesRead {
	const files: FileOutcome[] = [];
	for (const r of read.data?.files ?? []) {
		files.push({ name: r.path, ok: true, summary: reportSummary(r), notes: reportNotes(r) });
	}
	for (const e of read.errors)
		files.push({ name: e.path, ok: false, summary: e.message, notes: [] });
	for (const k of read.skipped) {
		files.push({ name: k.path, ok: false, summary: `not read: ${k.reason}`, notes: [] });
	}
	const d = read.data;
	if (!d || d.columns.length === 0 || !read.ipc) return { data: null, files };
	return {
		data: {
			stores: d.stores.map((s) => ({
				name: s.name,
				sensors: s.sensors.length,
				labels: [...s.sensors],
				opened: s.opened
			})),
			start: d.start,
			end: d.end,
			ipc: read.ipc,
			length: d.columns.length
		},
		files
	};
}
