/**
 * The footfall explorer's state <-> URL query: data source and dropped-file references,
 * the simulation (generator, model, seed, days, stores and their rich parameters), the
 * view, the table, the chart, the trends panel and the alerts panel's filter.
 * `encodeFootfall` writes only what differs from the defaults; `decodeFootfall` migrates
 * old URLs, checks every value and replaces a bad one by its default with a problem in
 * words. A view of dropped files is checked for its form only; `checkFilesView` checks
 * it against the files once they are loaded. See README.md for the format.
 */
import {
	DEFAULT_WEEKDAYS,
	FOOTFALL_MODELS,
	RESOLUTIONS,
	defaultSimulation,
	type FootfallModel,
	type GeneratorKind,
	type IsoWeekday,
	type Resolution,
	type RichStoreParams,
	type SimulationParams,
	type StoreParams
} from '../domain/footfall';
import {
	MAX_DAYS,
	MAX_SENSORS,
	MAX_STORES,
	MAX_VISITS,
	RICH_FIELDS,
	RICH_LIMITS,
	defaultRich,
	isDefaultRich,
	tryParseDay,
	tryParseHour,
	validateSimulation
} from '../simulation/footfall';
import { decodeFiles, encodeFiles } from './files';
import { migrate } from './migrate';
import {
	ParamReader,
	Problems,
	escapeField,
	formatNumber,
	isDigits,
	joinRecords,
	parseNumber,
	parseWhole,
	plain,
	show,
	splitRecords,
	textProblem,
	toQuery,
	unescapeField
} from './text';
import {
	FOOTFALL_ALERT_KINDS,
	FOOTFALL_CHART_LAYERS,
	FOOTFALL_SORT_COLUMNS,
	FOOTFALL_SOURCES,
	TREND_PERIODS,
	URL_STATE_VERSION,
	type Decoded,
	type FootfallAlertFilter,
	type FootfallAlertKind,
	type FootfallChartLayer,
	type FootfallChartState,
	type FootfallSortColumn,
	type FootfallSource,
	type FootfallTableState,
	type FootfallUrlState,
	type FootfallViewState,
	type TrendPeriod
} from './types';

/** Longest store name and seed a URL may carry. */
export const MAX_NAME_CHARS = 100;
export const MAX_SEED_CHARS = 100;
/** Longest `stores` value read (255 stores of long names fit). */
export const MAX_STORES_CHARS = 65_536;

const GENERATORS: readonly GeneratorKind[] = ['seeded', 'numpy'];
const FIRST_HOUR = 0;
const LAST_HOUR = 23;

/** The parameters of version 1, in the order `encodeFootfall` writes them. */
export const FOOTFALL_KEYS = [
	'src',
	'files',
	'gen',
	'model',
	'seed',
	'start',
	'end',
	'stores',
	'rich',
	'store',
	'sensor',
	'res',
	'days',
	'from',
	'to',
	'hours',
	'sort',
	'hide',
	'trend',
	'alertKind',
	'alertStore'
] as const;

function cloneStore(s: StoreParams): StoreParams {
	return s.rich ? { ...s, rich: { ...s.rich } } : { ...s };
}

function cloneSimulation(sim: SimulationParams): SimulationParams {
	return { ...sim, stores: sim.stores.map(cloneStore) };
}

/**
 * The view a simulation opens on (as `defaultView` of `state/view.ts`): the first store's
 * total, daily, Monday to Saturday, every simulated day, every hour.
 */
export function defaultFootfallView(sim: SimulationParams): FootfallViewState {
	return {
		store: sim.stores[0]?.name ?? '',
		sensor: null,
		resolution: 'daily',
		weekdays: [...DEFAULT_WEEKDAYS],
		from: sim.start,
		to: sim.end,
		hourFrom: FIRST_HOUR,
		hourTo: LAST_HOUR
	};
}

/**
 * The view a link to dropped files opens on when it says nothing else: the files' first
 * store (`store: ''`), total, daily, Monday to Saturday, every day of the files
 * (`from` / `to` ''), every hour. The page resolves the '' once the files are loaded
 * (`checkFilesView`).
 */
export function defaultFilesView(): FootfallViewState {
	return { ...defaultFootfallView(defaultSimulation()), store: '', from: '', to: '' };
}

