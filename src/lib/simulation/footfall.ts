/**
 * Public entry of the footfall simulator: validation, chunk planning and simulation of a
 * chunk (a range of whole sensors of one store) into `ReadingColumns`.
 *
 * Rows are ordered by store, sensor, then hour, one row per sensor and hour from
 * `start` 00:00 to `end` 23:00. An hour t at or before the store's opening date-time
 * (t <= opened, compared at hour granularity: the hour that contains the opening
 * minute also reads -2) is SHOP_CLOSED. Every other reading follows the original's rules
 * (SEED-FACTS section 1) with the `numpy` (bit-exact) or `seeded` generator, or, with
 * `model: 'rich'` (seeded only), the rich model of `rich-footfall.ts`; `plantedEvents`
 * lists that model's replacements and outages (the ground truth of multi-hour events).
 *
 * Pure and DOM-free: imports only the domain types and `seedrandom`.
 */
import { SHOP_CLOSED } from '../domain/footfall';
import type {
	ReadingColumns,
	RichStoreParams,
	SimulationParams,
	StoreParams
} from '../domain/footfall';
import { dayOrdinal, formatDay, tryParseDay, tryParseHour } from './calendar';
import { ensureSeeds, fillNumpySensor, seedRange } from './numpy-footfall';
import {
	MAX_RICH_FACTOR,
	dayFactors,
	eventKey,
	fillRichSensor,
	peakFactor,
	richOf,
	richProblem,
	sensorEvents,
	type RichRun
} from './rich-footfall';
import type { SensorRun } from './sensor-run';
import { fillSeededSensor, sensorKey, storeKey } from './seeded-footfall';

export {
	HOURS_PER_YEAR,
	MAX_RICH_FACTOR,
	RICH_FIELDS,
	RICH_LIMITS,
	defaultRich,
	isDefaultRich,
	richOf,
	type RichField
} from './rich-footfall';

export {
	dayOfHour,
	dayOrdinal,
	formatDay,
	formatHour,
	hourIndex,
	hourOfDay,
	isoWeekday,
	parseDay,
	parseHour,
	pythonWeekday,
	tryParseDay,
	tryParseHour
} from './calendar';

/** A slice of a simulation (same shape as `SimulationChunk` of `workers/api.ts`). */
export interface SimulationChunk {
	store: number;
	sensorFrom: number;
	sensorTo: number;
}

/** Most readings one simulation may produce (about 750 MB of columns at 15 bytes each). */
export const MAX_READINGS = 50_000_000;
/** Longest simulated period, in days (100 years). */
export const MAX_DAYS = 36_525;
/** Sensors per store: sensor ids are `Uint16`. */
export const MAX_SENSORS = 65_535;
/** Stores per simulation: store indexes are `Uint8`. */
export const MAX_STORES = 255;
/** Upper bound of `avg` and `std`, so that every count fits in an Int32. */
export const MAX_VISITS = 10_000_000;

/** Parsed, validated parameters. */
interface Plan {
	startDay: number;
	days: number;
	stores: StorePlan[];
	readings: number;
}

interface StorePlan {
	params: StoreParams;
	/** Last SHOP_CLOSED hour index (the hour containing the opening time). */
	openedHour: number;
	initOrdinal: number;
	/** The rich parameters in force (model `rich`), else null. */
	rich: RichStoreParams | null;
}

function fail(field: string, message: string, got: unknown): never {
	let shown: string;
	try {
		shown = JSON.stringify(got) ?? String(got);
	} catch {
		shown = String(got);
	}
	throw new Error(`Invalid simulation: ${field} ${message} (got ${shown})`);
}

function checkNumber(field: string, value: unknown, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
		fail(field, `must be a number from ${min} to ${max}`, value);
	}
	return value;
}

