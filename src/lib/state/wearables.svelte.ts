/**
 * The wearable fault-detection page's state as one rune class: what is loaded (the demo
 * fleet and the person's files), the detection parameters, both modes' results, the
 * table's mode, sort and filter, the selected device-day with its chart series, and the
 * results' copy in DuckDB.
 *
 * Flow: `start()` generates the demo fleet in a worker and detects it on the pool.
 * Dropped files are kept (as `File`s, by path; a later file of the same path replaces the
 * earlier one) and all of them are planned again on every change, so the files of one
 * folder dropped one at a time still meet; corrected table mappings are re-applied each
 * time. Detection runs only on device-days whose data or parameters changed (a cache by
 * key, data fingerprint and parameters). Invalid parameters are reported and the previous
 * results stay. Only the newest run, plan, detail and database write are applied.
 *
 * The address holds the view (`wearables-link.ts` over the codec of `url-state/`), through
 * an injected `UrlPort` (`url.ts`), as on the footfall page: `start()` reads it, applies
 * mode, parameters, sort, filter and comparison at once and the selected device-day once
 * the data has it, lists what was wrong in `urlProblems` and rewrites it in canonical form
 * (replace). A view change pushes a history entry (or replaces the last one within
 * `COALESCE_MS`); Back and Forward apply the entry's view (not its data: dropped files
 * cannot be brought back by the address). Data changes (a drop, removing the demo)
 * replace the entry: the files go in as name, size and SHA-256 (`ingest/hash.ts`), never
 * their content. A link of dropped files asks for them (`request`): dropped files are
 * hashed first, those the link names load, the others are held back until the person
 * chooses to use them anyway.
 */
import {
	defaultDetectionParams,
	type DetectionMode,
	type DetectionParams,
	type DeviceDay
} from '../domain/wearables';
import { detectionParamsProblems } from '../detection/params';
import type { DbClient } from '../db/client';
import { DEFAULT_MAX_FILE_BYTES, type TableMapping } from '../ingest/types';
import type {
	DetectAllOptions,
	DetectedDeviceDay,
	DetectionProgress,
	IngestSource,
	PendingTableInfo,
	PlannedFiles
} from '../rpc/detect';
import { wearablesCsv, wearablesFileName, wearablesJson, type ReportScope } from '../export/report';
import { Latest } from './latest';
import { memoryUrl, type UrlPort } from './url';
import { checkFiles, fileRef, hashBlob, type FileCheck } from '../ingest/hash';
import { checkSelection, defaultWearablesState, toQuery } from '../url-state';
import type { DeviceDayRef, FileRef } from '../url-state';
import {
	COALESCE_MS,
	dayRef,
	findDay,
	linkQuery,
	readLink,
	type WearablesLink
} from './wearables-link';
import { paramsKey, paramsMessage } from './wearables-params';
import {
	dayRange,
	disagreements,
	filterRows,
	NO_FILTER,
	nextSort,
	resultRows,
	sortRows,
	verdictCounts,
	type BothModes,
	type LoadedDay,
	type ModeDisagreement,
	type RowFilter,
	type RowSort
} from './wearables-rows';
import { FileStore, ResultCache, hasDay, isoNow, noResults, recordsOf } from './wearables-cache';
import {
	errorMessage,
	fetchWearableSummary,
	replaceWearableResults,
	runWearableQuery,
	type QueryAnswer,
	type WearableSummary
} from './wearables-db';
import {
	WEARABLE_RESULT_COLUMNS,
	type WearableColumnName,
	type WearableResultRow
} from '../db/sql/wearables';
import { toColumns, type ExportColumn } from '../export/columns';
import { printReport, type PrintReportModel } from './wearables-print';

export type { DetectionProgress, IngestSource, LoadedDay, PendingTableInfo, PlannedFiles };