/** The alerts panel shows every kind of every store. */
export function defaultAlertFilter(): FootfallAlertFilter {
	return { kind: null, store: null };
}

/** The table in time order; the chart with every layer. */
export function defaultFootfallTable(): FootfallTableState {
	return { sort: 'time', dir: 'asc' };
}

export function defaultFootfallChart(): FootfallChartState {
	return { baseline: true, imputed: true, markers: true };
}

/** What an empty query means: `sim` (default: the demo) and its default view. Fresh objects. */
export function defaultFootfallState(
	sim: SimulationParams = defaultSimulation()
): FootfallUrlState {
	return {
		source: 'sim',
		sim: cloneSimulation(sim),
		files: [],
		view: defaultFootfallView(sim),
		table: defaultFootfallTable(),
		chart: defaultFootfallChart(),
		trend: 'weekly',
		alerts: defaultAlertFilter()
	};
}

/** The model of a simulation: absent means `original`. */
function modelOf(sim: SimulationParams): FootfallModel {
	return sim.model ?? 'original';
}

function sameStore(a: StoreParams, b: StoreParams): boolean {
	return (
		a.name === b.name &&
		a.sensors === b.sensors &&
		a.opened === b.opened &&
		a.avg === b.avg &&
		a.std === b.std &&
		a.pFail === b.pFail &&
		a.pAnom === b.pAnom
	);
}

function sameStores(a: readonly StoreParams[], b: readonly StoreParams[]): boolean {
	return a.length === b.length && a.every((s, i) => sameStore(s, b[i]));
}

// ---------------------------------------------------------------------------- encoding

/**
 * An opening date-time as the URL writes it: `YYYY-MM-DD` at midnight, else
 * `YYYY-MM-DDTHH:mm` (seconds and a space for `T`, which the simulator accepts, are
 * normalised: it reads the opening hour only).
 */
function openedText(opened: string): string {
	if (opened.length >= 16 && (opened[10] === 'T' || opened[10] === ' ')) {
		const day = opened.slice(0, 10);
		const hhmm = opened.slice(11, 16);
		return hhmm === '00:00' ? day : `${day}T${hhmm}`;
	}
	return escapeField(opened);
}

/** `name~sensors~opened~avg~std~pFail~pAnom` per store, joined by `*`. */
export function encodeStores(stores: readonly StoreParams[]): string {
	return joinRecords(
		stores.map((s) => [
			escapeField(s.name),
			formatNumber(s.sensors),
			openedText(s.opened),
			formatNumber(s.avg),
			formatNumber(s.std),
			formatNumber(s.pFail),
			formatNumber(s.pAnom)
		])
	);
}

/**
 * The rich parameters of `stores` as records aligned with them: per store
 * `trend~season~ageFail~lifeYears~outagesPerYear~outageHours`, a field equal to its
 * default (`defaultRich(store)`) left empty, empty fields at the end of a record and
 * empty records at the end of the list dropped. '' when every store has the defaults.
 */
export function encodeRich(stores: readonly StoreParams[]): string {
	const records = stores.map((s) => {
		const d = defaultRich(s);
		const r = s.rich ?? d;
		const fields = RICH_FIELDS.map((f) => (r[f] === d[f] ? '' : formatNumber(r[f])));
		while (fields.length && fields[fields.length - 1] === '') fields.pop();
		return fields;
	});
	while (records.length && records[records.length - 1].length === 0) records.pop();
	return joinRecords(records);
}

/** Ascending weekday digits (`12345`), or `none`. */
function weekdaysText(days: readonly number[]): string {
	const sorted = [...new Set(days)].sort((a, b) => a - b);
	return sorted.length ? sorted.join('') : 'none';
}

/**
 * The parameters of `state` that differ from the defaults (`defaults` is the simulation an
 * empty query stands for, the view's defaults follow from `state.sim`), `v` first when
 * there is anything at all. Serialise with `toQuery` (or `footfallQuery`).
 */
