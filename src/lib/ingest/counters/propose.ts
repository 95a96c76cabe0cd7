/**
 * A column mapping for a counter table, proposed from the columns' names and values, for
 * the person to confirm or correct: which column is the time (or a date and an hour),
 * the store, the sensor and the count (a long table), or which columns are one sensor each
 * (a wide table), and which column is a total of the others (left out).
 */
import { bestColumn, words } from '../mapping';
import { baseName, stem } from '../paths';
import { column } from '../table';
import { sampleMedian } from '../timestamps';
import type { Table, TableColumn } from '../types';
import { hasAmPm, isSlashDate, MS_DAY, parseHourText, parseIsoWall, slashOrderOf } from './times';
import type {
	CounterMapping,
	CounterProposal,
	CounterTimeFormat,
	LongCounterMapping,
	WideCounterMapping
} from './types';

/** The original's header, in order. */
export const ORIGINAL_COLUMNS = ['date', 'hour', 'shop', 'sensor_id', 'count', 'units'] as const;

const TIME_WORDS = ['timestamp', 'datetime', 'time', 'date', 'ts', 'period', 'interval', 'when'];
const HOUR_WORDS = ['hour', 'hr', 'hh', 'hourofday', 'hod'];
const STORE_WORDS = [
	'store',
	'shop',
	'site',
	'location',
	'branch',
	'mall',
	'venue',
	'outlet',
	'building',
	'station',
	'place'
];
const SENSOR_WORDS = [
	'sensor',
	'sensorid',
	'counter',
	'door',
	'entrance',
	'gate',
	'device',
	'channel',
	'direction',
	'camera',
	'lane',
	'id'
];
const COUNT_WORDS = [
	'count',
	'counts',
	'visits',
	'visitors',
	'footfall',
	'value',
	'entries',
	'people',
	'pedestrians',
	'traffic',
	'volume',
	'crossings',
	'total',
	'n'
];
/** Numeric columns that are not sensors of a wide table. */
const NOT_SENSOR_WORDS = [
	'year',
	'month',
	'day',
	'week',
	'weekday',
	'dow',
	'hour',
	'minute',
	'lat',
	'latitude',
	'lon',
	'lng',
	'longitude',
	'index',
	'row',
	'temperature',
	'temp'
];

function score(name: string, vocabulary: string[]): number {
	const w = words(name);
	if (w.length === 0) return 0;
	if (vocabulary.includes(w.join(''))) return 3;
	if (vocabulary.includes(w[w.length - 1]) || vocabulary.includes(w[0])) return 2;
	if (w.some((x) => vocabulary.includes(x))) return 1;
	return 0;
}

function best(
	cols: TableColumn[],
	vocabulary: string[],
	accept: (c: TableColumn) => boolean,
	taken: Set<string>
): string | null {
	return bestColumn(cols, vocabulary, accept, taken, score);
}

/** Share of a text column's distinct values (up to 200 looked at) that `ok` accepts. */
function textShare(c: TableColumn, ok: (v: string) => boolean): number {
	if (c.kind !== 'text' || c.dict.length === 0) return 0;
	const look = c.dict.slice(0, 200);
	return look.filter(ok).length / look.length;
}

function isIsoText(v: string): boolean {
	return Number.isFinite(parseIsoWall(v).wall);
}

/** A text column of slashed or ISO dates (90 % of its values or more). */
function isTextTime(c: TableColumn): boolean {
	return textShare(c, (v) => isSlashDate(v) || isIsoText(v)) >= 0.9;
}

/** A numeric column named like time whose values are epoch seconds or milliseconds. */
function isEpoch(c: TableColumn): boolean {
	if (c.kind !== 'number' || score(c.name, TIME_WORDS) === 0) return false;
	const m = sampleMedian(c.values);
	return m >= 9.46e8 && m < 1e14;
}

/** True when every time of the column is a midnight (a date, no time of day). */
function datesOnly(c: TableColumn): boolean {
	if (c.kind === 'time') {
		for (let i = 0; i < c.values.length; i++) {
			const v = c.values[i];
			if (Number.isFinite(v) && v % MS_DAY !== 0) return false;
		}
		return true;
	}
	if (c.kind === 'text') return c.dict.slice(0, 200).every((v) => !/\d:\d\d/.test(v));
	return false;
}

/** Integers 0-24 (or `hh:mm` text) only: an hour-of-day column. */
function isHourColumn(c: TableColumn): boolean {
	if (c.kind === 'number') {
		let seen = 0;
		for (let i = 0; i < c.values.length; i++) {
			const v = c.values[i];
			if (Number.isNaN(v)) continue;
			if (!Number.isInteger(v) || v < 0 || v > 24) return false;
			seen++;
		}
		return seen > 0;
	}
	return textShare(c, (v) => Number.isFinite(parseHourText(v))) >= 0.9;
}

function isIntegerColumn(c: TableColumn): boolean {
	if (c.kind !== 'number') return false;
	for (let i = 0; i < Math.min(c.values.length, 5000); i++) {
		const v = c.values[i];
		if (Number.isFinite(v) && !Number.isInteger(v)) return false;
	}
	return true;
}