/** Validates everything; the total-readings limit only when `limit` is set. */
function plan(params: SimulationParams, limit: boolean): Plan {
	if (params === null || typeof params !== 'object') fail('params', 'must be an object', params);
	if (params.generator !== 'seeded' && params.generator !== 'numpy') {
		fail('generator', 'must be "seeded" or "numpy"', params.generator);
	}
	if (params.model !== undefined && params.model !== 'original' && params.model !== 'rich') {
		fail('model', 'must be "original" or "rich"', params.model);
	}
	const rich = params.model === 'rich';
	if (rich && params.generator !== 'seeded') {
		fail('model', '"rich" needs the "seeded" generator (numpy is the original model only)', 'rich');
	}
	if (typeof params.seed !== 'string') fail('seed', 'must be a string', params.seed);
	const startDay = tryParseDay(params.start);
	if (Number.isNaN(startDay)) fail('start', 'must be a date YYYY-MM-DD', params.start);
	const endDay = tryParseDay(params.end);
	if (Number.isNaN(endDay)) fail('end', 'must be a date YYYY-MM-DD', params.end);
	if (endDay < startDay) fail('end', `must not be before start ${params.start}`, params.end);
	const days = endDay - startDay + 1;
	if (days > MAX_DAYS) fail('end', `must be at most ${MAX_DAYS} days after start`, params.end);
	if (!Array.isArray(params.stores) || params.stores.length < 1) {
		fail('stores', `must list 1 to ${MAX_STORES} stores`, params.stores?.length ?? params.stores);
	}
	if (params.stores.length > MAX_STORES) {
		fail('stores', `must list 1 to ${MAX_STORES} stores`, params.stores.length);
	}
	let readings = 0;
	const stores = params.stores.map((s, i): StorePlan => {
		const at = `stores[${i}]`;
		if (s === null || typeof s !== 'object') fail(at, 'must be an object', s);
		if (typeof s.name !== 'string') fail(`${at}.name`, 'must be a string', s.name);
		if (!Number.isInteger(s.sensors) || s.sensors < 1 || s.sensors > MAX_SENSORS) {
			fail(`${at}.sensors`, `must be an integer from 1 to ${MAX_SENSORS}`, s.sensors);
		}
		const openedHour = tryParseHour(s.opened);
		if (Number.isNaN(openedHour)) {
			fail(`${at}.opened`, 'must be a date-time YYYY-MM-DDTHH:mm', s.opened);
		}
		checkNumber(`${at}.avg`, s.avg, 0, MAX_VISITS);
		checkNumber(`${at}.std`, s.std, 0, MAX_VISITS);
		checkNumber(`${at}.pFail`, s.pFail, 0, 1);
		checkNumber(`${at}.pAnom`, s.pAnom, 0, 1);
		readings += s.sensors * days * 24;
		let richParams: RichStoreParams | null = null;
		if (rich) {
			richParams = richOf(s);
			const problem = richProblem(richParams);
			if (problem) {
				const field = problem.field ? `${at}.rich.${problem.field}` : `${at}.rich`;
				const got = problem.field
					? (richParams as unknown as Record<string, unknown>)[problem.field]
					: richParams;
				fail(field, problem.message, got);
			}
			const peak = peakFactor(richParams, openedHour, startDay, endDay);
			if (!(peak <= MAX_RICH_FACTOR)) {
				fail(
					`${at}.rich.trend`,
					`with season and profiles makes the mean up to ${Number(peak.toPrecision(3))} times avg by ${formatDay(endDay)}, more than ${MAX_RICH_FACTOR}`,
					richParams.trend
				);
			}
		}
		return {
			params: s,
			openedHour,
			initOrdinal: dayOrdinal(Math.floor(openedHour / 24)),
			rich: richParams
		};
	});
	if (limit && readings > MAX_READINGS) {
		fail('stores', `and dates must give at most ${MAX_READINGS} readings`, readings);
	}
	return { startDay, days, stores, readings };
}

/** Throws an Error naming the first invalid field, including the total-readings limit. */
export function validateSimulation(params: SimulationParams): void {
	plan(params, true);
}

/**
 * Number of readings (rows) of the full simulation: sensors x days x 24 summed over
 * stores. Validates the parameters but not the `MAX_READINGS` limit, so a caller can
 * show how far over the limit a request is.
 */
export function countReadings(params: SimulationParams): number {
	return plan(params, false).readings;
}

/**
 * Splits the simulation into at most `n` chunks of whole sensors within a store (but at
 * least one per store), balanced by readings: the largest chunk is as small as whole
 * sensors allow. Concatenating the chunks' outputs in plan order gives the full
 * simulation.
 */
