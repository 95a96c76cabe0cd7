/**
 * The footfall explorer's state as one rune class: the data source (a simulation, or
 * counter files the user dropped), what the page is doing (status), the view
 * (`FootfallView`, plain data), the rows, heatmap cells and SQL of the current view, and
 * the health of the loaded data: imputed totals, trends and alerts (issue 5).
 *
 * Flow: `start()` opens DuckDB and runs the default simulation at once (both in
 * parallel); `simulate(params)` runs chunks on the worker pool, stages them in DuckDB,
 * swaps them in for the previous data and rebuilds the rollups, then queries the view.
 * A failed run shows its message and leaves the previous data and view as they were.
 * View changes go through `setView` (pure rules in `view.ts`) and re-query: the chart's
 * rows first, then (after they are painted) the heatmap, when its store or days changed.
 * Only the newest query's answer is applied.
 *
 * Dropped counter files (`loadFiles`) are hashed (a link keeps their names, sizes and
 * hashes, never their content), read in a worker and swapped in the same way; a file that
 * cannot be read is reported by name and the others load, and a drop that reads nothing
 * leaves the data shown as it was. A link to files asks for them (`wantedFiles`).
 *
 * Health: after every load, once the first chart is painted, each store's readings are
 * read out of DuckDB as columns, checked in workers (`runHealth`), and the results go
 * into DuckDB's health tables; then the view is queried again (its rows now carry the
 * imputed totals), with the trends of the store and the alerts.
 *
 * The address holds the simulation (or the files' names and hashes), the view, the
 * trends' period and the alerts panel's filter (`url-state/`), through an injected
 * `UrlPort` (`url.ts`): `start()` reads it, runs the simulation it names and shows its
 * view, lists what was wrong with it in `urlProblems` and rewrites it in canonical form
 * (replace); a view change adds a history entry (push), or replaces the entry when it
 * follows the previous change within `COALESCE_MS` (typing a date); a run from the panel
 * pushes once it succeeded; Back and Forward apply the entry's view, simulating again
 * only when its simulation differs from the loaded one.
 */
import {
	defaultSimulation,
	type FootfallView,
	type IsoWeekday,
	type SimulationParams
} from '../domain/footfall';
import type { DbClient } from '../db/client';
import type { HeatmapData, SeriesPoint } from '../charts/types';
import type { SimulatedChunk, SimulationProgress } from '../rpc/simulate';
import type { HealthParams, StoreHealth, StoreMatrix } from '../domain/health';
import {
	FOOTFALL_CHART_LAYERS,
	type FileRef,
	type FootfallAlertFilter,
	type FootfallChartState,
	type FootfallSource,
	type FootfallTableState,
	type TrendPeriod
} from '../url-state/types';
import { footfallFileName } from '../export/csv';
import { errorMessage, fetchHeatmap, fetchView, stageChunks, swapInStaged } from './footfall-db';
import { defaultHealthParams } from '../health/params';
import {
	extentOfDataset,
	filesFor,
	decodeFilesLink,
	filesLinkView,
	filesReadOf,
	keptSources,
	mergeSources,
	nothingLoadedMessage,
	sameFiles,
	storesOfDataset,
	type FilesRead,
	type CounterSource,
	type FileOutcome
} from './footfall-files';
import { fetchTrend, type TrendData } from './footfall-trends';
import {
	alertsInput,
	dataSourceText,
	fetchAlertTrends,
	filterAlerts,
	viewOfAlert,
	type FootfallAlert
} from './footfall-alerts';
import type { AlertView } from '../alerts';
import { Latest } from './latest';
import { simulationMessage } from './messages';
import { linkProblem, simulationKey } from './footfall-link';
import { memoryUrl, type UrlPort } from './url';
import {
	carryView,
	defaultView,
	describeView,
	extentOf,
	normalizeView,
	sameView,
	sensorCount,
	sensorNames,
	toggleWeekday,
	updateView,
	type DataExtent
} from './view';
import {
	decodeFootfall,
	defaultFootfallChart,
	defaultFootfallState,
	defaultFootfallTable,
	footfallQuery,
	toQuery
} from '../url-state';
import { sortRows } from './footfall-table';

export type { SimulationProgress, CounterSource, FileOutcome };

export type FootfallStatus =
	| { kind: 'idle' }
	| ({ kind: 'simulating' } & SimulationProgress)
	| { kind: 'loading'; step: string }
	| { kind: 'ready' }
	| { kind: 'error'; message: string }
	/** A link to dropped files was opened: the page waits for them (`wantedFiles`). */
	| { kind: 'waiting'; message: string };

/** Milliseconds of each step of a health check. */
export interface HealthSteps {
	/** Each store's readings out of DuckDB, as matrices. */
	read: number;
	/** Detection on the worker pool. */
	detect: number;
	/** The results into DuckDB's health tables (and their imputation tables). */
	store: number;
	/** The stores' trend rows and the alerts built from them. */
	alerts: number;
}

/** The health check of the loaded data (it runs after the first chart is drawn). */
export type HealthStatus =
	| { kind: 'idle' }
	| { kind: 'running'; step: string }
	| { kind: 'ready'; stores: number; sensorDays: number; steps: HealthSteps }
	| { kind: 'error'; message: string };

/** Milliseconds of the last run and query; null before they happened. */
export interface FootfallTimings {
	/** Simulating every chunk on the worker pool. */
	simulateMs: number | null;
	/** Starting DuckDB (fetch and compile the wasm), once per page. */
	dbMs: number | null;
	/** Inserting the chunks and building the rollups. */
	loadMs: number | null;
	/** The view query behind the chart. */
	queryMs: number | null;
	/** The heatmap query. */
	heatmapMs: number | null;
	/** Hashing and reading dropped files (null for a simulation). */
	readMs: number | null;
	/** The health check: reading the matrices, detection in workers, loading the results. */
	healthMs: number | null;
	/** The trends query. */
	trendMs: number | null;
}