export function encodeFootfall(
	state: FootfallUrlState,
	defaults: SimulationParams = defaultSimulation()
): URLSearchParams {
	const pairs: [string, string][] = [];
	const put = (key: (typeof FOOTFALL_KEYS)[number], value: string) => pairs.push([key, value]);
	const { sim, view, table, chart } = state;
	if (state.source !== 'sim') put('src', state.source);
	if (state.source === 'files' && state.files.length) put('files', encodeFiles(state.files));
	if (sim.generator !== defaults.generator) put('gen', sim.generator);
	if (modelOf(sim) !== modelOf(defaults)) put('model', modelOf(sim));
	if (sim.seed !== defaults.seed) put('seed', sim.seed);
	if (sim.start !== defaults.start) put('start', sim.start);
	if (sim.end !== defaults.end) put('end', sim.end);
	if (!sameStores(sim.stores, defaults.stores)) put('stores', encodeStores(sim.stores));
	if (modelOf(sim) === 'rich') {
		const rich = encodeRich(sim.stores);
		if (rich !== '') put('rich', rich);
	}

	// A view of files is written against '' (their first store and days), not `sim`.
	const dv = state.source === 'files' ? defaultFilesView() : defaultFootfallView(sim);
	if (view.store !== dv.store) put('store', view.store);
	if (view.sensor !== null) put('sensor', formatNumber(view.sensor));
	if (view.resolution !== dv.resolution) put('res', view.resolution);
	const days = weekdaysText(view.weekdays);
	if (days !== weekdaysText(dv.weekdays)) put('days', days);
	if (view.from !== dv.from) put('from', view.from);
	if (view.to !== dv.to) put('to', view.to);
	if (view.hourFrom !== FIRST_HOUR || view.hourTo !== LAST_HOUR) {
		put('hours', `${view.hourFrom}-${view.hourTo}`);
	}

	const dt = defaultFootfallTable();
	if (table.sort !== dt.sort || table.dir !== dt.dir) {
		put('sort', `${table.dir === 'desc' ? '-' : ''}${table.sort}`);
	}
	const hidden = FOOTFALL_CHART_LAYERS.filter((layer) => !chart[layer]);
	if (hidden.length) put('hide', hidden.join(','));
	if (state.trend !== 'weekly') put('trend', state.trend);
	if (state.alerts.kind !== null) put('alertKind', state.alerts.kind);
	if (state.alerts.store !== null) put('alertStore', state.alerts.store);

	return new URLSearchParams(pairs.length ? [['v', String(URL_STATE_VERSION)], ...pairs] : []);
}

/** The query string of `state`, without `?` ('' for the defaults). */
export function footfallQuery(
	state: FootfallUrlState,
	defaults: SimulationParams = defaultSimulation()
): string {
	return toQuery(encodeFootfall(state, defaults));
}

/** Characters of `footfallQuery(state)`: what the state adds to the page's address. */
export function footfallUrlLength(
	state: FootfallUrlState,
	defaults: SimulationParams = defaultSimulation()
): number {
	return footfallQuery(state, defaults).length;
}

// ---------------------------------------------------------------------------- decoding

function isDay(text: string): boolean {
	return text.length === 10 && !Number.isNaN(tryParseDay(text));
}

/** `YYYY-MM-DD` (midnight) or `YYYY-MM-DDTHH:mm`, as `YYYY-MM-DDTHH:mm`; null otherwise. */
function parseOpened(text: string): string | null {
	if (isDay(text)) return `${text}T00:00`;
	if (text.length === 16 && text[10] === 'T' && !Number.isNaN(tryParseHour(text))) return text;
	return null;
}

function inRange(text: string, min: number, max: number): number | null {
	const x = parseNumber(text);
	return x !== null && x >= min && x <= max ? x : null;
}

