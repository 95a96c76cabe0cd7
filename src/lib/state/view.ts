/**
 * The footfall explorer's view: one plain, serialisable object (`FootfallView`) and the
 * pure rules that keep it valid against the data that is loaded. No Svelte, no I/O:
 * the rune class calls these, Node tests check them.
 */
import {
	DEFAULT_WEEKDAYS,
	RESOLUTIONS,
	type FootfallView,
	type IsoWeekday,
	type Resolution,
	type SimulationParams
} from '../domain/footfall';

/** What the explorer shows; declared once, in the domain (it round-trips through the URL). */
export type { FootfallView };

/** One store of the loaded data, as far as the view cares. */
export interface ExtentStore {
	name: string;
	/** Sensors, numbered 0 .. sensors - 1. */
	sensors: number;
	/**
	 * What sensor i is called in the data (a counter file's `sensor_id` or column name),
	 * `labels[i]`; absent for a simulation, whose sensors are their numbers.
	 */
	labels?: string[];
}

/** What is loaded, as far as the view cares: the stores and the days simulated or read. */
export interface DataExtent {
	stores: ExtentStore[];
	/** First day with data, `YYYY-MM-DD`. */
	start: string;
	/** Last day with data, `YYYY-MM-DD`, inclusive. */
	end: string;
}

export const FIRST_HOUR = 0;
export const LAST_HOUR = 23;

/** The extent of a simulation's output. */
export function extentOf(params: SimulationParams): DataExtent {
	return {
		stores: params.stores.map((s) => ({ name: s.name, sensors: s.sensors })),
		start: params.start,
		end: params.end
	};
}

