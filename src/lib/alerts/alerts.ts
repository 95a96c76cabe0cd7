/**
 * The alerts model (issue 5 item 5): health detection's results and the stores' trend
 * rows -> a list of alerts, newest first, each with its numbers in words and the view
 * (store, sensor, resolution, days) that shows it. Pure: typed arrays and plain rows in,
 * plain objects out. Design note: README.md.
 *
 * Times: hour indexes (hours since 1970-01-01 00:00) and day indexes (days since
 * 1970-01-01) of naive local wall-clock time, as everywhere in footfall; each alert says
 * which one its `from` / `to` are (`unit`) and carries them as text too.
 */
import type { FootfallView, IsoWeekday } from '../domain/footfall';
import {
	HOUR_FLAG_KINDS,
	IMPUTED_KINDS,
	SENSOR_DAY_FLAGS,
	type HourFlagKind,
	type StoreHealth
} from '../domain/health';
import type { TrendPeriod, TrendRow } from '../db/sql/trend';

export type AlertKind =
	/** A run of consecutive failed, zero or missing open hours of one sensor. */
	| 'sensor-down'
	/** Isolated failed hours (runs shorter than `minDownHours`) of a store, per month. */
	| 'failed-hours'
	/** Consecutive days on which one sensor departs from what its siblings predict. */
	| 'sensor-deviating'
	/** Consecutive days on which the store's total is outside its band. */
	| 'abnormal-day'
	/** The last full periods of a store above or below its trend line. */
	| 'trend-deviation';

/** Every kind of alert, in the order the panel lists them. */
export const ALERT_KINDS: readonly AlertKind[] = [
	'sensor-down',
	'failed-hours',
	'sensor-deviating',
	'abnormal-day',
	'trend-deviation'
];

export type AlertSeverity = 'critical' | 'warning' | 'info';
export const SEVERITIES: readonly AlertSeverity[] = ['critical', 'warning', 'info'];

/** What the page turns into a link: a `FootfallView` without the fields left to the page. */
export type AlertView = Pick<FootfallView, 'store' | 'sensor' | 'resolution' | 'from' | 'to'> &
	Partial<Pick<FootfallView, 'weekdays'>>;

export interface Alert {
	/** Stable and unique: kind, store index, sensor and start. */
	id: string;
	kind: AlertKind;
	severity: AlertSeverity;
	store: string;
	storeIdx: number;
	/** null: the store as a whole. */
	sensor: number | null;
	/** `hour`: from/to are hour indexes; `day`: day indexes. Naive local time, inclusive. */
	unit: 'hour' | 'day';
	from: number;
	to: number;
	/** from/to as naive local text: `YYYY-MM-DDTHH:00` (hours) or `YYYY-MM-DD` (days). */
	fromText: string;
	toText: string;
	/**
	 * The event reaches the store's last active day: the last day of the data on which it
	 * was open or had readings (`lastActiveDay`), so data ending on a closed Sunday still
	 * has current alerts (trend: reaches its last full period).
	 */
	current: boolean;
	title: string;
	/** What happened, with its numbers, in a sentence or two. */
	detail: string;
	view: AlertView;
}

export interface AlertOptions {
	/** A run of flagged open hours at least this long is "sensor down"; shorter ones are aggregated. */
	minDownHours: number;
	/** A sensor-down run of at least this many open hours is critical (else a warning). */
	criticalDownHours: number;
	/**
	 * Days (with open hours) a sensor must depart from its siblings in a row for an alert:
	 * one odd day is usually a few anomalous hours; days in a row point at the sensor.
	 */
	minDeviatingDays: number;
	/** Relative distance from the trend line (0.2: 20 %) beyond which a period deviates. */
	trendThreshold: number;
	/** Consecutive last full periods that must deviate, on the same side, for an alert. */
	trendPeriods: number;
	/** Keep only alerts ending on or after this day index (all when undefined). */
	since?: number;
}