/** What the state needs from the outside world; tests pass fakes. */
export interface FootfallDeps {
	getDb: () => Promise<DbClient>;
	runSimulation: (
		params: SimulationParams,
		onProgress: (p: SimulationProgress) => void
	) => AsyncIterable<SimulatedChunk>;
	now: () => number;
	/**
	 * Resolves once the browser has had the chance to paint what was just applied: the
	 * heatmap is asked for only after the chart's rows are on screen.
	 */
	afterPaint: () => Promise<void>;
	/** The page's address (the default, an in-memory one, is for Node). */
	url: UrlPort;
	/** Health detection of each store's matrix, in workers. */
	runHealth: (matrices: StoreMatrix[], params: HealthParams) => Promise<StoreHealth[]>;
	/** The health tables are filled with `results` (replacing earlier ones). */
	storeHealth: (db: DbClient, results: StoreHealth[]) => Promise<void>;
	/** The parameters of the health check. */
	healthParams: () => HealthParams;
	/** Reads dropped counter files (in a worker): the readings, and a report per file. */
	readCounters: (sources: CounterSource[]) => Promise<FilesRead>;
	/** SHA-256 of a file's content, lowercase hex (a link keeps a prefix). */
	hashFile: (file: Blob) => Promise<string>;
}

/**
 * View changes that follow the previous one within this many milliseconds replace its
 * history entry instead of adding one: typing a date or stepping an hour with the arrow
 * keys changes the view a few times a second, and Back should skip over all of those.
 */
export const COALESCE_MS = 300;

/** The next frame's paint, then a task; a plain task where there are no frames (Node). */
function afterPaint(): Promise<void> {
	return new Promise((resolve) => {
		if (typeof requestAnimationFrame !== 'function') {
			setTimeout(resolve, 0);
			return;
		}
		// rAF does not fire in hidden tabs: do not wait for it longer than a few frames.
		const fallback = setTimeout(resolve, 100);
		requestAnimationFrame(() =>
			setTimeout(() => {
				clearTimeout(fallback);
				resolve();
			}, 0)
		);
	});
}

const browserDeps: FootfallDeps = {
	// Imported on first use so the page renders before DuckDB's and comlink's code loads.
	getDb: async () => (await import('../db/duckdb')).getDb(),
	runSimulation: async function* (params, onProgress) {
		const rpc = await import('../rpc/simulate');
		yield* rpc.runSimulation(params, onProgress);
	},
	now: () => performance.now(),
	afterPaint,
	url: memoryUrl(),
	runHealth: async (matrices, params) =>
		(await import('../rpc/health')).runHealth(matrices, params),
	storeHealth: async (db, results) => {
		await (await import('../arrow/health')).replaceHealth(db, results);
	},
	healthParams: () => defaultHealthParams(),
	readCounters: async (sources) => {
		const rpc = await import('../rpc/counters');
		return filesReadOf(await rpc.readCounterFiles(sources));
	},
	hashFile: async (file) => (await import('../ingest/hash')).hashBlob(file)
};

/** What a load leaves behind when it has just replaced the data. */
interface Loaded {
	extent: DataExtent;
	source: FootfallSource;
	/** The simulation loaded, for a simulation. */
	sim: SimulationParams | null;
	/** The files loaded and their references, for files. */
	files: { sources: CounterSource[]; refs: FileRef[] } | null;
	readings: number;
}

/** What a heatmap depends on: the store and the days (not sensor, resolution or hours). */
const heatKeyOf = (v: FootfallView) => `${v.store}\n${v.from}\n${v.to}`;

/** What the trends depend on: the store, the weekdays and the period. */
const trendKeyOf = (v: FootfallView, period: TrendPeriod) =>
	`${v.store}\n${v.weekdays.join('')}\n${period}`;

/** One chunk of readings, for `stageChunks`. */
async function* oneChunk(ipc: Uint8Array, length: number) {
	yield { ipc, length };
}