function isLabelColumn(c: TableColumn): boolean {
	return c.kind === 'text' || isIntegerColumn(c);
}

/** The time format a time column is read with, and notes on how it was chosen. */
export function timeFormatOf(c: TableColumn): { format: CounterTimeFormat; notes: string[] } {
	if (c.kind === 'time') return { format: 'iso', notes: [] };
	if (c.kind === 'number') {
		const m = sampleMedian(c.values);
		const format = m >= 1e11 ? 'ms' : 's';
		return {
			format,
			notes: [
				`column '${c.name}' holds epoch ${format === 'ms' ? 'milliseconds' : 'seconds'}: read as UTC wall-clock time (correct the hours if the counter ran on local time)`
			]
		};
	}
	const look = c.dict.slice(0, 2000);
	if (textShare(c, isIsoText) >= 0.9) return { format: 'iso', notes: [] };
	const order = slashOrderOf(look);
	if (order) {
		return {
			format: order,
			notes: [
				`column '${c.name}' holds ${order === 'mdy' ? 'month/day/year' : 'day/month/year'} dates (a value over 12 says which part is the day)`
			]
		};
	}
	const us = look.some(hasAmPm);
	return {
		format: us ? 'mdy' : 'dmy',
		notes: [
			`column '${c.name}': no day is over 12, so the order of day and month is a guess: ${us ? 'month/day/year (AM/PM times are American)' : 'day/month/year'}; correct it if needed`
		]
	};
}

/**
 * Words every name starts with, when they leave something of each: `Fremont Bridge` of
 * `Fremont Bridge East Sidewalk` and `Fremont Bridge West Sidewalk`.
 */
export function commonPrefix(names: string[]): string {
	if (names.length < 2) return '';
	const split = names.map((n) => n.trim().split(/\s+/));
	let k = 0;
	while (split.every((w) => k < w.length - 1 && w[k] === split[0][k])) k++;
	return split[0].slice(0, k).join(' ');
}

/**
 * The column of `candidates` that equals the sum of the others in at least 95 % of the rows
 * where all are present (a total), or null. A name saying total, sum or all is tried first.
 */
export function findTotalColumn(
	table: Table,
	candidates: string[]
): { name: string; share: number; rows: number } | null {
	if (candidates.length < 3) return null;
	const cols = candidates.map((n) => column(table, n)!) as Extract<
		TableColumn,
		{ kind: 'number' }
	>[];
	const order = [...cols.keys()].sort((a, b) => {
		const named = (i: number) => (score(cols[i].name, ['total', 'sum', 'all']) > 0 ? 0 : 1);
		return named(a) - named(b);
	});
	for (const t of order) {
		let rows = 0;
		let equal = 0;
		for (let r = 0; r < table.rows; r++) {
			const tv = cols[t].values[r];
			if (!Number.isFinite(tv)) continue;
			let sum = 0;
			let complete = true;
			for (let k = 0; k < cols.length; k++) {
				if (k === t) continue;
				const v = cols[k].values[r];
				if (!Number.isFinite(v)) {
					complete = false;
					break;
				}
				sum += v;
			}
			if (!complete) continue;
			rows++;
			if (Math.abs(sum - tv) < 1e-9) equal++;
		}
		if (rows > 0 && equal >= 0.95 * rows) return { name: cols[t].name, share: equal / rows, rows };
	}
	return null;
}

/** True when the table's header is the original's `date,hour,shop,sensor_id,count[,units]`. */
export function isOriginalTable(table: Table): boolean {
	const names = table.columns.map((c) => c.name.trim().toLowerCase());
	return ORIGINAL_COLUMNS.slice(0, 5).every((n) => names.includes(n));
}

