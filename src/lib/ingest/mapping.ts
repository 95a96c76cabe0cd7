/**
 * Tables to device-days through a column mapping the person can correct:
 * `proposeMapping` guesses from names and values, `applyMapping` builds the device-days.
 * Long tables hold one sample per row (device, timestamp, signal, value); wide ones a
 * column per signal. Times are split into UTC days; each (device, day, signal) gets its
 * rate from the median step and its gaps counted.
 */
import { byDayDevice } from './order';
import { baseName, displayName, stem, utcDay } from './paths';
import {
	assembleDeviceDay,
	formatHz,
	formatSeconds,
	rateMatches,
	stepStats,
	TARGET_HZ,
	TARGET_LABEL,
	type TimedSeries
} from './series';
import { column } from './table';
import { detectEpochUnit, MS_PER, sampleMedian } from './timestamps';
import type {
	FileSummary,
	IngestedDeviceDay,
	MappingProposal,
	Table,
	TableColumn,
	TableIngest,
	TableMapping,
	TargetSignal,
	TemperatureUnit,
	TimeUnit
} from './types';

/** Lower case, runs of other characters as `_`, split into words. */
function words(name: string): string[] {
	return name
		.replace(/([a-z])([A-Z])/g, '$1_$2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
}

/** Which kernel input a column or signal name suggests, if any. */
export function signalFromName(name: string): TargetSignal | null {
	const w = words(name);
	const joined = w.join('_');
	if (
		w.some((x) => ['wrist', 'onwrist', 'worn', 'wear', 'wearing', 'donned'].includes(x)) ||
		joined === 'on_body'
	) {
		return 'onWrist';
	}
	if (w.some((x) => x.startsWith('temp') || x === 'tmp' || x === 'celsius' || x === 'skintemp')) {
		return 'temperature';
	}
	if (
		w.some(
			(x) => x.startsWith('ppg') || ['bvp', 'green', 'pleth', 'photoplethysmogram'].includes(x)
		)
	) {
		return 'ppg';
	}
	return null;
}

const TIME_WORDS = [
	'timestamp',
	'time',
	'ts',
	'datetime',
	'date',
	'epoch',
	'unix',
	't',
	'utc',
	'when'
];
const DEVICE_WORDS = [
	'device',
	'deviceid',
	'dev',
	'serial',
	'sensor',
	'watch',
	'wearable',
	'participant',
	'subject',
	'id',
	'uid'
];
const SIGNAL_WORDS = [
	'signal',
	'channel',
	'metric',
	'type',
	'kind',
	'variable',
	'measure',
	'name',
	'stream',
	'modality',
	'key',
	'field',
	'quantity'
];
const VALUE_WORDS = [
	'value',
	'val',
	'reading',
	'measurement',
	'v',
	'y',
	'amount',
	'data',
	'sample',
	'raw'
];

function score(name: string, vocabulary: string[]): number {
	const w = words(name);
	if (w.length === 0) return 0;
	if (vocabulary.includes(w.join(''))) return 3;
	if (vocabulary.includes(w[0]) && w.length === 1) return 3;
	if (w.some((x) => vocabulary.includes(x))) return 2;
	return 0;
}

function best(
	columns: TableColumn[],
	vocabulary: string[],
	accept: (c: TableColumn) => boolean,
	taken: Set<string>
): string | null {
	let pick: string | null = null;
	let top = 0;
	for (const c of columns) {
		if (taken.has(c.name) || !accept(c)) continue;
		const s = score(c.name, vocabulary);
		if (s > top) {
			top = s;
			pick = c.name;
		}
	}
	return pick;
}

/** Numbers that look like epoch times and mostly rise: a timestamp without a telling name. */
function looksLikeEpoch(c: TableColumn): boolean {
	if (c.kind !== 'number') return false;
	const m = sampleMedian(c.values);
	return m >= 9.46e8 && m < 1e19;
}

function isNumeric(c: TableColumn): boolean {
	return c.kind === 'number';
}

/** The temperature unit suggested by values: a median under 100 is degrees, else cents. */
export function temperatureUnitOf(values: ArrayLike<number>): TemperatureUnit {
	const m = Math.abs(sampleMedian(values));
	return Number.isFinite(m) && m < 100 ? 'celsius' : 'cents';
}

/** A proposed mapping for `table`, with what is missing in words. */
export function proposeMapping(table: Table): MappingProposal {
	const cols = table.columns;
	const taken = new Set<string>();
	const notes: string[] = [];
	const missing: string[] = [];
	const deviceName = stem(baseName(table.path)) || 'device';
	let timestamp =
		cols.find((c) => c.kind === 'time' && score(c.name, TIME_WORDS) > 0)?.name ??
		cols.find((c) => c.kind === 'time')?.name ??
		best(cols, TIME_WORDS, isNumeric, taken);
	if (!timestamp) {
		timestamp = cols.find(looksLikeEpoch)?.name ?? null;
		if (timestamp) notes.push(`column '${timestamp}' holds epoch-like numbers: taken as the time`);
	}
	if (timestamp) taken.add(timestamp);
	const timeCol = column(table, timestamp);
	const timeUnit: TimeUnit =
		timeCol?.kind === 'time'
			? 'iso'
			: timeCol?.kind === 'number'
				? detectEpochUnit(timeCol.values)
				: 's';
	if (timeCol?.kind === 'number') {
		const m = sampleMedian(timeCol.values);
		notes.push(`times are epoch ${timeUnit === 's' ? 'seconds' : timeUnit} (median ${m})`);
		if (m < 9.46e8)
			notes.push(
				'times are small numbers: read as seconds since 1970-01-01 (correct the day if needed)'
			);
	}
	const device = best(
		cols,
		DEVICE_WORDS,
		(c) => c.kind !== 'time' && signalFromName(c.name) === null,
		taken
	);
	if (device) taken.add(device);
	// long: a text column whose values name signals, and a numeric value column
	let signal = best(cols, SIGNAL_WORDS, (c) => c.kind === 'text', taken);
	if (!signal) {
		signal =
			cols.find(
				(c) =>
					!taken.has(c.name) && c.kind === 'text' && c.dict.some((v) => signalFromName(v) !== null)
			)?.name ?? null;
	}
	const signalCol = column(table, signal);
	const wideSignals: Partial<Record<TargetSignal, string>> = {};
	for (const c of cols) {
		if (taken.has(c.name) || c.name === signal || c.kind === 'time') continue;
		const t = signalFromName(c.name);
		if (t && !wideSignals[t]) wideSignals[t] = c.name;
	}
	const isLong =
		signalCol?.kind === 'text' &&
		signalCol.dict.some((v) => signalFromName(v) !== null) &&
		Object.keys(wideSignals).length === 0;
	if (isLong && signal) {
		taken.add(signal);
		const value =
			best(cols, VALUE_WORDS, isNumeric, taken) ??
			cols.find((c) => !taken.has(c.name) && isNumeric(c))?.name ??
			null;
		const signalValues: Record<string, TargetSignal | null> = {};
		for (const v of (signalCol as Extract<TableColumn, { kind: 'text' }>).dict) {
			signalValues[v] = signalFromName(v);
		}
		const tempNames = Object.keys(signalValues).filter((k) => signalValues[k] === 'temperature');
		const valueCol = column(table, value);
		let temperatureUnit: TemperatureUnit = 'cents';
		if (valueCol?.kind === 'number' && tempNames.length) {
			const codes = new Set(
				tempNames.map((n) => (signalCol!.kind === 'text' ? signalCol!.dict.indexOf(n) : -1))
			);
			const picked: number[] = [];
			const sc = signalCol as Extract<TableColumn, { kind: 'text' }>;
			for (let i = 0; i < table.rows && picked.length < 10000; i++) {
				if (codes.has(sc.codes[i])) picked.push(valueCol.values[i]);
			}
			temperatureUnit = temperatureUnitOf(picked);
		}
		if (!timestamp) missing.push('a timestamp column (ISO text or epoch numbers)');
		if (!value) missing.push('a numeric value column');
		const unused = Object.keys(signalValues).filter((k) => signalValues[k] === null);
		if (unused.length) notes.push(`signals not used by the detection: ${unused.join(', ')}`);
		if (!device) notes.push(`no device column: every row belongs to '${deviceName}'`);
		if (temperatureUnit === 'celsius' && tempNames.length)
			notes.push('temperature in °C: ×100 to cents');
		return {
			mapping: {
				shape: 'long',
				device,
				deviceName,
				timestamp,
				timeUnit,
				signal,
				value,
				signalValues,
				temperatureUnit
			},
			complete: missing.length === 0,
			missing,
			notes
		};
	}
	if (!timestamp) missing.push('a timestamp column (ISO text or epoch numbers)');
	if (Object.keys(wideSignals).length === 0) {
		missing.push(
			'a signal: a column named like temperature, ppg or on_wrist, or a signal column with a value column'
		);
	}
	const tempCol = column(table, wideSignals.temperature ?? null);
	const temperatureUnit = tempCol?.kind === 'number' ? temperatureUnitOf(tempCol.values) : 'cents';
	if (wideSignals.temperature && temperatureUnit === 'celsius')
		notes.push('temperature in °C: ×100 to cents');
	if (!device && Object.keys(wideSignals).length)
		notes.push(`no device column: every row belongs to '${deviceName}'`);
	const unused = cols
		.filter((c) => !taken.has(c.name) && !Object.values(wideSignals).includes(c.name))
		.map((c) => c.name);
	if (unused.length && Object.keys(wideSignals).length)
		notes.push(`columns not used: ${unused.join(', ')}`);
	return {
		mapping: {
			shape: 'wide',
			device,
			deviceName,
			timestamp,
			timeUnit,
			signals: wideSignals,
			temperatureUnit
		},
		complete: missing.length === 0,
		missing,
		notes
	};
}

/** Growable pair of columns for one (device, signal, day). */
class Bucket {
	times = new Float64Array(1024);
	values = new Float64Array(1024);
	n = 0;
	labels = new Set<string>();
	lastLabel = -1;
	constructor(
		readonly device: string,
		readonly target: TargetSignal,
		readonly day: string
	) {}
	push(t: number, v: number) {
		if (this.n === this.times.length) {
			const t2 = new Float64Array(this.n * 2);
			t2.set(this.times);
			this.times = t2;
			const v2 = new Float64Array(this.n * 2);
			v2.set(this.values);
			this.values = v2;
		}
		this.times[this.n] = t;
		this.values[this.n] = v;
		this.n++;
	}
}

const TARGETS: TargetSignal[] = ['onWrist', 'temperature', 'ppg'];

/** Seconds of a time column's cell, NaN when missing. */
function timeReader(col: TableColumn, unit: TimeUnit): (i: number) => number {
	if (col.kind === 'text') return () => NaN;
	const v = col.values;
	if (col.kind === 'time') return (i) => v[i] / 1000;
	const perMs = unit === 'iso' ? MS_PER.s : MS_PER[unit];
	return (i) => (v[i] * perMs) / 1000;
}

/** A numeric reader for value columns; text columns of true/false/yes/no read as 1/0. */
function valueReader(col: TableColumn): (i: number) => number {
	if (col.kind !== 'text') {
		const v = col.values;
		return (i) => v[i];
	}
	const map = col.dict.map((d) => {
		const x = d.toLowerCase();
		if (['true', 'yes', 'y', 'on', 'worn'].includes(x)) return 1;
		if (['false', 'no', 'n', 'off', 'not worn'].includes(x)) return 0;
		const n = Number(x);
		return Number.isFinite(n) ? n : NaN;
	});
	return (i) => (col.codes[i] < 0 ? NaN : map[col.codes[i]]);
}

/**
 * Devices as small integer keys (text codes, or an index per distinct number) with their
 * names: the row loop compares numbers, never builds strings.
 */
function deviceKeys(
	col: TableColumn | undefined,
	fallback: string
): { key: (i: number) => number; names: string[] } {
	if (!col) return { key: () => 0, names: [fallback] };
	if (col.kind === 'text') return { key: (i) => col.codes[i], names: col.dict };
	const names: string[] = [];
	const index = new Map<number, number>();
	const v = col.values;
	return {
		key: (i) => {
			const x = v[i];
			if (Number.isNaN(x)) return -1;
			let k = index.get(x);
			if (k === undefined) {
				k = names.length;
				names.push(String(x));
				index.set(x, k);
			}
			return k;
		},
		names
	};
}

/** Builds the device-days of `table` under `mapping`. Problems name the file. */
export function applyMapping(table: Table, mapping: TableMapping): TableIngest {
	const name = displayName(table.path);
	const errors: { path: string; message: string }[] = [];
	const fail = (message: string): TableIngest => ({
		deviceDays: [],
		summaries: [],
		errors: [{ path: table.path, message: `${name}: ${message}` }]
	});
	const cols = table.columns.map((c) => c.name).join(', ');
	const timeCol = column(table, mapping.timestamp);
	if (!mapping.timestamp) return fail(`no timestamp column is mapped (columns: ${cols})`);
	if (!timeCol) return fail(`has no column '${mapping.timestamp}' (columns: ${cols})`);
	if (timeCol.kind === 'text') {
		return fail(
			`column '${timeCol.name}' is text, not ISO times or epoch numbers ('${timeCol.dict[0] ?? ''}')`
		);
	}
	const deviceCol = column(table, mapping.device);
	if (mapping.device && !deviceCol)
		return fail(`has no column '${mapping.device}' (columns: ${cols})`);
	const time = timeReader(timeCol, mapping.timeUnit);
	const devices = deviceKeys(deviceCol, mapping.deviceName || 'device');
	const scale: Record<TargetSignal, number> = {
		onWrist: 1,
		temperature: mapping.temperatureUnit === 'celsius' ? 100 : 1,
		ppg: 1
	};
	// the streams of the table: which target a row feeds (-1: none), its value, its label
	const streams: {
		target: (i: number) => number;
		value: (i: number) => number;
		label: (i: number) => number;
		labels: string[];
	}[] = [];
	if (mapping.shape === 'long') {
		const signalCol = column(table, mapping.signal);
		const valueCol = column(table, mapping.value);
		if (!mapping.signal || !signalCol) return fail(`no signal column is mapped (columns: ${cols})`);
		if (!mapping.value || !valueCol) return fail(`no value column is mapped (columns: ${cols})`);
		if (signalCol.kind !== 'text') {
			return fail(`signal column '${signalCol.name}' holds numbers, not signal names`);
		}
		const byCode = Int32Array.from(signalCol.dict, (d) => {
			const t = mapping.signalValues[d];
			return t ? TARGETS.indexOf(t) : -1;
		});
		if (!byCode.some((t) => t >= 0)) {
			return fail(
				`no value of column '${signalCol.name}' is mapped to temperature, ppg or on-wrist (values: ${signalCol.dict.slice(0, 10).join(', ')})`
			);
		}
		const codes = signalCol.codes;
		streams.push({
			target: (i) => (codes[i] < 0 ? -1 : byCode[codes[i]]),
			value: valueReader(valueCol),
			label: (i) => codes[i],
			labels: signalCol.dict
		});
	} else {
		const entries = TARGETS.filter((t) => mapping.signals[t]);
		if (entries.length === 0) return fail(`no signal column is mapped (columns: ${cols})`);
		for (const t of entries) {
			const c = column(table, mapping.signals[t]!);
			if (!c) return fail(`has no column '${mapping.signals[t]}' (columns: ${cols})`);
			const ti = TARGETS.indexOf(t);
			streams.push({ target: () => ti, value: valueReader(c), label: () => 0, labels: [c.name] });
		}
	}
	// rows into buckets, keyed by (device, target, UTC day) as one number
	const buckets = new Map<number, Bucket>();
	let badTime = 0;
	let noDevice = 0;
	let lastKey = -1;
	let last: Bucket | null = null;
	const unusedRows = new Map<string, number>();
	const DAY_OFFSET = 1 << 20;
	for (const s of streams) {
		for (let i = 0; i < table.rows; i++) {
			const ti = s.target(i);
			if (ti < 0) {
				if (mapping.shape === 'long') {
					const code = s.label(i);
					const l = code < 0 ? '(empty)' : s.labels[code];
					unusedRows.set(l, (unusedRows.get(l) ?? 0) + 1);
				}
				continue;
			}
			const v = s.value(i);
			if (Number.isNaN(v)) continue; // no sample of this signal on this row
			const t = time(i);
			const dayIndex = Math.floor(t / 86400);
			if (!Number.isFinite(t) || dayIndex <= -DAY_OFFSET || dayIndex >= DAY_OFFSET) {
				badTime++;
				continue;
			}
			const dev = devices.key(i);
			if (dev < 0) {
				noDevice++;
				continue;
			}
			const key = (dev * 3 + ti) * 2 * DAY_OFFSET + dayIndex + DAY_OFFSET;
			if (key !== lastKey || !last) {
				let b = buckets.get(key);
				if (!b) {
					b = new Bucket(devices.names[dev], TARGETS[ti], utcDay(dayIndex * 86400000));
					buckets.set(key, b);
				}
				last = b;
				lastKey = key;
			}
			const code = s.label(i);
			if (code !== last.lastLabel) {
				last.lastLabel = code;
				last.labels.add(s.labels[code]);
			}
			last.push(t, v * scale[TARGETS[ti]]);
		}
	}
	const fileProblems = [...table.problems];
	for (const c of table.columns) {
		if (c.kind !== 'text' && c.bad > 0) {
			fileProblems.push(
				`column '${c.name}': ${c.bad} cells are not ${c.kind === 'time' ? 'times' : 'numbers'} (first at ${c.firstBad})`
			);
		}
	}
	if (badTime) fileProblems.push(`${badTime} rows without a readable time: skipped`);
	if (noDevice) fileProblems.push(`${noDevice} rows without a device: skipped`);
	const fileNotes: string[] = [];
	for (const [label, count] of unusedRows) {
		fileNotes.push(`signal '${label}' not used by the detection (${count} rows)`);
	}
	if (buckets.size === 0) {
		return {
			deviceDays: [],
			summaries: [],
			errors: [
				{
					path: table.path,
					message: `${name}: no samples under this mapping${fileProblems.length ? ` (${fileProblems.join('; ')})` : ''}`
				}
			]
		};
	}
	// per bucket: sort, rate, gaps; per device-day: assemble
	const summaries: FileSummary[] = [];
	const groups = new Map<
		string,
		{
			device: string;
			day: string;
			series: Partial<Record<TargetSignal, TimedSeries>>;
			summaries: FileSummary[];
		}
	>();
	for (const b of buckets.values()) {
		const problems: string[] = [];
		const notes: string[] = [];
		let times = b.times.subarray(0, b.n);
		let values = b.values.subarray(0, b.n);
		let unordered = 0;
		for (let i = 1; i < b.n; i++) if (times[i] < times[i - 1]) unordered++;
		if (unordered) {
			const order = Array.from({ length: b.n }, (_, i) => i).sort(
				(x, y) => times[x] - times[y] || x - y
			);
			times = Float64Array.from(order, (i) => b.times[i]);
			values = Float64Array.from(order, (i) => b.values[i]);
			problems.push(`${unordered} samples out of time order: sorted`);
		}
		const st = stepStats(times);
		const rate = Number.isFinite(st.rateHz) ? st.rateHz : TARGET_HZ[b.target];
		if (!Number.isFinite(st.rateHz))
			notes.push(`one sample: rate taken as ${TARGET_HZ[b.target]} Hz`);
		if (st.duplicates)
			problems.push(`${st.duplicates} repeated timestamps: the last sample of each is used`);
		if (st.gaps)
			problems.push(
				`${st.gaps} gap${st.gaps === 1 ? '' : 's'} (${formatSeconds(st.gapSeconds)} missing)`
			);
		if (Number.isFinite(st.rateHz) && !rateMatches(st.rateHz, TARGET_HZ[b.target])) {
			notes.push(
				`${formatHz(st.rateHz)}, resampled to ${TARGET_HZ[b.target]} Hz by sample-and-hold`
			);
		}
		if (b.target === 'temperature') {
			notes.push(
				mapping.temperatureUnit === 'celsius'
					? 'read as °C and stored in cents (×100, rounded)'
					: 'read as cents of a degree'
			);
		}
		let nonInteger = 0;
		for (let i = 0; i < values.length; i++) if (values[i] !== Math.round(values[i])) nonInteger++;
		if (nonInteger && b.target !== 'temperature')
			notes.push(`${nonInteger} values with decimals rounded`);
		const summary: FileSummary = {
			path: table.path,
			kind: 'table',
			device: b.device,
			day: b.day,
			signal: [...b.labels].join(', '),
			target: b.target,
			rateHz: st.rateHz,
			samples: b.n,
			durationS: b.n ? times[b.n - 1] - times[0] + 1 / rate : 0,
			startMs: times[0] * 1000,
			gaps: st.gaps,
			gapSeconds: st.gapSeconds,
			problems,
			notes
		};
		summaries.push(summary);
		const gk = `${b.device}\u0000${b.day}`;
		let g = groups.get(gk);
		if (!g) {
			g = { device: b.device, day: b.day, series: {}, summaries: [] };
			groups.set(gk, g);
		}
		g.series[b.target] = { start: times[0], rateHz: rate, times, values };
		g.summaries.push(summary);
	}
	const deviceDays: IngestedDeviceDay[] = [];
	for (const g of groups.values()) {
		const { record, origin, notes } = assembleDeviceDay(g.device, g.day, g.series);
		for (const t of ['temperature', 'ppg'] as const) {
			if (!g.series[t]) notes.push(`no ${TARGET_LABEL[t]} samples: ${TARGET_LABEL[t]} is empty`);
		}
		deviceDays.push({
			id: `table:${table.path}#${g.device}|${g.day}`,
			source: 'table',
			record,
			files: [table.path],
			startMs: origin * 1000,
			notes: [...notes, 'day is the UTC date of the samples']
		});
	}
	// problems of the whole file go on each of its summaries
	for (const s of summaries) {
		s.problems.unshift(...fileProblems);
		s.notes.unshift(...fileNotes);
	}
	deviceDays.sort(byDayDevice);
	return { deviceDays, summaries, errors };
}