/** The stores of a `stores` value, or the first thing wrong with it in words. */
export function decodeStores(value: string): { stores: StoreParams[] } | { error: string } {
	if (value.length > MAX_STORES_CHARS) {
		return { error: `is ${value.length} characters long, more than ${MAX_STORES_CHARS}` };
	}
	const records = splitRecords(value);
	if (records.length > MAX_STORES) {
		return { error: `lists ${records.length} stores, more than ${MAX_STORES}` };
	}
	const stores: StoreParams[] = [];
	const names = new Set<string>();
	for (let i = 0; i < records.length; i++) {
		const f = records[i];
		const at = `store ${i + 1}`;
		if (f.length !== 7) {
			return {
				error: `${at} has ${f.length} fields, not 7 (name~sensors~opened~avg~std~pFail~pAnom)`
			};
		}
		const name = unescapeField(f[0]);
		if (name === null) {
			return { error: `${at} name ${show(f[0])} has a % that is not %25, %7E or %2A` };
		}
		const nameProblem = textProblem(name, MAX_NAME_CHARS);
		if (nameProblem) return { error: `${at} name ${show(name)} ${nameProblem}` };
		if (names.has(name)) return { error: `${at} name ${show(name)} is used twice` };
		names.add(name);
		const of = `${at} (${show(name)})`;
		const sensors = parseWhole(f[1], 1, MAX_SENSORS);
		if (sensors === null) {
			return {
				error: `${of} sensors ${show(f[1])}: must be a whole number from 1 to ${MAX_SENSORS}`
			};
		}
		const opened = parseOpened(f[2]);
		if (opened === null) {
			return { error: `${of} opened ${show(f[2])}: must be YYYY-MM-DD or YYYY-MM-DDTHH:mm` };
		}
		const avg = inRange(f[3], 0, MAX_VISITS);
		if (avg === null) return { error: `${of} avg ${show(f[3])}: must be from 0 to ${MAX_VISITS}` };
		const std = inRange(f[4], 0, MAX_VISITS);
		if (std === null) return { error: `${of} std ${show(f[4])}: must be from 0 to ${MAX_VISITS}` };
		const pFail = inRange(f[5], 0, 1);
		if (pFail === null) return { error: `${of} pFail ${show(f[5])}: must be from 0 to 1` };
		const pAnom = inRange(f[6], 0, 1);
		if (pAnom === null) return { error: `${of} pAnom ${show(f[6])}: must be from 0 to 1` };
		stores.push({ name, sensors, opened, avg, std, pFail, pAnom });
	}
	return { stores };
}

/**
 * `stores` with the rich parameters of a `rich` value (records aligned with the stores,
 * fewer records or fields meaning the defaults, an empty field its default), or the first
 * thing wrong with it in words. A store whose parameters are all defaults has no `rich`.
 */
export function decodeRich(
	value: string,
	stores: readonly StoreParams[]
): { stores: StoreParams[] } | { error: string } {
	if (value.length > MAX_STORES_CHARS) {
		return { error: `is ${value.length} characters long, more than ${MAX_STORES_CHARS}` };
	}
	const records = splitRecords(value);
	if (records.length > stores.length) {
		return {
			error: `lists ${records.length} records, more than the ${stores.length} stores`
		};
	}
	const out = stores.map((s) => {
		const { rich: _, ...plainStore } = s;
		return plainStore as StoreParams;
	});
	for (let i = 0; i < records.length; i++) {
		const f = records[i];
		const of = `record ${i + 1} (${show(stores[i].name)})`;
		if (f.length > RICH_FIELDS.length) {
			return {
				error: `${of} has ${f.length} fields, more than ${RICH_FIELDS.length} (${RICH_FIELDS.join('~')})`
			};
		}
		const rich: RichStoreParams = defaultRich(stores[i]);
		for (let j = 0; j < f.length; j++) {
			if (f[j] === '') continue;
			const field = RICH_FIELDS[j];
			const [min, max] = RICH_LIMITS[field];
			const x = inRange(f[j], min, max);
			if (x === null)
				return { error: `${of} ${field} ${show(f[j])}: must be from ${min} to ${max}` };
			rich[field] = x;
		}
		if (!isDefaultRich(stores[i], rich)) out[i].rich = rich;
	}
	return { stores: out };
}

function simulationError(sim: SimulationParams): string | null {
	try {
		validateSimulation(sim);
		return null;
	} catch (e) {
		return e instanceof Error ? e.message : String(e);
	}
}