export function planChunks(params: SimulationParams, n: number): SimulationChunk[] {
	const { stores } = plan(params, true);
	if (typeof n !== 'number' || !(n >= 1)) fail('chunk count n', 'must be at least 1', n);
	const target = Math.floor(Math.min(n, 1e6));
	// Every sensor covers the same hours, so balancing readings is balancing sensors: find
	// the smallest chunk width c (sensors per chunk) with sum ceil(sensors / c) <= target.
	const sizes = stores.map((s) => s.params.sensors);
	const chunksFor = (c: number) => sizes.reduce((sum, s) => sum + Math.ceil(s / c), 0);
	let lowC = 1;
	let highC = Math.max(...sizes);
	while (lowC < highC) {
		const mid = (lowC + highC) >> 1;
		if (chunksFor(mid) <= target) highC = mid;
		else lowC = mid + 1;
	}
	const chunks: SimulationChunk[] = [];
	sizes.forEach((sensors, store) => {
		const k = Math.ceil(sensors / lowC);
		for (let j = 0; j < k; j++) {
			chunks.push({
				store,
				sensorFrom: Math.floor((j * sensors) / k),
				sensorTo: Math.floor(((j + 1) * sensors) / k)
			});
		}
	});
	return chunks;
}

function allocate(length: number): ReadingColumns {
	return {
		length,
		store: new Uint8Array(length),
		sensor: new Uint16Array(length),
		hour: new Int32Array(length),
		count: new Int32Array(length),
		truth: new Uint8Array(length)
	};
}

/** Simulates sensors [sensorFrom, sensorTo) of one store into `out` from row `offset`. */
function fillChunk(
	params: SimulationParams,
	p: Plan,
	chunk: SimulationChunk,
	out: ReadingColumns,
	offset: number
): number {
	const { startDay, days } = p;
	const { params: store, openedHour, initOrdinal, rich } = p.stores[chunk.store];
	const hours = days * 24;
	const startHour = startDay * 24;
	const firstLive = Math.min(hours, Math.max(0, openedHour - startHour + 1));
	const numpy = params.generator === 'numpy';
	if (numpy && firstLive < hours) {
		const [from, to] = seedRange(
			initOrdinal,
			startDay,
			days,
			firstLive,
			chunk.sensorFrom,
			chunk.sensorTo
		);
		ensureSeeds(from, to);
	}
	const run: SensorRun = {
		count: out.count,
		truth: out.truth,
		offset,
		startDay,
		days,
		firstLive,
		avg: store.avg,
		std: store.std,
		pFail: store.pFail,
		pAnom: store.pAnom
	};
	const key = numpy ? null : storeKey(params.seed, chunk.store, store.name);
	const richRun: RichRun | null =
		rich && firstLive < hours
			? { ...run, rich, dayFactor: dayFactors(rich, openedHour, startDay, days) }
			: null;
	const n = (chunk.sensorTo - chunk.sensorFrom) * hours;
	out.store.fill(chunk.store, offset, offset + n);
	for (let sensor = chunk.sensorFrom; sensor < chunk.sensorTo; sensor++) {
		const row = offset + (sensor - chunk.sensorFrom) * hours;
		run.offset = row;
		out.sensor.fill(sensor, row, row + hours);
		const hourCol = out.hour;
		for (let i = 0; i < hours; i++) hourCol[row + i] = startHour + i;
		if (firstLive > 0) out.count.fill(SHOP_CLOSED, row, row + firstLive);
		if (firstLive >= hours) continue;
		if (numpy) {
			fillNumpySensor(run, sensor, initOrdinal);
		} else if (key && richRun) {
			const [k1, k2] = sensorKey(key, sensor);
			const [e1, e2] = eventKey(k1, k2);
			richRun.offset = row;
			const events = sensorEvents(
				richRun.rich,
				openedHour,
				e1,
				e2,
				startHour + firstLive,
				startHour + hours - 1
			);
			fillRichSensor(richRun, k1, k2, events);
		} else if (key) {
			const [k1, k2] = sensorKey(key, sensor);
			fillSeededSensor(run, k1, k2);
		}
	}
	return n;
}

