/**
 * The footfall explorer's state as one rune class: the simulation parameters, what the
 * page is doing (status), the view (`FootfallView`, plain data), and the rows, heatmap
 * cells and SQL of the current view.
 *
 * Flow: `start()` opens DuckDB and runs the default simulation at once (both in
 * parallel); `simulate(params)` runs chunks on the worker pool, stages them in DuckDB,
 * swaps them in for the previous data and rebuilds the rollups, then queries the view.
 * A failed run shows its message and leaves the previous data and view as they were.
 * View changes go through `setView` (pure rules in `view.ts`) and re-query: the chart's
 * rows first, then (after they are painted) the heatmap, when its store or days changed.
 * Only the newest query's answer is applied.
 *
 * The address holds the simulation and the view (`url-state/`), through an injected
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
import { footfallFileName } from '../export/csv';
import { errorMessage, fetchHeatmap, fetchView, stageChunks, swapInStaged } from './footfall-db';
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
	toggleWeekday,
	updateView,
	type DataExtent
} from './view';
import { decodeFootfall, defaultFootfallState, footfallQuery, toQuery } from '../url-state';

export type { SimulationProgress };

export type FootfallStatus =
	| { kind: 'idle' }
	| ({ kind: 'simulating' } & SimulationProgress)
	| { kind: 'loading'; step: string }
	| { kind: 'ready' }
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
	url: memoryUrl()
};

/** What a heatmap depends on: the store and the days (not sensor, resolution or hours). */
const heatKeyOf = (v: FootfallView) => `${v.store}\n${v.from}\n${v.to}`;

export class FootfallState {
	/** Parameters of the last run asked for (what the simulation panel starts from). */
	params: SimulationParams = $state.raw(defaultSimulation());
	/** Parameters of the data in the database; null before the first run finished. */
	loaded: SimulationParams | null = $state.raw(null);
	status: FootfallStatus = $state.raw({ kind: 'idle' });
	view: FootfallView = $state.raw(defaultView(extentOf(defaultSimulation())));
	/** Rows of the chart and table, for `rowsView`. */
	rows: SeriesPoint[] = $state.raw([]);
	/** The view `rows` belong to (they lag behind `view` while a query runs). */
	rowsView: FootfallView | null = $state.raw(null);
	/** The heatmap with the store and days it shows; null before the first one. */
	heatmap: HeatmapData | null = $state.raw(null);
	/** The view query, values written in. */
	sql = $state('');
	heatmapSql = $state('');
	/** Readings in the database. */
	readings = $state(0);
	/** The chart's rows are being fetched for `view`. */
	queryingRows = $state(false);
	/** The heatmap is being fetched for `view` (after its rows). */
	queryingHeatmap = $state(false);
	/** Either query of the view is under way. */
	readonly querying: boolean = $derived(this.queryingRows || this.queryingHeatmap);
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
		heatmapMs: null
	});

	/** Key (`heatKeyOf`) of the heatmap applied, '' when it belongs to earlier data. */
	#heatKey = $state('');

	readonly extent: DataExtent | null = $derived(this.loaded ? extentOf(this.loaded) : null);
	/** The loaded data's extent, or the requested one's before anything is loaded (for pickers). */
	readonly shownExtent: DataExtent = $derived(this.extent ?? extentOf(this.params));
	readonly storeNames: string[] = $derived(this.shownExtent.stores.map((s) => s.name));
	readonly sensors: number = $derived(sensorCount(this.shownExtent, this.view.store));
	readonly busy: boolean = $derived(
		this.status.kind === 'simulating' || this.status.kind === 'loading'
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
	readonly description: string = $derived(describeView(this.view));
	readonly fileName: string = $derived(footfallFileName(this.rowsView ?? this.view));

	#deps: FootfallDeps;
	#db: Promise<DbClient> | null = null;
	#queries = new Latest();
	#heatQueries = new Latest();
	/** Key of the heatmap being fetched, or null. */
	#heatWanted: string | null = null;
	/** When the last view change was written to the address (`deps.now()`). */
	#lastViewWrite = Number.NEGATIVE_INFINITY;
	/** Back or Forward happened during a run: apply the address when it is over. */
	#poppedWhileBusy = false;
	#stopListening: (() => void) | null = null;

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
		const { state, problems } = decodeFootfall(this.#deps.url.read());
		this.urlProblems = problems;
		this.params = state.sim;
		this.paramsFromUrl++;
		this.view = state.view;
		this.#writeUrl('replace');
		this.#stopListening?.();
		this.#stopListening = this.#deps.url.onPop(() => this.#popped());
		void this.#database().catch(() => {});
		return this.#run(state.sim, state.view, false);
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

	/** The query of what the page shows: the loaded simulation (else the one asked for) and the view. */
	get query(): string {
		return footfallQuery({
			...defaultFootfallState(this.loaded ?? this.params),
			view: this.view
		});
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
		const { state, problems } = decodeFootfall(this.#deps.url.read());
		if (problems.length) this.urlProblems = problems;
		if (simulationKey(state.sim) !== simulationKey(this.loaded ?? this.params)) {
			this.paramsFromUrl++;
			void this.#run(state.sim, state.view, false);
			return;
		}
		const next = this.extent ? normalizeView(state.view, this.extent) : state.view;
		if (!sameView(next, this.view)) {
			this.view = next;
			void this.refresh();
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
			const staged = await stageChunks(db, chunks);
			const simulateMs = (simulatedAt ?? now()) - t0;
			this.status = { kind: 'loading', step: 'building the rollups' };
			const buildMs = await swapInStaged(await db, plain.stores);
			const extent = extentOf(plain);
			const previous = this.extent;
			this.loaded = plain;
			this.readings = staged.readings;
			this.timings = { ...this.timings, simulateMs, loadMs: staged.insertMs + buildMs };
			this.#heatKey = '';
			this.#cancelHeatmap();
			this.rowsView = null;
			this.view = view
				? normalizeView(view, extent)
				: previous
					? carryView(this.view, previous, extent)
					: defaultView(extent);
			this.status = { kind: 'ready' };
		} catch (e) {
			this.runError = simulationMessage(errorMessage(e), plain);
			this.status = { kind: 'error', message: this.runError };
			this.#afterRun(false);
			return;
		}
		this.#afterRun(push);
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

	/**
	 * Query the current view: the chart's rows first, then, once they are applied and
	 * painted, the heatmap when its store or days changed (the heatmap never delays the
	 * chart: DuckDB answers one query at a time). Answers to older requests are dropped.
	 * Does nothing before the first data is loaded or while a run is loading (the run
	 * refreshes when it is done).
	 */
	async refresh(): Promise<void> {
		if (!this.loaded || this.busy) return;
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