export const DEFAULT_ALERT_OPTIONS: AlertOptions = {
	minDownHours: 3,
	criticalDownHours: 24,
	minDeviatingDays: 2,
	trendThreshold: 0.2,
	trendPeriods: 2
};

/** One store's trend rows (`trendQuery`) for one period kind. */
export interface StoreTrend {
	store: string;
	period: TrendPeriod;
	/** Weekdays the trend summed; the link shows the same. */
	weekdays?: readonly IsoWeekday[];
	rows: readonly Pick<
		TrendRow,
		't' | 'partial' | 'count' | 'imputed_count' | 'trend_count' | 'trend_imputed'
	>[];
}

export interface AlertsInput {
	health: readonly StoreHealth[];
	trends?: readonly StoreTrend[];
	/**
	 * First and last day of the data (day indexes): links stay inside, and `current` is
	 * judged against each store's last active day up to `lastDay` (`lastActiveDay`).
	 * Default: per store, from its health days.
	 */
	firstDay?: number;
	lastDay?: number;
	options?: Partial<AlertOptions>;
}

const DAY_MS = 86_400_000;
const ALL_WEEKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };
const IMPUTED_CODES = new Set(IMPUTED_KINDS.map((k) => HOUR_FLAG_KINDS.indexOf(k)));

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Day index -> `YYYY-MM-DD`. */
export function dayText(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Hour index -> `YYYY-MM-DDTHH:00` (naive local). */
export function hourText(hour: number): string {
	const day = Math.floor(hour / 24);
	return `${dayText(day)}T${pad2(hour - day * 24)}:00`;
}

/** Hour index -> day index. */
const dayOf = (hour: number) => Math.floor(hour / 24);

/** Monday-based hour of the week (Monday 00:00 = 0) of an hour index; 1970-01-01 was a Thursday. */
export function weekHour(hour: number): number {
	return (((hour + 72) % 168) + 168) % 168;
}

/** A whole number with thousands separators: 12,345. */
export function formatCount(x: number): string {
	const r = Math.round(x);
	const s = String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return r < 0 ? `-${s}` : s;
}

/** A share as a whole percentage: 0.374 -> "37 %". */
const percent = (x: number) => `${Math.round(Math.abs(x) * 100)} %`;

const plural = (n: number, one: string, many = `${one}s`) =>
	`${formatCount(n)} ${n === 1 ? one : many}`;

const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

/** "on 2024-07-01" or "from 2024-07-01 to 2024-07-03". */
function daysWhen(from: number, to: number): string {
	return from === to ? `on ${dayText(from)}` : `from ${dayText(from)} to ${dayText(to)}`;
}

interface StoreContext {
	h: StoreHealth;
	firstDay: number;
	lastDay: number;
	/** The store's last active day (`lastActiveDay`): an alert reaching it is current. */
	currentDay: number;
	/** 1 where the store is open at that Monday-based week hour. */
	open: Uint8Array;
}

/** A view around days [from, to]: hourly up to a week, daily beyond, with a margin, inside the data. */
function viewAround(ctx: StoreContext, sensor: number | null, from: number, to: number): AlertView {
	const long = to - from + 1 > 7;
	const margin = long ? 7 : 1;
	const a = Math.max(ctx.firstDay, from - margin);
	const b = Math.min(ctx.lastDay, to + margin);
	return {
		store: ctx.h.store,
		sensor,
		resolution: long ? 'daily' : 'hourly',
		from: dayText(Math.min(a, from)),
		to: dayText(Math.max(b, to)),
		weekdays: ALL_WEEKDAYS
	};
}

function baseAlert(
	ctx: StoreContext,
	kind: AlertKind,
	sensor: number | null,
	unit: 'hour' | 'day',
	from: number,
	to: number
): Pick<
	Alert,
	| 'id'
	| 'kind'
	| 'store'
	| 'storeIdx'
	| 'sensor'
	| 'unit'
	| 'from'
	| 'to'
	| 'fromText'
	| 'toText'
	| 'current'
> {
	const text = unit === 'hour' ? hourText : dayText;
	const endDay = unit === 'hour' ? dayOf(to) : to;
	return {
		id: `${kind}:${ctx.h.storeIdx}:${sensor ?? 'all'}:${unit === 'hour' ? 'h' : 'd'}${from}`,
		kind,
		store: ctx.h.store,
		storeIdx: ctx.h.storeIdx,
		sensor,
		unit,
		from,
		to,
		fromText: text(from),
		toText: text(to),
		current: endDay >= ctx.currentDay
	};
}

/** A run of flagged hours of one sensor. */
interface HourRun {
	sensor: number;
	/** Indexes into the store's HourFlags. */
	rows: number[];
	openHours: number;
}

/**
 * Runs of consecutive imputed-kind flags per sensor: two flagged hours belong to one run
 * when every hour between them is one in which the store is closed (a sensor down over
 * night stays one run; an open hour that read normally ends it).
 */
export function flaggedRuns(h: StoreHealth, open: Uint8Array): HourRun[] {
	const f = h.hours;
	const runs: HourRun[] = [];
	let run: HourRun | null = null;
	let lastHour = 0;
	const openBetween = (a: number, b: number) => {
		if (b - a > 168) return open.some((o) => o === 1);
		for (let x = a + 1; x < b; x++) if (open[weekHour(x)]) return true;
		return false;
	};
	for (let i = 0; i < f.length; i++) {
		if (!IMPUTED_CODES.has(f.kind[i])) continue;
		const sensor = f.sensor[i];
		const hour = f.hour[i];
		if (!run || run.sensor !== sensor || openBetween(lastHour, hour)) {
			run = { sensor, rows: [], openHours: 0 };
			runs.push(run);
		}
		run.rows.push(i);
		if (open[weekHour(hour)]) run.openHours++;
		lastHour = hour;
	}
	return runs;
}

function kindCounts(h: StoreHealth, rows: readonly number[]): Record<HourFlagKind, number> {
	const c: Record<HourFlagKind, number> = { failed: 0, zero: 0, missing: 0, low: 0, high: 0 };
	for (const i of rows) c[HOUR_FLAG_KINDS[h.hours.kind[i]]]++;
	return c;
}

/** "14 failed readings, 4 zero counts and 2 missing readings". */
function kindsInWords(c: Record<HourFlagKind, number>): string {
	const parts: string[] = [];
	if (c.failed) parts.push(plural(c.failed, 'failed reading'));
	if (c.zero) parts.push(plural(c.zero, 'zero count'));
	if (c.missing) parts.push(plural(c.missing, 'missing reading'));
	return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
}

function expectedSum(h: StoreHealth, rows: readonly number[]): number {
	let s = 0;
	for (const i of rows) {
		const e = h.hours.expected[i];
		if (Number.isFinite(e)) s += e;
	}
	return s;
}

function sensorDownAlert(ctx: StoreContext, run: HourRun, opts: AlertOptions): Alert {
	const { h } = ctx;
	const from = h.hours.hour[run.rows[0]];
	const to = h.hours.hour[run.rows[run.rows.length - 1]];
	const c = kindCounts(h, run.rows);
	const what =
		c.zero > c.failed + c.missing
			? 'stuck at 0'
			: c.missing > c.failed + c.zero
				? 'sent no data'
				: 'down';
	const imputed = expectedSum(h, run.rows);
	const span = to - from + 1;
	return {
		...baseAlert(ctx, 'sensor-down', run.sensor, 'hour', from, to),
		severity: run.openHours >= opts.criticalDownHours ? 'critical' : 'warning',
		title: `${h.store}: sensor ${run.sensor} ${what} for ${plural(run.openHours, 'open hour')}`,
		detail:
			`Sensor ${run.sensor} of ${h.store} was ${what} from ${hourText(from).replace('T', ' ')} ` +
			`to ${hourText(to).replace('T', ' ')} (${plural(span, 'hour')} in all): ${kindsInWords(c)}. ` +
			`About ${plural(imputed, 'visit')} ${imputed === 1 ? 'was' : 'were'} imputed from its siblings and its history.`,
		view: viewAround(ctx, run.sensor, dayOf(from), dayOf(to))
	};
}

/** Isolated failed hours (short runs) of one store, one alert per calendar month. */
function failedHoursAlerts(ctx: StoreContext, runs: HourRun[]): Alert[] {
	const { h } = ctx;
	const byMonth = new Map<string, number[]>();
	for (const run of runs) {
		for (const i of run.rows) {
			const key = dayText(dayOf(h.hours.hour[i])).slice(0, 7);
			const list = byMonth.get(key);
			if (list) list.push(i);
			else byMonth.set(key, [i]);
		}
	}
	const alerts: Alert[] = [];
	for (const [month, rows] of byMonth) {
		rows.sort((a, b) => h.hours.hour[a] - h.hours.hour[b]);
		const fromDay = dayOf(h.hours.hour[rows[0]]);
		const toDay = dayOf(h.hours.hour[rows[rows.length - 1]]);
		const perSensor = new Map<number, number>();
		for (const i of rows)
			perSensor.set(h.hours.sensor[i], (perSensor.get(h.hours.sensor[i]) ?? 0) + 1);
		const ranked = [...perSensor].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
		const single = ranked.length === 1 ? ranked[0][0] : null;
		const [y, m] = month.split('-');
		const top = ranked
			.slice(0, 3)
			.map(([s, n]) => `sensor ${s} (${n})`)
			.join(', ');
		const c = kindCounts(h, rows);
		alerts.push({
			...baseAlert(ctx, 'failed-hours', single, 'day', fromDay, toDay),
			severity: 'info',
			title: `${h.store}: ${plural(rows.length, 'isolated failed hour')} in ${MONTHS[+m - 1]} ${y}`,
			detail:
				`${kindsInWords(c)[0].toUpperCase()}${kindsInWords(c).slice(1)} in ${MONTHS[+m - 1]} ${y}, ` +
				`none longer than a short run, on ${plural(ranked.length, 'sensor')}` +
				`${ranked.length > 1 ? `; most: ${top}` : ''}. About ${plural(expectedSum(h, rows), 'visit')} imputed.`,
			view: viewAround(ctx, single, fromDay, toDay)
		});
	}
	return alerts;
}

/** Runs of sensor-days flagged as deviating from the siblings (days without failures). */
function siblingAlerts(ctx: StoreContext, opts: AlertOptions): Alert[] {
	const { h } = ctx;
	const d = h.days;
	const alerts: Alert[] = [];
	let run: number[] = [];
	const flush = () => {
		if (run.length < opts.minDeviatingDays) {
			run = [];
			return;
		}
		const sensor = d.sensor[run[0]];
		const from = d.day[run[0]];
		const to = d.day[run[run.length - 1]];
		let count = 0;
		let predicted = 0;
		for (const i of run) {
			count += d.count[i];
			const r = d.siblingRatio[i];
			predicted += Number.isFinite(r) && r > 0 ? d.count[i] / r : d.count[i];
		}
		const ratio = predicted > 0 ? count / predicted : NaN;
		const side = ratio < 1 ? 'below' : 'above';
		const days = plural(run.length, 'day');
		alerts.push({
			...baseAlert(ctx, 'sensor-deviating', sensor, 'day', from, to),
			severity: 'warning',
			title: `${h.store}: sensor ${sensor} departs from its siblings on ${days}`,
			detail:
				`Sensor ${sensor} of ${h.store} counted ${plural(count, 'visit')} ${daysWhen(from, to)}, ` +
				(Number.isFinite(ratio)
					? `${percent(ratio - 1)} ${side} the ${formatCount(predicted)} its sibling sensors predict`
					: 'while its siblings predict no ratio') +
				'. A sensor that departs from its siblings may be misaligned, blocked or miscounting.',
			view: viewAround(ctx, sensor, from, to)
		});
		run = [];
	};
	for (let i = 0; i < d.length; i++) {
		const flagged =
			(d.flags[i] & SENSOR_DAY_FLAGS.siblings) !== 0 &&
			(d.flags[i] & SENSOR_DAY_FLAGS.failures) === 0;
		if (run.length > 0) {
			const prev = run[run.length - 1];
			const same = d.sensor[prev] === d.sensor[i];
			// A closed day (no open hours) neither extends nor ends a run.
			if (same && !flagged && d.openHours[i] === 0) continue;
			if (!flagged || !same) flush();
		}
		if (flagged) run.push(i);
	}
	flush();
	return alerts;
}

/** Imputed visits per day of one store (what failed sensors hid). */
function imputedByDay(h: StoreHealth): Map<number, number> {
	const m = new Map<number, number>();
	const f = h.hours;
	for (let i = 0; i < f.length; i++) {
		if (!IMPUTED_CODES.has(f.kind[i]) || !Number.isFinite(f.expected[i])) continue;
		const day = dayOf(f.hour[i]);
		m.set(day, (m.get(day) ?? 0) + f.expected[i] - Math.max(f.count[i], 0));
	}
	return m;
}

/**
 * Runs of consecutive abnormal store days. A day whose total falls back inside its band
 * once the failed readings are imputed is left out: its sensor-down alert explains it.
 */
function abnormalDayAlerts(ctx: StoreContext): Alert[] {
	const { h } = ctx;
	const s = h.storeDays;
	const imputed = imputedByDay(h);
	const alerts: Alert[] = [];
	let run: number[] = [];
	const flush = () => {
		if (run.length === 0) return;
		const from = s.day[run[0]];
		const to = s.day[run[run.length - 1]];
		let count = 0;
		let expected = 0;
		let low = 0;
		let high = 0;
		for (const i of run) {
			count += s.count[i] + (imputed.get(s.day[i]) ?? 0);
			expected += s.expected[i];
			low += s.low[i];
			high += s.high[i];
		}
		const rel = expected > 0 ? count / expected - 1 : NaN;
		const side = count < expected ? 'below' : 'above';
		const when =
			run.length === 1 ? `on ${dayText(from)}` : `from ${dayText(from)} to ${dayText(to)}`;
		alerts.push({
			...baseAlert(ctx, 'abnormal-day', null, 'day', from, to),
			severity: 'warning',
			title:
				run.length === 1
					? `${h.store}: abnormal day ${dayText(from)}, ${Number.isFinite(rel) ? `${percent(rel)} ` : ''}${side} normal`
					: `${h.store}: ${plural(run.length, 'abnormal day')}, ${side} normal`,
			detail:
				`${h.store} counted ${plural(count, 'visit')} ${when} (failed readings imputed), ` +
				`against ${formatCount(expected)} expected from the same weekdays before ` +
				`(normal range ${formatCount(low)} to ${formatCount(high)})` +
				(Number.isFinite(rel) ? `: ${percent(rel)} ${side}.` : '.'),
			view: viewAround(ctx, null, from, to)
		});
		run = [];
	};
	for (let i = 0; i < s.length; i++) {
		const day = s.day[i];
		let abnormal = s.abnormal[i] === 1;
		if (abnormal && Number.isFinite(s.low[i]) && Number.isFinite(s.high[i])) {
			const total = s.count[i] + (imputed.get(day) ?? 0);
			if (total >= s.low[i] && total <= s.high[i]) abnormal = false;
		}
		if (run.length > 0 && (!abnormal || s.day[run[run.length - 1]] !== day - 1)) flush();
		if (abnormal) run.push(i);
	}
	flush();
	return alerts;
}

/** Last day (day index) of the period starting on day `start`. */
function periodEnd(start: number, period: TrendPeriod): number {
	if (period === 'weekly') return start + 6;
	const d = new Date(start * DAY_MS);
	return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS - 1;
}

/** The last full periods of a store deviating from its (imputed) trend line. */
function trendAlert(ctx: StoreContext, trend: StoreTrend, opts: AlertOptions): Alert | null {
	const full = trend.rows.filter(
		(r) => !r.partial && r.trend_imputed !== null && Number.isFinite(r.trend_imputed)
	);
	const run: typeof full = [];
	let sign = 0;
	for (let i = full.length - 1; i >= 0; i--) {
		const r = full[i];
		const t = r.trend_imputed as number;
		if (!(t > 0)) break;
		const dev = r.imputed_count / t - 1;
		const s = Math.sign(dev);
		if (Math.abs(dev) <= opts.trendThreshold || (sign !== 0 && s !== sign)) break;
		sign = s;
		run.unshift(r);
	}
	if (run.length < opts.trendPeriods) return null;
	const from = Math.round(run[0].t / DAY_MS);
	const to = periodEnd(Math.round(run[run.length - 1].t / DAY_MS), trend.period);
	let count = 0;
	let line = 0;
	for (const r of run) {
		count += r.imputed_count;
		line += r.trend_imputed as number;
	}
	const side = sign < 0 ? 'below' : 'above';
	const unit = trend.period === 'weekly' ? 'week' : 'month';
	const rel = count / line - 1;
	const base = baseAlert(ctx, 'trend-deviation', null, 'day', from, to);
	const span = trend.period === 'weekly' ? 26 * 7 : 365;
	return {
		...base,
		current: true,
		severity: sign < 0 ? 'warning' : 'info',
		title: `${ctx.h.store}: ${percent(rel)} ${side} trend for ${plural(run.length, `${unit}`)}`,
		detail:
			`${ctx.h.store} counted ${plural(count, 'visit')} in the last ${plural(run.length, `full ${unit}`)} ` +
			`(${dayText(from)} to ${dayText(to)}, failed readings imputed) against ${formatCount(line)} on its trend line: ` +
			`${percent(rel)} ${side}, beyond the ${percent(opts.trendThreshold)} threshold in every one of them.`,
		view: {
			store: ctx.h.store,
			sensor: null,
			resolution: trend.period,
			from: dayText(Math.min(from, Math.max(ctx.firstDay, from - span))),
			to: dayText(Math.max(to, ctx.lastDay)),
			weekdays: trend.weekdays ? [...trend.weekdays] : ALL_WEEKDAYS
		}
	};
}

/**
 * The last day, up to `lastDay`, on which the store was active: it had visits counted (a
 * store-day or sensor-day with a count above 0) or an open hour of it was flagged (a
 * sensor down on the last open day is still news). Without any such day in its health
 * rows, the last day whose weekday the open mask opens on (data ending on a closed
 * Sunday: the Saturday before); `lastDay` itself when the mask opens on no day. Day
 * indexes; `open` is the store's 168-hour mask (Monday 00:00 = 0).
 */
export function lastActiveDay(h: StoreHealth, open: Uint8Array, lastDay: number): number {
	let best = -Infinity;
	const see = (day: number) => {
		if (day <= lastDay && day > best) best = day;
	};
	for (let i = 0; i < h.storeDays.length; i++) {
		if (h.storeDays.count[i] > 0) see(h.storeDays.day[i]);
	}
	for (let i = 0; i < h.days.length; i++) if (h.days.count[i] > 0) see(h.days.day[i]);
	for (let i = 0; i < h.hours.length; i++) {
		if (open[weekHour(h.hours.hour[i])]) see(dayOf(h.hours.hour[i]));
	}
	if (Number.isFinite(best)) return best;
	for (let day = lastDay; day > lastDay - 7; day--) {
		const monday = weekHour(day * 24); // hour of the week this day starts at
		for (let hr = 0; hr < 24; hr++) if (open[monday + hr]) return day;
	}
	return lastDay;
}

function storeContext(h: StoreHealth, input: AlertsInput): StoreContext {
	let first = Infinity;
	let last = -Infinity;
	for (const days of [
		h.storeDays.day.subarray(0, h.storeDays.length),
		h.days.day.subarray(0, h.days.length)
	]) {
		for (const d of days) {
			if (d < first) first = d;
			if (d > last) last = d;
		}
	}
	for (let i = 0; i < h.hours.length; i++) {
		const d = dayOf(h.hours.hour[i]);
		if (d < first) first = d;
		if (d > last) last = d;
	}
	// A mask that says "never open" (unknown hours) counts every hour as open.
	const open = h.open.some((o) => o === 1) ? h.open : new Uint8Array(168).fill(1);
	const lastDay = input.lastDay ?? (Number.isFinite(last) ? last : 0);
	return {
		h,
		firstDay: input.firstDay ?? (Number.isFinite(first) ? first : 0),
		lastDay,
		currentDay: lastActiveDay(h, open, lastDay),
		open
	};
}

/** Hour index of an alert's end, for "newest first". */
function endHour(a: Alert): number {
	return a.unit === 'hour' ? a.to : a.to * 24 + 23;
}

/** Newest first; then by severity, store, sensor (store totals first) and kind. */
export function compareAlerts(a: Alert, b: Alert): number {
	return (
		endHour(b) - endHour(a) ||
		SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
		a.storeIdx - b.storeIdx ||
		(a.sensor ?? -1) - (b.sensor ?? -1) ||
		a.id.localeCompare(b.id)
	);
}

/**
 * Every alert of these health results and trend rows, newest first (see `compareAlerts`):
 * - `sensor-down`: a run of at least `minDownHours` flagged (failed, zero, missing) open
 *   hours of one sensor; closed hours between them do not end the run;
 * - `failed-hours`: the shorter runs, one alert per store and calendar month;
 * - `sensor-deviating`: consecutive sensor-days flagged as departing from the siblings
 *   (days also flagged for failures are covered by the two kinds above);
 * - `abnormal-day`: consecutive abnormal store days that stay abnormal once the failed
 *   readings are imputed;
 * - `trend-deviation`: the last `trendPeriods` or more full periods of a store's trend rows
 *   all above, or all below, the imputed trend line by more than `trendThreshold`.
 */
export function buildAlerts(input: AlertsInput): Alert[] {
	const opts: AlertOptions = { ...DEFAULT_ALERT_OPTIONS, ...input.options };
	for (const k of [
		'minDownHours',
		'criticalDownHours',
		'minDeviatingDays',
		'trendPeriods'
	] as const) {
		if (!(Number.isInteger(opts[k]) && opts[k] >= 1)) {
			throw new RangeError(`alerts: option ${k} must be a whole number >= 1, got ${opts[k]}`);
		}
	}
	if (!(opts.trendThreshold >= 0 && Number.isFinite(opts.trendThreshold))) {
		throw new RangeError(`alerts: option trendThreshold must be >= 0, got ${opts.trendThreshold}`);
	}
	const alerts: Alert[] = [];
	const contexts = new Map<string, StoreContext>();
	for (const h of input.health) {
		const ctx = storeContext(h, input);
		contexts.set(h.store, ctx);
		const runs = flaggedRuns(h, ctx.open);
		const short: HourRun[] = [];
		for (const run of runs) {
			if (run.openHours >= opts.minDownHours) alerts.push(sensorDownAlert(ctx, run, opts));
			else short.push(run);
		}
		alerts.push(...failedHoursAlerts(ctx, short));
		alerts.push(...siblingAlerts(ctx, opts));
		alerts.push(...abnormalDayAlerts(ctx));
	}
	for (const trend of input.trends ?? []) {
		const ctx = contexts.get(trend.store);
		if (!ctx)
			throw new RangeError(
				`alerts: trend rows for ${JSON.stringify(trend.store)}, a store without health results`
			);
		const a = trendAlert(ctx, trend, opts);
		if (a) alerts.push(a);
	}
	const since = opts.since;
	const kept =
		since === undefined
			? alerts
			: alerts.filter((a) => (a.unit === 'hour' ? dayOf(a.to) : a.to) >= since);
	return kept.sort(compareAlerts);
}