function readSimulation(
	r: ParamReader,
	defaults: SimulationParams,
	problems: Problems
): SimulationParams {
	const d = cloneSimulation(defaults);

	let generator = d.generator;
	const gen = r.get('gen', `the default generator, ${d.generator}`);
	if (gen !== undefined) {
		if ((GENERATORS as readonly string[]).includes(gen)) generator = gen as GeneratorKind;
		else problems.bad('gen', gen, `must be ${GENERATORS.join(' or ')}`, d.generator);
	}

	let model = modelOf(d);
	const modelText = r.get('model', `the ${model} model`);
	if (modelText !== undefined) {
		if (!(FOOTFALL_MODELS as readonly string[]).includes(modelText)) {
			const why = `must be ${FOOTFALL_MODELS.join(' or ')}`;
			problems.bad('model', modelText, why, `the ${model} model`);
		} else if (modelText === 'rich' && generator !== 'seeded') {
			const why = `needs gen=seeded (${generator} is the original model only)`;
			problems.bad('model', modelText, why, 'the original model');
			model = 'original';
		} else model = modelText as FootfallModel;
	}
	if (model === 'rich' && generator !== 'seeded') {
		problems.add(
			`gen=${show(generator)}: the rich model needs gen=seeded; using the original model`
		);
		model = 'original';
	}

	let seed = d.seed;
	const seedText = r.get('seed', 'the default seed');
	if (seedText !== undefined) {
		const why = textProblem(seedText, MAX_SEED_CHARS, true);
		if (why) problems.bad('seed', seedText, why, 'the default seed');
		else seed = seedText;
	}

	let start = d.start;
	let end = d.end;
	const startText = r.get('start', `the default first day, ${d.start}`);
	if (startText !== undefined) {
		if (isDay(startText)) start = startText;
		else problems.bad('start', startText, 'must be a real day YYYY-MM-DD', d.start);
	}
	const endText = r.get('end', `the default last day, ${d.end}`);
	if (endText !== undefined) {
		if (isDay(endText)) end = endText;
		else problems.bad('end', endText, 'must be a real day YYYY-MM-DD', d.end);
	}
	const days = tryParseDay(end) - tryParseDay(start) + 1;
	if (days < 1 || days > MAX_DAYS) {
		const why = days < 1 ? 'the last day is before the first' : `more than ${MAX_DAYS} days`;
		problems.add(`start=${show(start)}, end=${show(end)}: ${why}; using ${d.start} to ${d.end}`);
		start = d.start;
		end = d.end;
	}

	let stores = d.stores;
	const storesText = r.get('stores', 'the default stores');
	if (storesText !== undefined) {
		const got = decodeStores(storesText);
		if ('stores' in got) stores = got.stores;
		else problems.add(`stores: ${got.error}; using the default stores`);
	}

	const richText = r.get('rich', 'the default rich parameters');
	if (model !== 'rich') {
		// The original model ignores them: written only with model=rich, read likewise.
		stores = stores.map((s) => {
			const { rich: _, ...plainStore } = s;
			return plainStore as StoreParams;
		});
		if (richText !== undefined) {
			problems.add(
				'rich: the original model has no rich parameters (they go with model=rich); ignored'
			);
		}
	} else if (richText !== undefined) {
		const got = decodeRich(richText, stores);
		if ('stores' in got) stores = got.stores;
		else problems.add(`rich: ${got.error}; using the default rich parameters`);
	}

	const sim: SimulationParams = { generator, seed, start, end, stores };
	if (model !== 'original') sim.model = model;
	const error = simulationError(sim);
	if (error === null) return sim;
	// Valid field by field, not as a whole (too many readings): drop the days, then the
	// stores, then both, whichever first gives a valid simulation.
	const fallbacks: [string, SimulationParams][] = [
		[`the default days, ${d.start} to ${d.end}`, { ...sim, start: d.start, end: d.end }],
		['the default stores', { ...sim, stores: d.stores }],
		['the default simulation', { ...d, generator, model: d.model, seed }]
	];
	for (const [what, candidate] of fallbacks) {
		if (simulationError(candidate) === null) {
			problems.add(`simulation: ${plain(error)}; using ${what}`);
			return candidate;
		}
	}
	problems.add(`simulation: ${plain(error)}; using the default simulation`);
	return d;
}

/** `none`, or weekday digits 1-7 in ascending order without repeats; null otherwise. */
function parseWeekdays(text: string): IsoWeekday[] | null {
	if (text === 'none') return [];
	if (!isDigits(text, 1, 7)) return null;
	const days: IsoWeekday[] = [];
	for (const ch of text) {
		const d = Number(ch);
		if (d < 1 || d > 7 || (days.length && d <= days[days.length - 1])) return null;
		days.push(d as IsoWeekday);
	}
	return days;
}