export class FootfallState {
	/** Parameters of the last run asked for (what the simulation panel starts from). */
	params: SimulationParams = $state.raw(defaultSimulation());
	/**
	 * Parameters of the simulation in the database; null before the first run finished and
	 * while dropped files are loaded.
	 */
	loaded: SimulationParams | null = $state.raw(null);
	/** Where the data shown comes from: a simulation or dropped counter files. */
	source: FootfallSource = $state('sim');
	/** The dropped files loaded (name, size, hash), for the address; empty for a simulation. */
	files: FileRef[] = $state.raw([]);
	/** What became of each file of the last drop: read, or why not (naming the file). */
	fileOutcomes: FileOutcome[] = $state.raw([]);
	/** Files are being hashed and read. */
	readingFiles = $state(false);
	/**
	 * The files a link names that are not loaded: the page asks for them (and checks their
	 * hashes). Empty when nothing is wanted.
	 */
	wantedFiles: FileRef[] = $state.raw([]);
	/**
	 * Files dropped while a link's files are wanted, with their references: held until they
	 * are all there (`FileRequest` shows which are found, different or missing).
	 */
	heldFiles: { source: CounterSource; ref: FileRef }[] = $state.raw([]);
	/** The trends panel's period. */
	trend: TrendPeriod = $state('weekly');
	/** The rows table's sort (kept in the address; the rows are sorted on the page). */
	table: FootfallTableState = $state.raw(defaultFootfallTable());
	/** The chart's layers: which optional ones are drawn (kept in the address). */
	chart: FootfallChartState = $state.raw(defaultFootfallChart());
	/** The health check of the loaded data. */
	health: HealthStatus = $state.raw({ kind: 'idle' });
	/** Its results per store (flags per sensor-hour and sensor-day); empty before it ran. */
	healthResults: StoreHealth[] = $state.raw([]);
	/** The parameters the results were found with. */
	healthParams: HealthParams = $state.raw(defaultHealthParams());
	/** Current issues found by the health check, newest first; empty before it ran. */
	alerts: FootfallAlert[] = $state.raw([]);
	/** The alerts panel's filter: one kind and one store, or null for all. */
	alertKind: FootfallAlert['kind'] | null = $state(null);
	alertStore: string | null = $state(null);
	/** The trends of the view's store at `trend`, and what they were asked for. */
	trendData: TrendData | null = $state.raw(null);
	trendSql = $state('');
	queryingTrend = $state(false);
	/** Why the last trends query failed; null when it did not. */
	trendError: string | null = $state(null);
	status: FootfallStatus = $state.raw({ kind: 'idle' });
	view: FootfallView = $state.raw(defaultView(extentOf(defaultSimulation())));
	/** Rows of the chart and table, for `rowsView`, in time order (the downloads' order). */
	rows: SeriesPoint[] = $state.raw([]);
	/** `rows` in the table's sort. */
	readonly tableRows: SeriesPoint[] = $derived(sortRows(this.rows, this.table));
	/** The view `rows` belong to (they lag behind `view` while a query runs). */
	rowsView: FootfallView | null = $state.raw(null);
	/** The heatmap with the store and days it shows; null before the first one. */
	heatmap: HeatmapData | null = $state.raw(null);
	/** The view query, values written in. */
	sql = $state('');
	heatmapSql = $state('');
	/** Readings in the database. */
	readings = $state(0);
	/** The extent of the data in the database; null before the first load. */
	dataExtent: DataExtent | null = $state.raw(null);
	/** The chart's rows are being fetched for `view`. */
	queryingRows = $state(false);
	/** The heatmap is being fetched for `view` (after its rows). */
	queryingHeatmap = $state(false);
	/** Either query of the view is under way. */
	readonly querying: boolean = $derived(this.queryingRows || this.queryingHeatmap);
	/** The alerts the panel's filter keeps, newest first. */
	readonly shownAlerts: FootfallAlert[] = $derived(
		filterAlerts(this.alerts, { kind: this.alertKind, store: this.alertStore })
	);

	/** Why the last simulation failed; null after a successful one. */
	runError: string | null = $state(null);
	/**
	 * What was wrong with the address the page was opened (or moved back) to, in plain
	 * sentences (the page shows them as text); empty when nothing was.
	 */
	urlProblems: string[] = $state.raw([]);
	/**
	 * Counts the simulations taken from the address (opening the page, Back and Forward),
	 * so the simulation form starts over from them; a run from the form leaves it alone.
	 */
	paramsFromUrl = $state(0);
	timings: FootfallTimings = $state.raw({
		simulateMs: null,
		dbMs: null,
		loadMs: null,
		queryMs: null,
		heatmapMs: null,
		readMs: null,
		healthMs: null,
		trendMs: null
	});

	/** Key (`heatKeyOf`) of the heatmap applied, '' when it belongs to earlier data. */
	#heatKey = $state('');
	/** Key (`trendKeyOf`) of the trends applied, '' when they belong to earlier data or health. */
	#trendKey = $state('');