/** The view a fresh page opens on: the first store's total, daily, Mon-Sat, all days. */
export function defaultView(extent: DataExtent): FootfallView {
	return {
		store: extent.stores[0]?.name ?? '',
		sensor: null,
		resolution: 'daily',
		weekdays: [...DEFAULT_WEEKDAYS],
		from: extent.start,
		to: extent.end,
		hourFrom: FIRST_HOUR,
		hourTo: LAST_HOUR
	};
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` day. */
export function dayIndex(day: string): number {
	return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/** The `YYYY-MM-DD` of a day index. */
export function dayText(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isIsoDay(text: unknown): text is string {
	if (typeof text !== 'string' || !DAY.test(text)) return false;
	const ms = Date.parse(`${text}T00:00:00Z`);
	return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

/** `day` clamped into [min, max] (ISO days compare as strings); not a day -> `fallback`. */
export function clampDay(day: unknown, min: string, max: string, fallback: string): string {
	if (!isIsoDay(day)) return fallback;
	if (day < min) return min;
	if (day > max) return max;
	return day;
}

/** An hour clamped to 0-23 and truncated; not a number -> `fallback`. */
export function clampHour(hour: unknown, fallback: number): number {
	const h = typeof hour === 'number' ? hour : Number.NaN;
	if (!Number.isFinite(h)) return fallback;
	return Math.min(LAST_HOUR, Math.max(FIRST_HOUR, Math.trunc(h)));
}

/** Weekdays as valid ISO numbers, ascending, without duplicates (an empty list stays empty). */
export function normalizeWeekdays(days: readonly unknown[]): IsoWeekday[] {
	const set = new Set<number>();
	for (const d of days)
		if (typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 7) set.add(d);
	return [...set].sort((a, b) => a - b) as IsoWeekday[];
}

/** The sensor kept when the store has it, otherwise the store total. */
export function sensorFor(sensor: number | null, sensors: number): number | null {
	if (sensor === null || !Number.isInteger(sensor)) return null;
	return sensor >= 0 && sensor < sensors ? sensor : null;
}

/**
 * A view made valid for `extent`: an unknown store becomes the first store, a sensor the
 * store lacks becomes the store total, days are clamped into the data's range and put in
 * order, hours clamped to 0-23 (hourFrom > hourTo is kept: it wraps midnight), weekdays
 * cleaned. Pure and idempotent.
 */
export function normalizeView(view: Partial<FootfallView>, extent: DataExtent): FootfallView {
	const base = defaultView(extent);
	const store = extent.stores.find((s) => s.name === view.store) ?? extent.stores[0];
	const resolution = RESOLUTIONS.includes(view.resolution as Resolution)
		? (view.resolution as Resolution)
		: base.resolution;
	let from = clampDay(view.from, extent.start, extent.end, extent.start);
	let to = clampDay(view.to, extent.start, extent.end, extent.end);
	if (from > to) [from, to] = [to, from];
	return {
		store: store?.name ?? '',
		sensor: sensorFor(view.sensor ?? null, store?.sensors ?? 0),
		resolution,
		weekdays: Array.isArray(view.weekdays) ? normalizeWeekdays(view.weekdays) : base.weekdays,
		from,
		to,
		hourFrom: clampHour(view.hourFrom, FIRST_HOUR),
		hourTo: clampHour(view.hourTo, LAST_HOUR)
	};
}

/**
 * The view carried over to newly loaded data: a range that reached the old data's first
 * (last) day reaches the new data's first (last) day, so "everything" stays everything
 * when a simulation is extended; then the view is made valid for `next`.
 */
export function carryView(
	view: FootfallView,
	previous: DataExtent | null,
	next: DataExtent
): FootfallView {
	if (!previous) return normalizeView(view, next);
	return normalizeView(
		{
			...view,
			from: view.from <= previous.start ? next.start : view.from,
			to: view.to >= previous.end ? next.end : view.to
		},
		next
	);
}

/** `view` with `patch` applied, then made valid for `extent`. */
export function updateView(
	view: FootfallView,
	patch: Partial<FootfallView>,
	extent: DataExtent
): FootfallView {
	return normalizeView({ ...view, ...patch }, extent);
}

/** `weekdays` with `day` switched on or off. */
export function toggleWeekday(
	weekdays: readonly IsoWeekday[],
	day: IsoWeekday,
	on: boolean
): IsoWeekday[] {
	const rest = weekdays.filter((d) => d !== day);
	return normalizeWeekdays(on ? [...rest, day] : rest);
}

/** Two views are the same (field by field). */
export function sameView(a: FootfallView, b: FootfallView): boolean {
	return (
		a.store === b.store &&
		a.sensor === b.sensor &&
		a.resolution === b.resolution &&
		a.from === b.from &&
		a.to === b.to &&
		a.hourFrom === b.hourFrom &&
		a.hourTo === b.hourTo &&
		a.weekdays.length === b.weekdays.length &&
		a.weekdays.every((d, i) => d === b.weekdays[i])
	);
}

/** What the sensor picker calls each sensor of `store`: `Sensor 3`, or a file's own name for it. */
export function sensorNames(extent: DataExtent, store: string): string[] {
	const s = extent.stores.find((x) => x.name === store);
	if (!s) return [];
	return Array.from({ length: s.sensors }, (_, i) => sensorName(i, s.labels?.[i]));
}

/**
 * A sensor's name in the picker: `Sensor 3` for a number (a simulation's sensors, or a
 * file whose `sensor_id` is a number), the label itself for a name (`Northbound`).
 */
export function sensorName(index: number, label?: string): string {
	const text = label?.trim();
	if (!text) return `Sensor ${index}`;
	return /^\d+$/.test(text) ? `Sensor ${text}` : text;
}

/** Number of sensors of `store` in `extent` (0 when unknown). */
export function sensorCount(extent: DataExtent, store: string): number {
	return extent.stores.find((s) => s.name === store)?.sensors ?? 0;
}

/**
 * A short human description of the view, for the chart's accessible name and captions.
 * `sensorLabel` names the sensor as the data does (a counter file's `Northbound`); by
 * default it is `sensor 3`.
 */
export function describeView(view: FootfallView, sensorLabel?: string): string {
	const who =
		view.sensor === null
			? `${view.store}, store total`
			: `${view.store}, ${sensorLabel ?? `sensor ${view.sensor}`}`;
	const hours =
		view.resolution === 'hourly' && (view.hourFrom > FIRST_HOUR || view.hourTo < LAST_HOUR)
			? `, hours ${view.hourFrom}-${view.hourTo}`
			: '';
	return `${who}, ${view.resolution} visits from ${view.from} to ${view.to}${hours}`;
}