function checkChunk(p: Plan, chunk: SimulationChunk): void {
	if (chunk === null || typeof chunk !== 'object') fail('chunk', 'must be an object', chunk);
	const { store, sensorFrom, sensorTo } = chunk;
	if (!Number.isInteger(store) || store < 0 || store >= p.stores.length) {
		fail('chunk.store', `must be a store index from 0 to ${p.stores.length - 1}`, store);
	}
	const sensors = p.stores[store].params.sensors;
	if (!Number.isInteger(sensorFrom) || sensorFrom < 0 || sensorFrom >= sensors) {
		fail('chunk.sensorFrom', `must be an integer from 0 to ${sensors - 1}`, sensorFrom);
	}
	if (!Number.isInteger(sensorTo) || sensorTo <= sensorFrom || sensorTo > sensors) {
		fail('chunk.sensorTo', `must be an integer from ${sensorFrom + 1} to ${sensors}`, sensorTo);
	}
}

/**
 * Simulates one chunk: readings of sensors [sensorFrom, sensorTo) of store `store`,
 * ordered by sensor then hour. Each column has its own ArrayBuffer (transferable).
 */
export function simulateChunk(params: SimulationParams, chunk: SimulationChunk): ReadingColumns {
	const p = plan(params, true);
	checkChunk(p, chunk);
	const out = allocate((chunk.sensorTo - chunk.sensorFrom) * p.days * 24);
	fillChunk(params, p, chunk, out, 0);
	return out;
}

/** Simulates everything in one call (one thread): every store, every sensor. */
export function simulate(params: SimulationParams): ReadingColumns {
	const p = plan(params, true);
	const out = allocate(p.readings);
	let offset = 0;
	p.stores.forEach((s, store) => {
		offset += fillChunk(
			params,
			p,
			{ store, sensorFrom: 0, sensorTo: s.params.sensors },
			out,
			offset
		);
	});
	return out;
}

/** What the rich model planted in a sensor: a replacement, or an outage reading -1 or 0. */
export type PlantedKind = 'replacement' | 'outage' | 'stuck';

/**
 * One planted multi-hour event. A `replacement` is the first hour of a new sensor (its
 * age is 0 from `from`, and `to` = `from`); an `outage` reads -1 and a `stuck` outage 0
 * from hour `from` to hour `to` inclusive (hour indexes, cut to the simulated hours after
 * the opening: exactly the hours whose truth carries TRUTH_OUTAGE).
 */
export interface PlantedEvent {
	store: number;
	sensor: number;
	kind: PlantedKind;
	from: number;
	to: number;
}

/**
 * The ground truth of every planted multi-hour event of the simulation (or of one chunk),
 * ordered by store, sensor, then hour (a replacement before an outage of the same hour).
 * Empty for the original model: it plants single hours only (see the truth column).
 */
export function plantedEvents(params: SimulationParams, chunk?: SimulationChunk): PlantedEvent[] {
	const p = plan(params, true);
	if (chunk !== undefined) checkChunk(p, chunk);
	const chunks = chunk
		? [chunk]
		: p.stores.map((s, store) => ({ store, sensorFrom: 0, sensorTo: s.params.sensors }));
	const out: PlantedEvent[] = [];
	const startHour = p.startDay * 24;
	const lastHour = startHour + p.days * 24 - 1;
	for (const c of chunks) {
		const { params: store, openedHour, rich } = p.stores[c.store];
		const firstHour = Math.max(startHour, openedHour + 1);
		if (!rich || firstHour > lastHour) continue;
		const key = storeKey(params.seed, c.store, store.name);
		for (let sensor = c.sensorFrom; sensor < c.sensorTo; sensor++) {
			const [k1, k2] = sensorKey(key, sensor);
			const [e1, e2] = eventKey(k1, k2);
			const { installs, outages } = sensorEvents(rich, openedHour, e1, e2, firstHour, lastHour);
			const events: PlantedEvent[] = [];
			for (const at of installs) {
				if (at >= firstHour && at > openedHour) {
					events.push({ store: c.store, sensor, kind: 'replacement', from: at, to: at });
				}
			}
			for (const o of outages) {
				events.push({
					store: c.store,
					sensor,
					kind: o.stuck ? 'stuck' : 'outage',
					from: Math.max(o.from, firstHour),
					to: Math.min(o.to, lastHour)
				});
			}
			events.sort((a, b) => a.from - b.from || (a.kind === 'replacement' ? -1 : 1));
			out.push(...events);
		}
	}
	return out;
}
