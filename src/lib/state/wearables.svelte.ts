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
import type { WearableColumnName, WearableResultRow } from '../db/sql/wearables';

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
	paramsDelayMs: 350
};

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

	constructor(deps: Partial<WearablesDeps> = {}) {
		this.#deps = { ...browserDeps, ...deps };
	}

	/** Load and detect the demo fleet. */
	start(): Promise<void> {
		void this.#deps.workers().then(
			(n) => (this.workers = n),
			() => {}
		);
		return this.loadDemo();
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
	}

	/** Add files (a later file of the same path replaces the earlier one) and plan them all. */
	async addFiles(sources: readonly IngestSource[]): Promise<void> {
		if (sources.length === 0) return;
		this.#files.add(sources);
		this.filePaths = this.#files.paths();
		await this.#replan();
	}

	/** Remove every file of the person's (the demo stays). */
	clearFiles(): void {
		this.#files.clear();
		this.#plans.next(); // drop a plan under way
		this.filePaths = [];
		this.plan = null;
		this.files = [];
		this.mappings = {};
		this.reading = false;
		this.readError = null;
		this.#afterRemoval();
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
			void this.#run();
		};
		if (this.#deps.paramsDelayMs > 0) this.#timer = setTimeout(run, this.#deps.paramsDelayMs);
		else run();
	}

	setMode(mode: DetectionMode): void {
		this.mode = mode;
	}

	sortBy(column: WearableColumnName): void {
		this.sort = nextSort(this.sort, column);
	}

	/** Back to the default order (faulty rows first). */
	resetSort(): void {
		this.sort = null;
	}

	setFilter(patch: Partial<RowFilter>): void {
		this.filter = { ...this.filter, ...patch };
	}

	setView(view: 'results' | 'compare'): void {
		this.view = view;
	}

	/** Show one device-day's signals (its chart series are computed in a worker). */
	select(key: string | null): void {
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

	/** E.g. `wearables_faults_wear-aware_2021-02-02_2021-02-04.csv`. */
	fileName(extension: 'csv' | 'json'): string {
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
		if (this.selectedKey && !hasDay(this.days, this.selectedKey)) this.select(null);
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
			const plan = await this.#deps.planFiles(sources, mappings);
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
		if (!this.selected) this.#selectDefault();
		else void this.#loadDetail();
		void this.#store();
	}

	#selectDefault(): void {
		const first = sortRows(this.allRows, null)[0];
		this.select(first ? first.key : null);
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