/** `from-to`, two hours 0-23; null otherwise. */
function parseHours(text: string): [number, number] | null {
	const parts = text.split('-');
	if (parts.length !== 2 || parts.some((p) => p.length > 2)) return null;
	const from = parseWhole(parts[0], FIRST_HOUR, LAST_HOUR);
	const to = parseWhole(parts[1], FIRST_HOUR, LAST_HOUR);
	return from === null || to === null ? null : [from, to];
}

/**
 * The view of a link to dropped files, checked for its form only: a store is any name, a
 * sensor any sensor number, days any real days in order. What the link leaves out is ''
 * (`defaultFilesView`); `checkFilesView` checks the rest against the files.
 */
function readFilesView(r: ParamReader, problems: Problems): FootfallViewState {
	const view = defaultFilesView();
	const firstStore = "the files' first store";
	const store = r.get('store', firstStore);
	if (store !== undefined) {
		const why = textProblem(store, MAX_NAME_CHARS);
		if (why) problems.bad('store', store, why, firstStore);
		else view.store = store;
	}
	const sensor = r.get('sensor', 'the store total');
	if (sensor !== undefined) {
		const n = parseWhole(sensor, 0, MAX_SENSORS - 1);
		if (n !== null) view.sensor = n;
		else {
			const why = `must be a whole number from 0 to ${MAX_SENSORS - 1}`;
			problems.bad('sensor', sensor, why, 'the store total');
		}
	}
	readViewForm(r, view, problems);
	const from = r.get('from', "the files' first day");
	if (from !== undefined) {
		if (isDay(from)) view.from = from;
		else problems.bad('from', from, 'must be a real day YYYY-MM-DD', "the files' first day");
	}
	const to = r.get('to', "the files' last day");
	if (to !== undefined) {
		if (isDay(to)) view.to = to;
		else problems.bad('to', to, 'must be a real day YYYY-MM-DD', "the files' last day");
	}
	if (view.from !== '' && view.to !== '' && view.from > view.to) {
		problems.add(
			`from=${show(view.from)}, to=${show(view.to)}: from is after to; using every day of the files`
		);
		view.from = '';
		view.to = '';
	}
	readViewHours(r, view, problems);
	return view;
}

/** The resolution and weekdays of a view (the same for a simulation and for files). */
function readViewForm(r: ParamReader, view: FootfallViewState, problems: Problems): void {
	const res = r.get('res', `the default resolution, ${view.resolution}`);
	if (res !== undefined) {
		if ((RESOLUTIONS as readonly string[]).includes(res)) view.resolution = res as Resolution;
		else problems.bad('res', res, `must be ${RESOLUTIONS.join(', ')}`, view.resolution);
	}

	const daysText = r.get('days', 'Monday to Saturday');
	if (daysText !== undefined) {
		const days = parseWeekdays(daysText);
		if (days) view.weekdays = days;
		else {
			const why = 'must be ascending weekday digits (1 = Monday ... 7 = Sunday) or none';
			problems.bad('days', daysText, why, 'Monday to Saturday');
		}
	}
}

/** The hours of a view. */
function readViewHours(r: ParamReader, view: FootfallViewState, problems: Problems): void {
	const hours = r.get('hours', 'every hour');
	if (hours !== undefined) {
		const h = parseHours(hours);
		if (h) [view.hourFrom, view.hourTo] = h;
		else problems.bad('hours', hours, 'must be two hours from 0 to 23, as 8-17', 'every hour');
	}
}