/** A proposed mapping for a counter table, with what is missing in words. */
export function proposeCounterMapping(table: Table): CounterProposal {
	const cols = table.columns;
	const notes: string[] = [];
	const missing: string[] = [];
	const taken = new Set<string>();
	const fileStem = stem(baseName(table.path)) || 'store';

	if (isOriginalTable(table)) {
		const byName = (n: string) => cols.find((c) => c.name.trim().toLowerCase() === n)!.name;
		const dateCol = column(table, byName('date'))!;
		const format = dateCol.kind === 'text' ? timeFormatOf(dateCol) : { format: 'iso', notes: [] };
		const mapping: LongCounterMapping = {
			shape: 'long',
			time: byName('date'),
			hour: byName('hour'),
			timeFormat: format.format as CounterTimeFormat,
			store: byName('shop'),
			storeName: fileStem,
			sensor: byName('sensor_id'),
			sensorName: 'sensor',
			count: byName('count')
		};
		return {
			mapping,
			complete: true,
			missing,
			notes: ["the original's columns date, hour, shop, sensor_id, count", ...format.notes]
		};
	}

	// time: an ISO column, a text column of dates, or epoch numbers named like time
	const timeCol =
		cols.find((c) => c.kind === 'time' && score(c.name, TIME_WORDS) > 0) ??
		cols.find((c) => c.kind === 'time') ??
		cols.find((c) => c.kind === 'text' && score(c.name, TIME_WORDS) > 0 && isTextTime(c)) ??
		cols.find((c) => c.kind === 'text' && isTextTime(c)) ??
		cols.find(isEpoch) ??
		null;
	let timeFormat: CounterTimeFormat = 'iso';
	let hour: string | null = null;
	if (timeCol) {
		taken.add(timeCol.name);
		const f = timeFormatOf(timeCol);
		timeFormat = f.format;
		notes.push(...f.notes);
		if (timeCol.kind !== 'number' && datesOnly(timeCol)) {
			hour = best(cols, HOUR_WORDS, isHourColumn, taken);
			if (hour) {
				taken.add(hour);
				notes.push(`dates in '${timeCol.name}', hours of the day in '${hour}'`);
			} else notes.push(`column '${timeCol.name}' holds dates only: one reading per day`);
		}
	} else missing.push('a time column (ISO times, MM/DD/YYYY dates, or a date and an hour)');
	const time = timeCol?.name ?? null;

	const store = best(cols, STORE_WORDS, isLabelColumn, taken);
	if (store) taken.add(store);
	const sensor = best(cols, SENSOR_WORDS, isLabelColumn, taken);
	const count = best(
		cols,
		COUNT_WORDS,
		(c) => c.kind === 'number' && c.name !== sensor,
		new Set([...taken])
	);
	const numeric = cols.filter(
		(c) =>
			c.kind === 'number' &&
			!taken.has(c.name) &&
			c.name !== sensor &&
			!NOT_SENSOR_WORDS.some((w) => words(c.name).includes(w))
	);

	if ((sensor && count) || (count && numeric.length === 1)) {
		if (sensor) taken.add(sensor);
		if (count) taken.add(count);
		const sensorName = sensor ? 'sensor' : count!;
		if (!sensor) notes.push(`no sensor column: every reading is the one sensor '${sensorName}'`);
		if (!store) notes.push(`no store column: every reading belongs to '${fileStem}'`);
		const unused = cols.filter((c) => !taken.has(c.name)).map((c) => c.name);
		if (unused.length) notes.push(`columns not used: ${unused.join(', ')}`);
		const mapping: LongCounterMapping = {
			shape: 'long',
			time,
			hour,
			timeFormat,
			store,
			storeName: fileStem,
			sensor,
			sensorName,
			count
		};
		return { mapping, complete: missing.length === 0, missing, notes };
	}

	// wide: one numeric column per sensor, a total of the others left out
	let sensors = numeric.map((c) => c.name);
	const total = findTotalColumn(table, sensors);
	if (total) {
		sensors = sensors.filter((s) => s !== total.name);
		notes.push(
			`column '${total.name}' is the sum of ${sensors.map((s) => `'${s}'`).join(' and ')} in ${Math.round(total.share * 1000) / 10} % of ${total.rows} rows: left out (it would count every reading twice)`
		);
	}
	if (sensors.length === 0) {
		missing.push('a count column (beside a sensor column), or a numeric column per sensor');
	}
	const prefix = commonPrefix(sensors);
	const labels = sensors.map((s) => (prefix ? s.trim().slice(prefix.length).trim() : s));
	const storeName = store ? fileStem : prefix || fileStem;
	if (!store && sensors.length) {
		notes.push(
			prefix
				? `no store column: the store is '${prefix}', the words every sensor column starts with`
				: `no store column: every reading belongs to '${fileStem}'`
		);
	}
	const mapping: WideCounterMapping = {
		shape: 'wide',
		time,
		hour,
		timeFormat,
		store,
		storeName,
		sensors,
		labels,
		total: total?.name ?? null
	};
	return { mapping, complete: missing.length === 0, missing, notes };
}

/** Why `mapping` cannot be applied to `table` (columns that are not there...), or []. */
export function mappingProblems(table: Table, mapping: CounterMapping): string[] {
	const out: string[] = [];
	const need = (role: string, name: string | null, optional = false) => {
		if (name === null) {
			if (!optional) out.push(`no ${role} column is chosen`);
			return;
		}
		if (!column(table, name)) out.push(`the ${role} column '${name}' is not in the file`);
	};
	need('time', mapping.time);
	need('hour', mapping.hour, true);
	need('store', mapping.store, true);
	if (mapping.shape === 'long') {
		need('sensor', mapping.sensor, true);
		need('count', mapping.count);
		const c = column(table, mapping.count);
		if (c && c.kind !== 'number') out.push(`the count column '${c.name}' does not hold numbers`);
	} else {
		if (mapping.sensors.length === 0) out.push('no sensor column is chosen');
		if (mapping.labels.length !== mapping.sensors.length)
			out.push('the sensor labels do not match the sensor columns');
		for (const s of mapping.sensors) {
			const c = column(table, s);
			if (!c) out.push(`the sensor column '${s}' is not in the file`);
			else if (c.kind !== 'number') out.push(`the sensor column '${s}' does not hold numbers`);
		}
	}
	return out;
}