/** What the outside world provides; tests pass fakes. */
export interface WearablesDeps {
	demoFleet: () => Promise<DeviceDay[]>;
	demoZip: () => Promise<Uint8Array>;
	planFiles: (
		sources: IngestSource[],
		mappings: Record<string, TableMapping>
	) => Promise<PlannedFiles>;
	detectAll: (
		records: readonly DeviceDay[],
		params: DetectionParams,
		options: DetectAllOptions
	) => Promise<DetectedDeviceDay[]>;
	detectWithSeries: (record: DeviceDay, params: DetectionParams) => Promise<DetectedDeviceDay>;
	getDb: () => Promise<DbClient>;
	/** Number of detection workers. */
	workers: () => Promise<number>;
	/** Milliseconds between the last parameter change and the run (0 in tests). */
	paramsDelayMs: number;
	/** The page's address (the default, an in-memory one, is for Node). */
	url: UrlPort;
	/** The SHA-256 (64 hex digits) of a dropped file. */
	hashFile: (file: File) => Promise<string>;
	now: () => number;
}

const browserDeps: WearablesDeps = {
	// Imported on first use so the page renders before comlink's and DuckDB's code loads.
	demoFleet: async () => (await import('../rpc/detect')).demoFleet(),
	demoZip: async () => (await import('../rpc/detect')).demoZip(),
	planFiles: async (sources, mappings) =>
		(await import('../rpc/detect')).planFiles(sources, mappings),
	detectAll: async (records, params, options) =>
		(await import('../rpc/detect')).detectAll(records, params, options),
	detectWithSeries: async (record, params) =>
		(await import('../rpc/detect')).detectWithSeries(record, params),
	getDb: async () => (await import('../db/duckdb')).getDb(),
	workers: async () => (await import('../rpc/detect')).poolSize(navigator.hardwareConcurrency),
	paramsDelayMs: 350,
	url: memoryUrl(),
	hashFile: (file) => hashBlob(file),
	now: () => performance.now()
};

/** A dropped file held back: a link asked for other files. */
export interface HeldFile {
	source: IngestSource;
	ref: FileRef;
}

export type DemoStatus = 'loading' | 'loaded' | 'removed' | 'error';

/** The selected device-day's results with the temperature chart series. */
export interface DayDetail {
	key: string;
	params: string;
	result: BothModes;
}

export interface DbState {
	/** Rows in `wearable_results` (both modes). */
	rows: number;
	summary: WearableSummary | null;
	busy: boolean;
	error: string | null;
}

/** `demo:2021-02-04/device_012`. */
export function demoKey(record: Pick<DeviceDay, 'device' | 'day'>): string {
	return `demo:${record.day}/${record.device}`;
}

/** The demo fleet's records as loaded device-days. */
export function demoDays(records: readonly DeviceDay[]): LoadedDay[] {
	return records.map((record) => ({
		key: demoKey(record),
		origin: 'demo',
		source: 'demo',
		record,
		files: [],
		notes: [],
		fingerprint: 'demo'
	}));
}