function readView(r: ParamReader, sim: SimulationParams, problems: Problems): FootfallViewState {
	const view = defaultFootfallView(sim);
	const firstStore = `the first store, ${show(view.store)}`;

	const store = r.get('store', firstStore);
	if (store !== undefined) {
		if (sim.stores.some((s) => s.name === store)) view.store = store;
		else problems.bad('store', store, 'is not a store of this simulation', firstStore);
	}
	const sensors = sim.stores.find((s) => s.name === view.store)?.sensors ?? 0;

	const sensor = r.get('sensor', 'the store total');
	if (sensor !== undefined) {
		const n = parseWhole(sensor, 0, MAX_SENSORS - 1);
		if (n !== null && n < sensors) view.sensor = n;
		else {
			const why =
				sensors === 1
					? `${show(view.store)} has only sensor 0`
					: `${show(view.store)} has sensors 0 to ${sensors - 1}`;
			problems.bad('sensor', sensor, why, 'the store total');
		}
	}

	readViewForm(r, view, problems);

	const within = `must be a real day from ${sim.start} to ${sim.end}`;
	const from = r.get('from', `the first day, ${sim.start}`);
	if (from !== undefined) {
		if (isDay(from) && from >= sim.start && from <= sim.end) view.from = from;
		else problems.bad('from', from, within, sim.start);
	}
	const to = r.get('to', `the last day, ${sim.end}`);
	if (to !== undefined) {
		if (isDay(to) && to >= sim.start && to <= sim.end) view.to = to;
		else problems.bad('to', to, within, sim.end);
	}
	if (view.from > view.to) {
		problems.add(
			`from=${show(view.from)}, to=${show(view.to)}: from is after to; using ${sim.start} to ${sim.end}`
		);
		view.from = sim.start;
		view.to = sim.end;
	}
	readViewHours(r, view, problems);
	return view;
}

function readTable(r: ParamReader, problems: Problems): FootfallTableState {
	const table = defaultFootfallTable();
	const sort = r.get('sort', 'time order');
	if (sort !== undefined) {
		const desc = sort.startsWith('-');
		const column = desc ? sort.slice(1) : sort;
		if ((FOOTFALL_SORT_COLUMNS as readonly string[]).includes(column)) {
			table.sort = column as FootfallSortColumn;
			table.dir = desc ? 'desc' : 'asc';
		} else {
			const why = `must be one of ${FOOTFALL_SORT_COLUMNS.join(', ')}, - in front for descending`;
			problems.bad('sort', sort, why, 'time order');
		}
	}
	return table;
}

function readChart(r: ParamReader, problems: Problems): FootfallChartState {
	const chart = defaultFootfallChart();
	const hide = r.get('hide', 'every layer shown');
	if (hide === undefined) return chart;
	const layers = hide.split(',');
	const ok =
		layers.every((l) => (FOOTFALL_CHART_LAYERS as readonly string[]).includes(l)) &&
		new Set(layers).size === layers.length;
	if (!ok) {
		const why = `must list some of ${FOOTFALL_CHART_LAYERS.join(', ')}, comma-separated`;
		problems.bad('hide', hide, why, 'every layer shown');
		return chart;
	}
	for (const layer of layers) chart[layer as FootfallChartLayer] = false;
	return chart;
}

function readTrend(r: ParamReader, problems: Problems): TrendPeriod {
	const text = r.get('trend', 'weekly trends');
	if (text === undefined) return 'weekly';
	if ((TREND_PERIODS as readonly string[]).includes(text)) return text as TrendPeriod;
	problems.bad('trend', text, `must be ${TREND_PERIODS.join(' or ')}`, 'weekly trends');
	return 'weekly';
}

/**
 * The alerts panel's filter: a kind of alert, and a store (of the simulation; of files,
 * any name, checked by `checkFilesView` once they are loaded).
 */
function readAlertFilter(
	r: ParamReader,
	sim: SimulationParams,
	files: boolean,
	problems: Problems
): FootfallAlertFilter {
	const filter = defaultAlertFilter();
	const kind = r.get('alertKind', 'every kind of alert');
	if (kind !== undefined) {
		if ((FOOTFALL_ALERT_KINDS as readonly string[]).includes(kind)) {
			filter.kind = kind as FootfallAlertKind;
		} else {
			const why = `must be one of ${FOOTFALL_ALERT_KINDS.join(', ')}`;
			problems.bad('alertKind', kind, why, 'every kind of alert');
		}
	}
	const store = r.get('alertStore', 'the alerts of every store');
	if (store !== undefined) {
		const why = files
			? textProblem(store, MAX_NAME_CHARS)
			: sim.stores.some((s) => s.name === store)
				? null
				: 'is not a store of this simulation';
		if (why) problems.bad('alertStore', store, why, 'the alerts of every store');
		else filter.store = store;
	}
	return filter;
}