	readonly extent: DataExtent | null = $derived(this.dataExtent);
	/** Data is loaded (a simulation or files): the controls work. */
	readonly hasData: boolean = $derived(this.dataExtent !== null);
	/** The loaded data's extent, or the requested one's before anything is loaded (for pickers). */
	readonly shownExtent: DataExtent = $derived(this.extent ?? extentOf(this.params));
	readonly storeNames: string[] = $derived(this.shownExtent.stores.map((s) => s.name));
	readonly sensors: number = $derived(sensorCount(this.shownExtent, this.view.store));
	/** What the sensor picker calls the store's sensors (a file's own labels where it has them). */
	readonly sensorNames: string[] = $derived(sensorNames(this.shownExtent, this.view.store));
	/** The health check is under way. */
	readonly checking: boolean = $derived(this.health.kind === 'running');
	readonly busy: boolean = $derived(
		this.status.kind === 'simulating' || this.status.kind === 'loading' || this.readingFiles
	);
	readonly progress: SimulationProgress | null = $derived(
		this.status.kind === 'simulating' ? this.status : null
	);
	/** True when `rows` show `view` and no query of rows is pending: the chart is current. */
	readonly ready: boolean = $derived(
		!this.busy && !this.queryingRows && this.rowsView !== null && sameView(this.rowsView, this.view)
	);
	/** True when `heatmap` shows the store and days of `view` and none is pending. */
	readonly heatmapReady: boolean = $derived(
		!this.busy &&
			!this.queryingHeatmap &&
			this.heatmap !== null &&
			this.#heatKey === heatKeyOf(this.view)
	);
	/** True when `trendData` is the trend of the view's store, weekdays and `trend`. */
	readonly trendReady: boolean = $derived(
		!this.busy &&
			!this.queryingTrend &&
			this.trendData !== null &&
			this.#trendKey === trendKeyOf(this.view, this.trend)
	);
	readonly description: string = $derived(
		describeView(this.view, this.#sensorLabel(this.view.sensor))
	);
	/** The health results of the view's store; null before the health check. */
	readonly storeHealth: StoreHealth | null = $derived(
		this.healthResults.find((r) => r.store === this.view.store) ?? null
	);
	/** What the data is and its days, for the alerts report. */
	readonly alertsMeta: { source: string; from?: string; to?: string } = $derived({
		source: dataSourceText(this.source, this.loaded, this.files),
		from: this.extent?.start,
		to: this.extent?.end
	});
	readonly fileName: string = $derived(footfallFileName(this.rowsView ?? this.view));

	#deps: FootfallDeps;
	#db: Promise<DbClient> | null = null;
	#queries = new Latest();
	#heatQueries = new Latest();
	#trendQueries = new Latest();
	/** Key of the heatmap being fetched, or null. */
	#heatWanted: string | null = null;
	/** When the last view change was written to the address (`deps.now()`). */
	#lastViewWrite = Number.NEGATIVE_INFINITY;
	/** Back or Forward happened during a run: apply the address when it is over. */
	#poppedWhileBusy = false;
	/** The query of a link to files not loaded yet: its view is read once they are. */
	#wantedQuery: string | null = null;
	#stopListening: (() => void) | null = null;
	/** Counts loads: a health check of older data is not applied. */
	#generation = 0;
	/** The files loaded, kept so that a later drop adds to them. */
	#fileSources: CounterSource[] = [];
	/** The last exclusive database task (`#exclusive`). */
	#writer: Promise<void> = Promise.resolve();
	/** SHA-256 of each file met, so that a file is read for its hash once. */
	#hashes = new WeakMap<Blob, Promise<string>>();

	constructor(deps: Partial<FootfallDeps> = {}) {
		this.#deps = { ...browserDeps, ...deps };
	}

	/**
	 * Read the address, open the database and run the simulation the address names (the
	 * demo for the bare path) with its view. What was wrong with the address goes to
	 * `urlProblems`, and the address is replaced by the canonical form of what is shown.
	 * From then on Back and Forward are followed, until `stop()`.
	 */
	start(): Promise<void> {
		const query = this.#deps.url.read();
		const { state, problems } = decodeFootfall(query);
		const files = state.source === 'files' && state.files.length > 0;
		// A link to files: the codec checked its view's form; the files check the rest.
		this.urlProblems = problems;
		this.params = state.sim;
		this.paramsFromUrl++;
		if (!files) this.view = state.view;
		this.trend = state.trend;
		this.#setAlertFilter(state.alerts);
		this.#setLook(state);
		if (files) this.#wantFiles(state.files, toQuery(query));
		this.#writeUrl('replace');
		this.#stopListening?.();
		this.#stopListening = this.#deps.url.onPop(() => this.#popped());
		void this.#database().catch(() => {});
		return files ? Promise.resolve() : this.#run(state.sim, state.view, false);
	}

	/**
	 * A link (`query`) names dropped files that are not loaded: ask for them
	 * (`wantedFiles`), and show the link's view on them once they are given (`loadFiles`).
	 * Until then the address keeps the link as it is.
	 */
	#wantFiles(files: FileRef[], query: string): void {
		this.wantedFiles = files;
		this.#wantedQuery = query;
		if (!this.hasData) {
			this.source = 'files';
			const n = files.length;
			this.status = {
				kind: 'waiting',
				message: `This link shows ${n === 1 ? 'a dropped file' : `${n} dropped files`}, which never leave the computer they were dropped on: drop ${n === 1 ? 'it' : 'them'} here to see the view.`
			};
		}
	}

	/**
	 * Stop asking for a link's files: the page goes on with the data it shows (and says so
	 * in the address), or runs the simulation (the demo) when it shows nothing yet.
	 */
	dismissWantedFiles(): Promise<void> {
		this.wantedFiles = [];
		this.#wantedQuery = null;
		this.heldFiles = [];
		if (this.hasData) {
			this.#writeUrl('replace'); // the address says what is shown again
		} else if (!this.busy) {
			this.source = 'sim';
			return this.#run(this.params, null, false);
		}
		return Promise.resolve();
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

	/**
	 * The query of what the page shows: the loaded simulation (else the one asked for) or
	 * the files (those a link asks for, while they are awaited), the view and the trends'
	 * period.
	 */
	get query(): string {
		if (this.wantedFiles.length && this.#wantedQuery !== null) return this.#wantedQuery;
		return this.queryWith(this.view);
	}

	/**
	 * A link of this page with `view` (the data and the rest as shown): for alerts. The
	 * view of files is written against their first store and days (`filesLinkView`), so
	 * that it reads back as it is once the files are given; the simulation the panel would
	 * run goes with it, as with any link.
	 */
	queryWith(view: FootfallView): string {
		const alerts = this.alertFilter;
		if (this.source === 'files' && this.extent) {
			return footfallQuery({
				...defaultFootfallState(this.params),
				source: 'files',
				files: this.files,
				view: filesLinkView(view, this.extent),
				table: this.table,
				chart: this.chart,
				trend: this.trend,
				alerts
			});
		}
		return footfallQuery({
			...defaultFootfallState(this.loaded ?? this.params),
			view,
			table: this.table,
			chart: this.chart,
			trend: this.trend,
			alerts
		});
	}

	/** The alerts panel's filter, as the address holds it. */
	get alertFilter(): FootfallAlertFilter {
		return { kind: this.alertKind, store: this.alertStore };
	}

	/**
	 * Follow a link of this page (an alert's) without reloading it: a new history entry
	 * with `query`, then what it says is shown, as after Forward.
	 */
	openQuery(query: string): void {
		const { url } = this.#deps;
		if (query !== toQuery(url.read())) url.push(query);
		this.#lastViewWrite = Number.NEGATIVE_INFINITY;
		if (this.busy) this.#poppedWhileBusy = true;
		else this.#applyUrl();
	}

	/** Write `query` to the address unless it is there already. */
	#writeUrl(how: 'push' | 'replace'): void {
		const query = this.query;
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

	/** Back or Forward: show the entry's state (after the run under way, if any). */
	#popped(): void {
		this.#lastViewWrite = Number.NEGATIVE_INFINITY;
		if (this.busy) this.#poppedWhileBusy = true;
		else this.#applyUrl();
	}

	/**
	 * Show what the address says: its view, and first its simulation when that differs
	 * from the loaded one. Its problems (only a hand-edited entry has any) are shown.
	 */
	#applyUrl(): void {
		const query = this.#deps.url.read();
		let { state, problems } = decodeFootfall(query);
		const files = state.source === 'files' && state.files.length > 0;
		if (files) {
			if (this.source !== 'files' || !this.extent || !sameFiles(state.files, this.files)) {
				this.#wantFiles(state.files, toQuery(query));
				return;
			}
			// The loaded files: the entry's view is checked against their stores and days.
			({ state, problems } = decodeFilesLink(toQuery(query), this.extent));
			this.wantedFiles = [];
			this.#wantedQuery = null;
		}
		if (problems.length) this.urlProblems = problems;
		const trendChanged = state.trend !== this.trend;
		this.trend = state.trend;
		this.#setAlertFilter(state.alerts);
		this.#setLook(state);
		if (!files) {
			this.wantedFiles = [];
			this.#wantedQuery = null;
			if (
				this.source !== 'sim' ||
				simulationKey(state.sim) !== simulationKey(this.loaded ?? this.params)
			) {
				this.paramsFromUrl++;
				void this.#run(state.sim, state.view, false);
				return;
			}
		}
		const next = this.extent ? normalizeView(state.view, this.extent) : state.view;
		if (!sameView(next, this.view)) {
			this.view = next;
			void this.refresh();
		} else if (trendChanged) {
			void this.#refreshTrend(this.view);
		}
		this.#writeUrl('replace');
	}