/** Planned device-days as loaded ones; the fingerprint follows the files and the mapping. */
export function fileDays(
	plan: PlannedFiles,
	stamp: (path: string) => string,
	mappings: Record<string, TableMapping>
): LoadedDay[] {
	return plan.deviceDays.map((d) => {
		const mapping = d.source === 'table' ? mappings[d.files[0]] : undefined;
		return {
			key: `files:${d.id}`,
			origin: 'files',
			source: d.id.replace(/^(original|e4|table):/, '').replace(/#.*$/, '') || '.',
			record: d.record,
			files: d.files,
			notes: d.notes,
			fingerprint: `${d.files.map(stamp).join('|')}${mapping ? `|${JSON.stringify(mapping)}` : ''}`
		};
	});
}

export class WearablesState {
	/** Files larger than this are reported by name and size, never read. */
	readonly maxFileBytes = DEFAULT_MAX_FILE_BYTES;
	demoStatus: DemoStatus = $state('loading');
	demoError: string | null = $state(null);
	demo: LoadedDay[] = $state.raw([]);
	/** Paths of the person's files, in the order they were added. */
	filePaths: string[] = $state.raw([]);
	plan: PlannedFiles | null = $state.raw(null);
	files: LoadedDay[] = $state.raw([]);
	mappings: Record<string, TableMapping> = $state.raw({});
	/** True while files are being read and planned. */
	reading = $state(false);
	/** Why the last planning failed as a whole (single files' errors are in `plan.errors`). */
	readError: string | null = $state(null);

	/** Parameters of the results shown (the last valid ones asked for). */
	params: DetectionParams = $state.raw(defaultDetectionParams());
	/** Problems with the parameters last asked for, in the panel's words; empty when valid. */
	paramProblems: string[] = $state.raw([]);
	results: ReadonlyMap<string, BothModes> = $state.raw(noResults());
	/** Progress of the running detection, or null. */
	detecting: DetectionProgress | null = $state.raw(null);
	runError: string | null = $state(null);
	/** Milliseconds of the last detection run (null before the first). */
	detectMs: number | null = $state(null);
	/** Detection workers working in parallel. */
	workers = $state(1);

	mode: DetectionMode = $state('wear-aware');
	sort: RowSort | null = $state.raw(null);
	filter: RowFilter = $state.raw(NO_FILTER);
	/** The results table or the rows where the modes disagree. */
	view: 'results' | 'compare' = $state('results');

	selectedKey: string | null = $state(null);
	detail: DayDetail | null = $state.raw(null);
	detailError: string | null = $state(null);

	db: DbState = $state.raw({ rows: 0, summary: null, busy: false, error: null });
	query: QueryAnswer | null = $state.raw(null);
	queryError: string | null = $state(null);

	/**
	 * What was wrong with the address the page was opened (or moved back) to, in plain
	 * sentences (the page shows them as text); empty when nothing was.
	 */
	urlProblems: string[] = $state.raw([]);
	/** Counts parameter sets taken from the address: the panel starts over from them. */
	paramsFromUrl = $state(0);
	/** The files a link asks for, until the person uses other files; null when none. */
	request: FileRef[] | null = $state.raw(null);
	/** References (name, size, hash) of the loaded files, in `filePaths` order, once hashed. */
	fileRefs: FileRef[] = $state.raw([]);
	/** Dropped files held back because the link asked for others. */
	held: HeldFile[] = $state.raw([]);
	/** Files being hashed. */
	hashing = $state(0);
	/** Hashing a file failed (it still loads; the link cannot name it). */
	hashError: string | null = $state(null);

	/** The selected device-day was chosen (a click, a link), not taken by default. */
	#explicit = $state(false);
	/** A device-day a link selects, until its data is loaded. */
	#pendingSelection: DeviceDayRef | null = $state.raw(null);

	readonly days: LoadedDay[] = $derived([...this.demo, ...this.files]);
	readonly allRows: WearableResultRow[] = $derived(resultRows(this.days, this.results, this.mode));
	readonly rows: WearableResultRow[] = $derived(
		sortRows(filterRows(this.allRows, this.filter), this.sort)
	);
	readonly counts = $derived(verdictCounts(this.allRows));
	readonly compareRows: ModeDisagreement[] = $derived(disagreements(this.days, this.results));
	readonly selected: LoadedDay | null = $derived(
		this.days.find((d) => d.key === this.selectedKey) ?? null
	);
	readonly selectedRow: WearableResultRow | null = $derived(
		this.allRows.find((r) => r.key === this.selectedKey) ?? null
	);
	readonly busy: boolean = $derived(
		this.demoStatus === 'loading' || this.reading || this.detecting !== null
	);
	/** Every loaded device-day has results for the parameters shown and nothing is running. */
	readonly ready: boolean = $derived(!this.busy && this.days.every((d) => this.results.has(d.key)));
	/** The download's scope: only faults when the table shows only faults. */
	readonly scope: ReportScope = $derived(this.filter.faultyOnly ? 'faults' : 'results');
	/** The request's files against the dropped ones (loaded and held); null without a request. */
	readonly fileChecks: FileCheck[] | null = $derived(
		this.request
			? checkFiles(this.request, [...this.fileRefs, ...this.held.map((h) => h.ref)]).checks
			: null
	);
	/** The selected device-day when it was chosen (by a click or a link), not the default one. */
	readonly chosen: DeviceDayRef | null = $derived(
		this.#pendingSelection ?? (this.#explicit && this.selected ? dayRef(this.selected) : null)
	);

	#deps: WearablesDeps;
	#files = new FileStore();
	#cache = new ResultCache();
	#runs = new Latest();
	#plans = new Latest();
	#details = new Latest();
	#writes = new Latest();
	#timer: ReturnType<typeof setTimeout> | null = null;
	#db: Promise<DbClient> | null = null;
	/** Writes to the database, one after the other (a transaction each). */
	#writing: Promise<void> = Promise.resolve();
	/** When the last view change was written to the address (`deps.now()`). */
	#lastViewWrite = Number.NEGATIVE_INFINITY;
	#stopListening: (() => void) | null = null;
	/** Full hashes of files by path, size and modification time (a plain cache, not state). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#hashes = new Map<string, string>();
	/** The plan under way (settled when it is done, even when it failed): it brings hashes. */
	#planned: Promise<unknown> = Promise.resolve();

	constructor(deps: Partial<WearablesDeps> = {}) {
		this.#deps = { ...browserDeps, ...deps };
	}

	/**
	 * Read the address and show its view: the demo fleet (detected), or for a link of
	 * dropped files a request for them. What was wrong with the address goes to
	 * `urlProblems`; the address is replaced by the canonical form of what is shown. From
	 * then on Back and Forward are followed, until `stop()`.
	 */
	start(): Promise<void> {
		void this.#deps.workers().then(
			(n) => (this.workers = n),
			() => {}
		);
		const { link, problems } = readLink(this.#deps.url.read());
		this.urlProblems = problems;
		this.#applyView(link);
		this.#pendingSelection = link.selected;
		if (link.source === 'files') {
			this.request = link.files;
			this.demoStatus = 'removed';
		}
		this.#writeUrl('replace');
		this.#stopListening?.();
		this.#stopListening = this.#deps.url.onPop(() => this.#popped());
		return link.source === 'files' ? Promise.resolve() : this.loadDemo();
	}

	/** Stop following Back and Forward (the page is left). */
	stop(): void {
		this.#stopListening?.();
		this.#stopListening = null;
	}

	/** Hide the address's problems. */
	dismissUrlProblems(): void {
		this.urlProblems = [];
	}

	/** What the address holds of the page now. */
	get link(): WearablesLink {
		const source = this.request !== null || this.filePaths.length > 0 ? 'files' : 'demo';
		return {
			source,
			files: this.request ?? this.fileRefs,
			mode: this.mode,
			params: this.params,
			selected: this.chosen,
			sort: this.sort,
			filter: this.filter,
			compare: this.view === 'compare'
		};
	}

	/** The query of what the page shows (no `?`). */
	get address(): string {
		return linkQuery(this.link);
	}

	/**
	 * Write the address unless it holds it already. While dropped files are being hashed
	 * the address waits for their hashes (the last hash writes it).
	 */
	#writeUrl(how: 'push' | 'replace'): void {
		if (this.hashing > 0 && this.request === null) return;
		const query = this.address;
		const { url } = this.#deps;
		if (query === toQuery(url.read())) return;
		if (how === 'push') url.push(query);
		else url.replace(query);
	}

	/** A view change reaches the address: a new entry, or the last one's when it was just made. */
	#viewChanged(): void {
		const now = this.#deps.now();
		const recent = now - this.#lastViewWrite < COALESCE_MS;
		this.#lastViewWrite = now;
		this.#writeUrl(recent ? 'replace' : 'push');
	}

	/** The view parts of `link`: mode, parameters, sort, filter, comparison. */
	#applyView(link: WearablesLink): void {
		this.mode = link.mode;
		this.sort = link.sort;
		this.filter = link.filter;
		this.view = link.compare ? 'compare' : 'results';
		if (paramsKey(link.params) !== paramsKey(this.params)) {
			if (this.#timer) clearTimeout(this.#timer);
			this.#timer = null;
			this.paramProblems = [];
			this.params = link.params;
			this.paramsFromUrl++;
		}
	}

	/** Back or Forward: show the entry's view (its data stays what is loaded). */
	#popped(): void {
		this.#lastViewWrite = Number.NEGATIVE_INFINITY;
		const { link, problems } = readLink(this.#deps.url.read());
		if (problems.length) this.urlProblems = problems;
		const before = paramsKey(this.params);
		this.#applyView(link);
		this.#pendingSelection = link.selected;
		this.#explicit = false;
		if (paramsKey(this.params) !== before) {
			if (!link.selected) this.#select(null); // the default row of the new results
			void this.#run();
		} else if (link.selected) this.#resolveSelection();
		else this.#selectDefault();
	}

	/**
	 * Select what the address asked for once its device-day is loaded; when the data is
	 * complete without it, say so and open the default. Without a wish, keep the
	 * selection or open the default (the first row).
	 */
	#resolveSelection(): void {
		const want = this.#pendingSelection;
		if (want) {
			const origin = this.request !== null || this.filePaths.length ? 'files' : 'demo';
			const day = findDay(this.days, want, origin);
			if (day && this.results.has(day.key)) {
				this.#pendingSelection = null;
				this.#explicit = true;
				this.#select(day.key);
				return;
			}
			if (this.#dataComplete()) {
				const state = { ...defaultWearablesState(), selected: want };
				const { problems } = checkSelection(
					state,
					this.days.map((d) => dayRef(d))
				);
				this.urlProblems = [...this.urlProblems, ...problems];
				this.#pendingSelection = null;
				this.#writeUrl('replace');
			}
		}
		if (!this.selected) this.#selectDefault();
		else void this.#loadDetail();
	}

	/** Everything the address names is loaded and detected (no file still asked for). */
	#dataComplete(): boolean {
		if (this.busy || this.hashing > 0) return false;
		if (this.request && this.fileChecks?.some((c) => c.status !== 'ok')) return false;
		return true;
	}

	/** (Re)load the demo fleet and detect it. */
	async loadDemo(): Promise<void> {
		this.demoStatus = 'loading';
		this.demoError = null;
		try {
			const records = await this.#deps.demoFleet();
			if (this.demoStatus !== 'loading') return; // removed meanwhile
			this.demo = demoDays(records);
			this.demoStatus = 'loaded';
		} catch (e) {
			this.demoStatus = 'error';
			this.demoError = errorMessage(e);
			return;
		}
		await this.#run();
	}

	/** Remove the demo fleet (its results go too). */
	removeDemo(): void {
		this.demo = [];
		this.demoStatus = 'removed';
		this.#afterRemoval();
		this.#writeUrl('replace');
	}

	/**
	 * Add files (a later file of the same path replaces the earlier one) and plan them all;
	 * their hashes go to the address. While a link asks for files, the dropped ones are
	 * hashed first and only those it names are added; the others are held (`held`).
	 */
	async addFiles(sources: readonly IngestSource[]): Promise<void> {
		if (sources.length === 0) return;
		if (this.request !== null) {
			const refs = await this.#hashAll(sources);
			const fresh = sources.map((source, i) => ({ source, ref: refs[i] }));
			const held = [
				...this.held.filter((h) => !fresh.some((f) => f.source.path === h.source.path)),
				...fresh
			];
			const { unused } = checkFiles(this.request, [...this.fileRefs, ...held.map((h) => h.ref)]);
			const wanted = held.filter((h) => !unused.includes(h.ref));
			this.held = held.filter((h) => unused.includes(h.ref));
			if (wanted.length === 0) return;
			return this.#load(wanted.map((h) => h.source));
		}
		// the plan hashes the files it reads, in the worker: `#hashAll` waits for it
		const loading = this.#load(sources);
		const hashed = this.#hashAll(sources).then(
			() => this.#writeUrl('replace'),
			() => {}
		);
		await Promise.all([loading, hashed]);
	}

	/** Use the held files too: the view is now the person's own files, no longer the link's. */
	async useHeldFiles(): Promise<void> {
		const held = this.held;
		this.held = [];
		this.request = null;
		const loading = held.length ? this.#load(held.map((h) => h.source)) : Promise.resolve();
		this.#writeUrl('replace'); // their hashes are known: the address names them at once
		await loading;
	}

	async #load(sources: readonly IngestSource[]): Promise<void> {
		this.#files.add(sources);
		this.filePaths = this.#files.paths();
		this.#publishRefs();
		await this.#replan();
	}

	/** The references of `sources` (hashes computed once per path, size and time). */
	async #hashAll(sources: readonly IngestSource[]): Promise<FileRef[]> {
		let left = sources.length;
		this.hashing += left;
		this.hashError = null;
		try {
			const refs: FileRef[] = [];
			for (const { path, file } of sources) {
				const id = `${path}:${file.size}:${file.lastModified}`;
				let hex = this.#hashes.get(id);
				if (hex === undefined) {
					await this.#planned;
					hex = this.#hashes.get(id);
				}
				if (hex === undefined) {
					try {
						hex = await this.#deps.hashFile(file);
						this.#hashes.set(id, hex);
					} catch (e) {
						this.hashError = `${path}: ${errorMessage(e)}`;
						hex = '';
					}
				}
				refs.push(fileRef(path, file.size, hex));
				left--;
				this.hashing--;
			}
			this.#publishRefs();
			return refs;
		} finally {
			this.hashing -= left;
		}
	}

	/** The SHA-256 of the files the ingest worker read whole, into the hash cache. */
	#takeHashes(sources: readonly IngestSource[], plan: PlannedFiles): void {
		for (const { path, file } of sources) {
			const hex = plan.hashes?.[path];
			if (hex) this.#hashes.set(`${path}:${file.size}:${file.lastModified}`, hex);
		}
	}

	/** `fileRefs` of the loaded files whose hashes are known. */
	#publishRefs(): void {
		const refs: FileRef[] = [];
		for (const { path, file } of this.#files.sources()) {
			const hex = this.#hashes.get(`${path}:${file.size}:${file.lastModified}`);
			if (hex) refs.push(fileRef(path, file.size, hex));
		}
		this.fileRefs = refs;
	}

	/** Remove every file of the person's (the demo stays). */
	clearFiles(): void {
		this.#files.clear();
		this.#plans.next(); // drop a plan under way
		this.filePaths = [];
		this.fileRefs = [];
		this.held = [];
		this.plan = null;
		this.files = [];
		this.mappings = {};
		this.reading = false;
		this.readError = null;
		this.#afterRemoval();
		this.#writeUrl('replace');
	}

	/** Remove everything loaded: the demo and the files. */
	clearAll(): void {
		this.demo = [];
		this.demoStatus = 'removed';
		this.clearFiles();
	}

	/** The person's correction of a table's mapping: re-plan with it. */
	async setMapping(path: string, mapping: TableMapping): Promise<void> {
		this.mappings = { ...this.mappings, [path]: $state.snapshot(mapping) as TableMapping };
		await this.#replan();
	}

	/**
	 * New parameters from the panel. Invalid ones are reported and change nothing; valid
	 * ones replace the current ones and re-run detection after `paramsDelayMs`.
	 */
	setParams(next: DetectionParams): void {
		const plain = { ...($state.snapshot(next) as DetectionParams), mode: 'wear-aware' as const };
		this.paramProblems = detectionParamsProblems(plain).map(paramsMessage);
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		if (this.paramProblems.length) return;
		if (paramsKey(plain) === paramsKey(this.params)) return;
		const run = () => {
			this.#timer = null;
			this.params = plain;
			this.#viewChanged();
			void this.#run();
		};
		if (this.#deps.paramsDelayMs > 0) this.#timer = setTimeout(run, this.#deps.paramsDelayMs);
		else run();
	}

	setMode(mode: DetectionMode): void {
		if (mode === this.mode) return;
		this.mode = mode;
		this.#viewChanged();
	}

	sortBy(column: WearableColumnName): void {
		this.sort = nextSort(this.sort, column);
		this.#viewChanged();
	}

	/** Back to the default order (faulty rows first). */
	resetSort(): void {
		this.sort = null;
		this.#viewChanged();
	}

	setFilter(patch: Partial<RowFilter>): void {
		this.filter = { ...this.filter, ...patch };
		this.#viewChanged();
	}

	setView(view: 'results' | 'compare'): void {
		if (view === this.view) return;
		this.view = view;
		this.#viewChanged();
	}

	/** The person opens one device-day's signals (its chart series are computed in a worker). */
	select(key: string | null): void {
		this.#pendingSelection = null;
		this.#explicit = key !== null;
		this.#select(key);
		this.#viewChanged();
	}

	#select(key: string | null): void {
		this.selectedKey = key;
		void this.#loadDetail();
	}

	/** The CSV of the rows shown, and its file name. */
	csv(): { text: string; name: string } {
		return { text: wearablesCsv(this.rows), name: this.fileName('csv') };
	}

	/** The JSON report of the rows shown (with the mode and parameters), and its file name. */
	json(created: string | null = isoNow()): { text: string; name: string } {
		const text = wearablesJson({
			rows: this.rows,
			mode: this.mode,
			params: this.params,
			scope: this.scope,
			filter: { device: this.filter.text.trim(), faultyOnly: this.filter.faultyOnly },
			created
		});
		return { text, name: this.fileName('json') };
	}

	/** The Parquet columns of the rows shown (every column of `wearable_results`). */
	parquet(): ExportColumn[] {
		return toColumns(
			WEARABLE_RESULT_COLUMNS.map((c) => ({
				name: c.name,
				value: (r: WearableResultRow) => r[c.name]
			})),
			this.rows
		);
	}

	/** The printable report of the faulty rows shown, made now (`created`: ISO time in UTC). */
	printModel(created: string = isoNow()): PrintReportModel {
		return printReport({
			rows: this.rows,
			mode: this.mode,
			params: this.params,
			filterText: this.filter.text,
			created
		});
	}

	/** E.g. `wearables_faults_wear-aware_2021-02-02_2021-02-04.csv`. */
	fileName(extension: 'csv' | 'json' | 'parquet'): string {
		const range = dayRange(this.rows);
		return wearablesFileName({
			scope: this.scope,
			mode: this.mode,
			from: range?.from ?? null,
			to: range?.to ?? null,
			filter: this.filter.text,
			extension
		});
	}

	/** The demo fleet's files as a zip (made in a worker). */
	demoZip(): Promise<Uint8Array> {
		return this.#deps.demoZip();
	}

	/** Run a person's SQL on the page's DuckDB (where `wearable_results` lives). */
	async runQuery(sql: string): Promise<void> {
		this.queryError = null;
		try {
			const db = await this.#database();
			this.query = await runWearableQuery(db, sql);
		} catch (e) {
			this.query = null;
			this.queryError = errorMessage(e);
		}
	}

	// -------------------------------------------------------------------------------------

	#afterRemoval(): void {
		this.#cache.keep(this.days);
		if (this.selectedKey && !hasDay(this.days, this.selectedKey)) {
			this.#explicit = false;
			this.#select(null);
		}
		// A run under way may still be detecting removed device-days: run again on what is left.
		if (this.detecting) void this.#run();
		else void this.#store();
	}

	async #replan(): Promise<void> {
		const ticket = this.#plans.next();
		const current = () => this.#plans.isCurrent(ticket);
		const sources = this.#files.sources();
		const mappings = this.mappings;
		this.reading = true;
		this.readError = null;
		try {
			const planning = this.#deps.planFiles(sources, mappings);
			this.#planned = planning.catch(() => {});
			const plan = await planning;
			this.#takeHashes(sources, plan);
			if (!current()) return;
			this.plan = plan;
			this.files = fileDays(plan, (p) => this.#files.stamp(p), mappings);
		} catch (e) {
			if (current()) this.readError = errorMessage(e);
			return;
		} finally {
			if (current()) this.reading = false;
		}
		await this.#run();
	}

	/** Detect every loaded device-day that has no result for its data and the parameters. */
	async #run(): Promise<void> {
		const ticket = this.#runs.next();
		const current = () => this.#runs.isCurrent(ticket);
		const params = this.params;
		const key = paramsKey(params);
		const days = this.days;
		const todo = this.#cache.missing(days, key);
		this.runError = null;
		const t0 = performance.now();
		try {
			if (todo.length) {
				this.detecting = { done: 0, total: todo.length };
				const out = await this.#deps.detectAll(recordsOf(todo), params, {
					onProgress: (p) => {
						if (current()) this.detecting = p;
					},
					cancelled: () => !current()
				});
				todo.forEach((d, i) => this.#cache.set(d, key, out[i]));
				if (!current()) return;
				this.detectMs = performance.now() - t0;
			}
			this.results = this.#cache.collect(days, key);
			this.detecting = null;
		} catch (e) {
			if (!current()) return;
			this.detecting = null;
			this.runError = errorMessage(e);
			return;
		}
		this.#resolveSelection();
		void this.#store();
	}

	#selectDefault(): void {
		const first = sortRows(this.allRows, null)[0];
		this.#explicit = false;
		this.#select(first ? first.key : null);
	}

	async #loadDetail(): Promise<void> {
		const ticket = this.#details.next();
		const day = this.selected;
		const params = this.params;
		const key = paramsKey(params);
		this.detailError = null;
		if (!day) {
			this.detail = null;
			return;
		}
		if (this.detail?.key === day.key && this.detail.params === key) return;
		try {
			const result = await this.#deps.detectWithSeries(day.record, params);
			if (this.#details.isCurrent(ticket)) this.detail = { key: day.key, params: key, result };
		} catch (e) {
			if (this.#details.isCurrent(ticket)) this.detailError = errorMessage(e);
		}
	}

	#database(): Promise<DbClient> {
		if (!this.#db) {
			this.#db = this.#deps.getDb();
			this.#db.catch(() => {
				this.#db = null;
			});
		}
		return this.#db;
	}

	/**
	 * Write both modes' rows of every device-day with results into `wearable_results`.
	 * Writes queue one after the other; a write that a newer one overtook is skipped.
	 */
	#store(): Promise<void> {
		const ticket = this.#writes.next();
		const current = () => this.#writes.isCurrent(ticket);
		this.db = { ...this.db, busy: true, error: null };
		const write = async () => {
			if (!current()) return;
			const rows = [
				...resultRows(this.days, this.results, 'original'),
				...resultRows(this.days, this.results, 'wear-aware')
			];
			try {
				const db = await this.#database();
				if (!current()) return;
				const n = await replaceWearableResults(db, rows);
				const summary = await fetchWearableSummary(db);
				if (current()) this.db = { rows: n, summary, busy: false, error: null };
			} catch (e) {
				if (current()) this.db = { ...this.db, busy: false, error: errorMessage(e) };
			}
		};
		this.#writing = this.#writing.then(write);
		return this.#writing;
	}
}