function readSource(
	r: ParamReader,
	problems: Problems
): Pick<FootfallUrlState, 'source' | 'files'> {
	let source: FootfallSource = 'sim';
	const src = r.get('src', 'the simulation');
	if (src !== undefined) {
		if ((FOOTFALL_SOURCES as readonly string[]).includes(src)) source = src as FootfallSource;
		else problems.bad('src', src, `must be ${FOOTFALL_SOURCES.join(' or ')}`, 'the simulation');
	}
	const text = r.get('files', 'no files');
	if (text === undefined) return { source, files: [] };
	const got = decodeFiles(text);
	if (!('files' in got)) {
		problems.add(`files: ${got.error}; using no files`);
		return { source, files: [] };
	}
	if (source !== 'files') {
		problems.add('files: a simulation has no files (files go with src=files); ignored');
		return { source, files: [] };
	}
	return { source, files: got.files };
}

/**
 * The state in `params` (any version): every value checked, a bad one replaced by its
 * default and described in `problems`. `defaults` is the simulation an empty query stands
 * for; it must match the encoder's. Never throws.
 */
export function decodeFootfall(
	params: URLSearchParams,
	defaults: SimulationParams = defaultSimulation()
): Decoded<FootfallUrlState> {
	const migrated = migrate(params);
	const problems = new Problems();
	for (const p of migrated.problems) problems.add(p);
	const r = new ParamReader(migrated.params, FOOTFALL_KEYS, problems);
	const { source, files } = readSource(r, problems);
	const sim = readSimulation(r, defaults, problems);
	const ofFiles = source === 'files';
	const view = ofFiles ? readFilesView(r, problems) : readView(r, sim, problems);
	const table = readTable(r, problems);
	const chart = readChart(r, problems);
	const trend = readTrend(r, problems);
	const alerts = readAlertFilter(r, sim, ofFiles, problems);
	return {
		state: { source, sim, files, view, table, chart, trend, alerts },
		problems: problems.list(),
		version: migrated.version
	};
}

/** What `checkFilesView` checks a view of files against: the stores and days loaded. */
export interface FilesData {
	stores: readonly { name: string; sensors: number }[];
	/** First and last day of the files, `YYYY-MM-DD`. */
	start: string;
	end: string;
}

/**
 * `state` (of a link to dropped files) with its view and alert filter checked against
 * the files once they are loaded, which the decoder cannot do: '' becomes the files'
 * first store, first day or last day; a store they lack, a sensor its store lacks, a day
 * outside theirs is replaced by its default with a problem, as the decoder does for a
 * simulation. A state of a simulation is returned as it is.
 */
export function checkFilesView(
	state: FootfallUrlState,
	data: FilesData
): { state: FootfallUrlState; problems: string[] } {
	if (state.source !== 'files') return { state, problems: [] };
	const problems = new Problems();
	const view: FootfallViewState = { ...state.view, weekdays: [...state.view.weekdays] };
	const first = data.stores[0]?.name ?? '';
	const firstStore = `the first store, ${show(first)}`;
	const has = (name: string) => data.stores.some((s) => s.name === name);
	if (view.store === '') view.store = first;
	else if (!has(view.store)) {
		problems.bad('store', view.store, 'is not a store of these files', firstStore);
		view.store = first;
	}
	const sensors = data.stores.find((s) => s.name === view.store)?.sensors ?? 0;
	if (view.sensor !== null && view.sensor >= sensors) {
		const why =
			sensors === 1
				? `${show(view.store)} has only sensor 0`
				: `${show(view.store)} has sensors 0 to ${sensors - 1}`;
		problems.bad('sensor', String(view.sensor), why, 'the store total');
		view.sensor = null;
	}
	const within = `must be a day of the files, ${data.start} to ${data.end}`;
	if (view.from === '') view.from = data.start;
	else if (view.from < data.start || view.from > data.end) {
		problems.bad('from', view.from, within, data.start);
		view.from = data.start;
	}
	if (view.to === '') view.to = data.end;
	else if (view.to < data.start || view.to > data.end) {
		problems.bad('to', view.to, within, data.end);
		view.to = data.end;
	}
	const alerts = { ...state.alerts };
	if (alerts.store !== null && !has(alerts.store)) {
		const why = 'is not a store of these files';
		problems.bad('alertStore', alerts.store, why, 'the alerts of every store');
		alerts.store = null;
	}
	return { state: { ...state, view, alerts }, problems: problems.list() };
}