	/** The database, started once; a failed start is retried on the next call. */
	#database(): Promise<DbClient> {
		if (!this.#db) {
			const t = this.#deps.now();
			this.#db = this.#deps.getDb().then(
				(db) => {
					this.timings = { ...this.timings, dbMs: this.#deps.now() - t };
					return db;
				},
				(e) => {
					this.#db = null;
					throw e;
				}
			);
		}
		return this.#db;
	}

	/**
	 * Simulate `params` (the simulation form's run), load them, show the view carried
	 * over on them and add them to history. Ignored while a run is under way. On failure
	 * the status carries the message and the previous data, view, rows and heatmap stay;
	 * parameters that could not be kept in the address (`linkProblem`) are refused so.
	 */
	simulate(params: SimulationParams): Promise<void> {
		if (this.busy) return Promise.resolve();
		const problem = linkProblem($state.snapshot(params) as SimulationParams);
		if (problem) {
			this.runError = problem;
			this.status = { kind: 'error', message: problem };
			return Promise.resolve();
		}
		return this.#run(params, null, true);
	}

	/**
	 * Run `params`; show `view` on them (made valid for them), or when it is null the
	 * current view carried over (the default view on the first run). `push`: add the
	 * result to history once the run succeeded.
	 */
	async #run(params: SimulationParams, view: FootfallView | null, push: boolean): Promise<void> {
		if (this.busy) return;
		const plain = $state.snapshot(params) as SimulationParams;
		this.params = plain;
		this.runError = null;
		const { now } = this.#deps;
		const t0 = now();
		let simulatedAt: number | null = null;
		this.status = {
			kind: 'simulating',
			chunksDone: 0,
			chunks: 0,
			readingsDone: 0,
			readingsTotal: 0
		};
		try {
			const db = this.#database();
			const chunks = this.#deps.runSimulation(plain, (p) => {
				if (this.status.kind === 'simulating') this.status = { kind: 'simulating', ...p };
				if (p.chunks > 0 && p.chunksDone === p.chunks) simulatedAt = now();
			});
			// One writer at a time: a health check storing its results waits, or is waited for.
			const { staged, simulateMs, buildMs } = await this.#exclusive(async () => {
				const staged = await stageChunks(db, chunks);
				const simulateMs = (simulatedAt ?? now()) - t0;
				this.status = { kind: 'loading', step: 'building the rollups' };
				const buildMs = await swapInStaged(await db, plain.stores);
				this.#swapped(
					{
						extent: extentOf(plain),
						source: 'sim',
						sim: plain,
						files: null,
						readings: staged.readings
					},
					view
				);
				return { staged, simulateMs, buildMs };
			});
			this.timings = {
				...this.timings,
				simulateMs,
				readMs: null,
				loadMs: staged.insertMs + buildMs
			};
			this.status = { kind: 'ready' };
		} catch (e) {
			this.runError = simulationMessage(errorMessage(e), plain);
			this.status = { kind: 'error', message: this.runError };
			this.#afterRun(false);
			return;
		}
		this.#afterRun(push);
		await this.refresh();
		await this.#checkHealth();
	}

	/**
	 * New data replaced the old in the database: remember what it is, forget the health,
	 * heatmap and trends of the old, and show `view` on it (made valid), or when null the
	 * current view carried over (the default view on the first load).
	 */
	#swapped(loaded: Loaded, view: FootfallView | null): void {
		const previous = this.extent;
		this.#generation++;
		this.dataExtent = loaded.extent;
		this.loaded = loaded.sim;
		this.source = loaded.source;
		this.files = loaded.files?.refs ?? [];
		this.#fileSources = loaded.files?.sources ?? [];
		this.readings = loaded.readings;
		this.wantedFiles = [];
		this.#wantedQuery = null;
		this.health = { kind: 'idle' };
		this.healthResults = [];
		this.alerts = [];
		// A store filter of alerts for a store the new data lacks shows all stores.
		if (this.alertStore !== null && !loaded.extent.stores.some((s) => s.name === this.alertStore)) {
			this.alertStore = null;
		}
		this.#heatKey = '';
		this.#cancelHeatmap();
		this.#trendKey = '';
		this.#trendQueries.next();
		this.rowsView = null;
		this.view = view
			? normalizeView(view, loaded.extent)
			: previous
				? carryView(this.view, previous, loaded.extent)
				: defaultView(loaded.extent);
	}

	/**
	 * Load dropped counter files: hashed (for the address), read in a worker, swapped in for
	 * the data shown. Files dropped while files are loaded add to them (a file of the same
	 * name replaces its earlier copy). Each file's outcome is in `fileOutcomes`, naming it;
	 * when no file gives a reading the data shown stays and the status says why. `view` (a
	 * link's) is shown on the files, else the current view carried over. Ignored while
	 * a run or a read is under way.
	 */
	async loadFiles(added: CounterSource[]): Promise<void> {
		if (this.busy || added.length === 0) return;
		// The query of the link whose files these are, if any: its view is shown on them.
		const answering = this.wantedFiles.length > 0 ? this.#wantedQuery : null;
		const sources =
			this.source === 'files' && this.hasData && answering === null
				? mergeSources(this.#fileSources, added)
				: [...added];
		const { now } = this.#deps;
		const t0 = now();
		this.readingFiles = true;
		const n = sources.length;
		this.status = { kind: 'loading', step: `reading ${n === 1 ? 'the file' : `${n} files`}` };
		try {
			const db = this.#database();
			const [hashes, read] = await Promise.all([
				Promise.all(sources.map((s) => this.#hash(s.file))),
				this.#deps.readCounters(sources)
			]);
			this.fileOutcomes = read.files;
			const readMs = now() - t0;
			if (!read.data) throw new Error(nothingLoadedMessage(read.files));
			const { fileRef } = await import('../ingest/hash');
			const keep = keptSources(sources, read.files);
			const refs = keep.map((i) => fileRef(sources[i].path, sources[i].file.size, hashes[i]));
			this.status = { kind: 'loading', step: 'loading the readings into DuckDB' };
			const data = read.data;
			const extent = extentOfDataset(data);
			let view: FootfallView | null = null;
			if (answering !== null) {
				const link = decodeFilesLink(answering, extent);
				view = link.state.view;
				this.urlProblems = link.problems;
				this.trend = link.state.trend;
				this.#setAlertFilter(link.state.alerts);
				this.#setLook(link.state);
			}
			const { staged, buildMs } = await this.#exclusive(async () => {
				const staged = await stageChunks(db, oneChunk(data.ipc, data.length));
				const buildMs = await swapInStaged(await db, storesOfDataset(data));
				this.heldFiles = [];
				this.#swapped(
					{
						extent,
						source: 'files',
						sim: null,
						files: { sources: keep.map((i) => sources[i]), refs },
						readings: staged.readings
					},
					view
				);
				return { staged, buildMs };
			});
			this.runError = null;
			this.timings = {
				...this.timings,
				simulateMs: null,
				readMs,
				loadMs: staged.insertMs + buildMs
			};
			this.status = { kind: 'ready' };
		} catch (e) {
			this.status = { kind: 'error', message: errorMessage(e) };
			return;
		} finally {
			this.readingFiles = false;
		}
		this.#afterRun(answering === null);
		await this.refresh();
		await this.#checkHealth();
	}

	/**
	 * Run `task` when the previous exclusive task is over: DuckDB has one connection, and
	 * two writers (a load's staging and swap, a health check's transaction) interleaved
	 * there would run inside each other's transaction.
	 */
	#exclusive<T>(task: () => Promise<T>): Promise<T> {
		const run = this.#writer.then(task, task);
		this.#writer = run.then(
			() => undefined,
			() => undefined
		);
		return run;
	}

	/** A file's own name for sensor `sensor` of the view's store (not a number); else undefined. */
	#sensorLabel(sensor: number | null): string | undefined {
		if (sensor === null) return undefined;
		const label = this.extent?.stores.find((s) => s.name === this.view.store)?.labels?.[sensor];
		return label && !/^\d+$/.test(label.trim()) ? label.trim() : undefined;
	}

	/** The SHA-256 of a file, read once per file. */
	#hash(file: Blob): Promise<string> {
		let h = this.#hashes.get(file);
		if (!h) {
			h = this.#deps.hashFile(file);
			h.catch(() => this.#hashes.delete(file));
			this.#hashes.set(file, h);
		}
		return h;
	}

	/**
	 * Files dropped on the page. While a link's files are wanted they are hashed and held
	 * until every wanted file is among them (by content), then exactly those are loaded
	 * with the link's view; otherwise they are loaded (`loadFiles`).
	 */
	async dropFiles(sources: CounterSource[]): Promise<void> {
		if (this.wantedFiles.length === 0) return this.loadFiles(sources);
		if (this.busy || sources.length === 0) return;
		this.readingFiles = true;
		let held: { source: CounterSource; ref: FileRef }[];
		try {
			const hashes = await Promise.all(sources.map((s) => this.#hash(s.file)));
			const { fileRef } = await import('../ingest/hash');
			const added = sources.map((source, i) => ({
				source,
				ref: fileRef(source.path, source.file.size, hashes[i])
			}));
			held = mergeSources(this.heldFiles, added, (h) => h.source.path);
			this.heldFiles = held;
		} catch (e) {
			this.status = { kind: 'error', message: errorMessage(e) };
			return;
		} finally {
			this.readingFiles = false;
		}
		const use = filesFor(
			this.wantedFiles,
			held.map((h) => h.ref)
		);
		if (use) await this.loadFiles(use.map((i) => held[i].source));
	}

	/** Load the held files although they are not all the link's (its view is still applied). */
	useHeldFiles(): Promise<void> {
		return this.loadFiles(this.heldFiles.map((h) => h.source));
	}

	/** Leave the dropped files for the simulation (the one last run, or the demo). */
	backToSimulation(): Promise<void> {
		if (this.busy) return Promise.resolve();
		this.wantedFiles = [];
		this.#wantedQuery = null;
		this.heldFiles = [];
		return this.#run(this.params, null, true);
	}

	/**
	 * The health check of the loaded data (after its first chart was drawn): each store's
	 * readings as a matrix, detection in workers, the results into DuckDB's health tables;
	 * then the view is queried again, its rows now with imputed totals. A check of data
	 * that was replaced meanwhile is dropped.
	 */
	async #checkHealth(): Promise<void> {
		const extent = this.dataExtent;
		if (!extent) return;
		const generation = this.#generation;
		const current = () => generation === this.#generation;
		const { now } = this.#deps;
		const t0 = now();
		try {
			this.health = { kind: 'running', step: 'reading the readings' };
			const db = await this.#database();
			// Loaded now, after the first chart: the page does not wait for their code.
			const [{ fetchMatrices }, { buildAlerts }] = await Promise.all([
				import('./footfall-health'),
				import('../alerts')
			]);
			const matrices = await fetchMatrices(db, extent);
			const t1 = now();
			if (!current()) return;
			const sensors = matrices.reduce((a, m) => a + m.sensors, 0);
			this.health = {
				kind: 'running',
				step: `checking ${sensors} sensor${sensors === 1 ? '' : 's'} in workers`
			};
			const params = this.#deps.healthParams();
			const results = await this.#deps.runHealth(matrices, params);
			const t2 = now();
			if (!current()) return;
			this.health = { kind: 'running', step: 'loading the results into DuckDB' };
			// Not while new data is being swapped in (one writer at a time); not for old data.
			const stored = await this.#exclusive(async () => {
				if (!current()) return false;
				await this.#deps.storeHealth(db, results);
				return true;
			});
			const t3 = now();
			if (!stored || !current()) return;
			this.health = { kind: 'running', step: 'looking for alerts' };
			const trends = await fetchAlertTrends(db, extent);
			if (!current()) return;
			this.alerts = buildAlerts(alertsInput(results, trends, extent));
			this.healthResults = results;
			this.healthParams = params;
			const t4 = now();
			this.timings = { ...this.timings, healthMs: t4 - t0 };
			this.health = {
				kind: 'ready',
				stores: results.length,
				sensorDays: results.reduce((a, r) => a + r.days.length, 0),
				steps: { read: t1 - t0, detect: t2 - t1, store: t3 - t2, alerts: t4 - t3 }
			};
		} catch (e) {
			if (current()) this.health = { kind: 'error', message: errorMessage(e) };
			return;
		}
		// The rows (and trends) again, now with the imputed totals.
		this.#trendKey = '';
		await this.refresh();
	}

	/** A run ended: follow a Back or Forward made meanwhile, else record a successful run. */
	#afterRun(push: boolean): void {
		if (this.#poppedWhileBusy) {
			this.#poppedWhileBusy = false;
			this.#applyUrl();
			return;
		}
		this.#writeUrl(push ? 'push' : 'replace');
		if (push) this.#lastViewWrite = Number.NEGATIVE_INFINITY;
	}

	/** Apply `patch` to the view (made valid for the data) and query it when it changed. */
	setView(patch: Partial<FootfallView>): void {
		const next = this.extent
			? updateView(this.view, patch, this.extent)
			: { ...this.view, ...patch };
		if (sameView(next, this.view)) return;
		this.view = next;
		this.#viewChanged();
		void this.refresh();
	}

	/** Switch a weekday on or off. */
	setWeekday(day: IsoWeekday, on: boolean): void {
		this.setView({ weekdays: toggleWeekday(this.view.weekdays, day, on) });
	}

	/** Show one sensor's hours of one day (from the health table). */
	showSensorDay(sensor: number, day: string): void {
		this.setView({ sensor, resolution: 'hourly', from: day, to: day, hourFrom: 0, hourTo: 23 });
	}

	/** The trends panel's period (kept in the address). */
	setTrend(period: TrendPeriod): void {
		if (period === this.trend) return;
		this.trend = period;
		this.#viewChanged();
		void this.#refreshTrend(this.view);
	}

	/**
	 * The rows table's sort (kept in the address: a change adds a history entry). The rows
	 * already fetched are sorted again; nothing is queried.
	 */
	setTableSort(sort: FootfallTableState): void {
		if (sort.sort === this.table.sort && sort.dir === this.table.dir) return;
		this.table = { sort: sort.sort, dir: sort.dir };
		this.#viewChanged();
	}

	/** Show or hide some of the chart's layers (kept in the address: a change adds an entry). */
	setChartLayers(layers: Partial<FootfallChartState>): void {
		const next = { ...this.chart, ...layers };
		if (FOOTFALL_CHART_LAYERS.every((l) => next[l] === this.chart[l])) return;
		this.chart = next;
		this.#viewChanged();
	}

	/** The table's sort and the chart's layers of an address (without touching it). */
	#setLook(state: { table: FootfallTableState; chart: FootfallChartState }): void {
		const { table, chart } = state;
		if (table.sort !== this.table.sort || table.dir !== this.table.dir) this.table = { ...table };
		if (FOOTFALL_CHART_LAYERS.some((l) => chart[l] !== this.chart[l])) this.chart = { ...chart };
	}

	/** The alerts panel's filter (kept in the address: a change adds a history entry). */
	setAlertFilter(filter: { kind?: FootfallAlert['kind'] | null; store?: string | null }): void {
		const kind = filter.kind === undefined ? this.alertKind : filter.kind;
		const store = filter.store === undefined ? this.alertStore : filter.store;
		if (kind === this.alertKind && store === this.alertStore) return;
		this.#setAlertFilter({ kind, store });
		this.#viewChanged();
	}

	/** Apply an alert filter (from the address or the panel) without touching the address. */
	#setAlertFilter(filter: FootfallAlertFilter): void {
		this.alertKind = filter.kind;
		this.alertStore = filter.store;
	}

	/** The full view an alert opens (its store, sensor, resolution and days). */
	alertView(view: AlertView): FootfallView {
		return viewOfAlert(view, this.view, this.extent ?? this.shownExtent);
	}

	/** Where an alert's view is: a link of this page (`?` and the query). */
	alertHref(view: AlertView): string {
		return `?${this.queryWith(this.alertView(view))}`;
	}

	/** Show an alert's view, as its link would, without reloading the page. */
	openAlert(alert: FootfallAlert): void {
		this.openQuery(this.queryWith(this.alertView(alert.view)));
	}

	/**
	 * Query the current view: the chart's rows first, then, once they are applied and
	 * painted, the heatmap when its store or days changed (the heatmap never delays the
	 * chart: DuckDB answers one query at a time). Answers to older requests are dropped.
	 * Does nothing before the first data is loaded or while a run is loading (the run
	 * refreshes when it is done).
	 */
	async refresh(): Promise<void> {
		if (!this.hasData || this.busy) return;
		const view = this.view;
		const ticket = this.#queries.next();
		const current = () => this.#queries.isCurrent(ticket);
		this.queryingRows = true;
		// Says "querying" at once when the heatmap will follow; `#refreshHeatmap` decides.
		if (heatKeyOf(view) !== this.#heatKey) this.queryingHeatmap = true;
		try {
			const db = await this.#database();
			const v = await fetchView(db, view);
			if (!current()) return;
			this.rows = v.rows;
			this.rowsView = view;
			this.sql = v.sql;
			this.timings = { ...this.timings, queryMs: v.ms };
			this.queryingRows = false;
		} catch (e) {
			if (current()) {
				this.status = { kind: 'error', message: errorMessage(e) };
				this.queryingRows = false;
				this.#cancelHeatmap();
			}
			return;
		}
		await this.#refreshHeatmap(view, current);
		if (current()) await this.#refreshTrend(view);
	}

	/**
	 * Fetch the trends of `view`'s store (its weekdays) at the current period, unless they
	 * are shown; after the chart and heatmap, so they never delay them. Only the newest
	 * request is applied.
	 */
	async #refreshTrend(view: FootfallView): Promise<void> {
		if (!this.hasData || this.busy) return;
		const period = this.trend;
		const key = trendKeyOf(view, period);
		if (key === this.#trendKey) return;
		const ticket = this.#trendQueries.next();
		const current = () => this.#trendQueries.isCurrent(ticket);
		this.queryingTrend = true;
		try {
			const db = await this.#database();
			const t = await fetchTrend(db, { store: view.store, period, weekdays: view.weekdays });
			if (!current()) return;
			this.trendData = t.data;
			this.trendSql = t.sql;
			this.#trendKey = key;
			this.trendError = null;
			this.timings = { ...this.timings, trendMs: t.ms };
		} catch (e) {
			if (current()) this.trendError = errorMessage(e);
		} finally {
			if (current()) this.queryingTrend = false;
		}
	}

	/** Forget a heatmap request under way: its answer will not be applied. */
	#cancelHeatmap(): void {
		this.#heatQueries.next();
		this.#heatWanted = null;
		this.queryingHeatmap = false;
	}

	/**
	 * Fetch the heatmap of `view` unless it is shown or already coming. A request for a
	 * store or days no longer in view is dropped; a change of sensor, resolution, weekdays
	 * or hours does not restart it.
	 */
	async #refreshHeatmap(view: FootfallView, viewCurrent: () => boolean): Promise<void> {
		const key = heatKeyOf(view);
		if (key === this.#heatKey) {
			this.#cancelHeatmap();
			return;
		}
		if (key === this.#heatWanted) return;
		this.#heatWanted = key;
		this.queryingHeatmap = true;
		const ticket = this.#heatQueries.next();
		const current = () => this.#heatQueries.isCurrent(ticket);
		const sensors = sensorCount(this.shownExtent, view.store);
		try {
			await this.#deps.afterPaint();
			if (!current()) return;
			const db = await this.#database();
			const h = await fetchHeatmap(db, view, sensors);
			if (!current() || heatKeyOf(this.view) !== key) return;
			this.heatmap = h.data;
			this.heatmapSql = h.sql;
			this.#heatKey = key;
			this.timings = { ...this.timings, heatmapMs: h.ms };
		} catch (e) {
			if (current() && viewCurrent()) this.status = { kind: 'error', message: errorMessage(e) };
		} finally {
			if (current()) {
				this.#heatWanted = null;
				this.queryingHeatmap = false;
			}
		}
	}
}
