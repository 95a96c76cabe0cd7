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

/** Lower case, camelCase split, runs of other characters as separators: the words of a name. */
export function words(name: string): string[] {
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

/**
 * The name of the column not yet `taken` that `accept` allows and whose name scores
 * highest (above 0) against `vocabulary`, the first of equals; null when none does.
 * `rate` is the scoring rule (this file's `score` by default; the counter files have theirs).
 */
export function bestColumn(
	columns: TableColumn[],
	vocabulary: string[],
	accept: (c: TableColumn) => boolean,
	taken: Set<string>,
	rate: (name: string, vocabulary: string[]) => number = score
): string | null {
	let pick: string | null = null;
	let top = 0;
	for (const c of columns) {
		if (taken.has(c.name) || !accept(c)) continue;
		const s = rate(c.name, vocabulary);
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
		bestColumn(cols, TIME_WORDS, isNumeric, taken);
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
	const device = bestColumn(
		cols,
		DEVICE_WORDS,
		(c) => c.kind !== 'time' && signalFromName(c.name) === null,
		taken
	);
	if (device) taken.add(device);
	// long: a text column whose values name signals, and a numeric value column
	let signal = bestColumn(cols, SIGNAL_WORDS, (c) => c.kind === 'text', taken);
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
			bestColumn(cols, VALUE_WORDS, isNumeric, taken) ??
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

/**
 * Growable columns of one (device, signal, day): times in seconds and values already in
 * the kernel's units, rounded to integers as the kernel's arrays hold them (12 bytes a
 * sample). Values that had decimals are counted for the summary.
 */
class Bucket {
	times = new Float64Array(1024);
	values = new Int32Array(1024);
	n = 0;
	nonInteger = 0;
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
			const v2 = new Int32Array(this.n * 2);
			v2.set(this.values);
			this.values = v2;
		}
		const r = Math.round(v);
		if (r !== v) this.nonInteger++;
		this.times[this.n] = t;
		this.values[this.n] = r;
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
 * names: the row loop compares numbers, never builds strings. The index of numeric ids
 * persists from slice to slice.
 */
class DeviceKeys {
	readonly names: string[];
	readonly #index = new Map<number, number>();
	constructor(
		readonly kind: 'none' | 'text' | 'number',
		fallback: string,
		dict: string[] | null
	) {
		this.names = kind === 'none' ? [fallback] : kind === 'text' ? dict! : [];
	}
	reader(col: TableColumn | undefined): (i: number) => number {
		if (!col || this.kind === 'none') return () => 0;
		if (col.kind === 'text') return (i) => col.codes[i];
		const v = col.values;
		return (i) => {
			const x = v[i];
			if (Number.isNaN(x)) return -1;
			let k = this.#index.get(x);
			if (k === undefined) {
				k = this.names.length;
				this.names.push(String(x));
				this.#index.set(x, k);
			}
			return k;
		};
	}
}

/** Builds the device-days of `table` under `mapping`. Problems name the file. */
export function applyMapping(table: Table, mapping: TableMapping): TableIngest {
	const acc = new MappingAccumulator(table.path, table.columns, mapping);
	if (acc.error) return acc.failure();
	acc.add(table);
	return acc.finish(table.problems, table.columns);
}

/**
 * The kernel input a label of a long table's signal column feeds (-1: none). A label
 * the mapping was not made with (`late`: first met in a later slice) and does not name
 * feeds the input its name suggests.
 */
function labelTarget(mapping: TableMapping, label: string, late: boolean): number {
	const t =
		mapping.shape !== 'long'
			? null
			: late && !(label in mapping.signalValues)
				? signalFromName(label)
				: mapping.signalValues[label];
	return t ? TARGETS.indexOf(t) : -1;
}

/**
 * `applyMapping` in pieces, for a table read in slices: `add` puts each slice's rows into
 * per (device, signal, UTC day) buckets, `finish` turns the buckets into device-days and
 * summaries. A long table's signal labels not in `mapping.signalValues` (first met after
 * the slice the mapping was proposed from) feed the input their name suggests, as the
 * proposal would have mapped them.
 */
export class MappingAccumulator {
	/** Why the mapping cannot be applied to these columns (then `failure()`), or null. */
	readonly error: string | null = null;
	readonly #path: string;
	readonly #name: string;
	readonly #mapping: TableMapping;
	#devices: DeviceKeys | null = null;
	/** Target per signal label code, extended as the dictionary grows. */
	readonly #byCode: number[] = [];
	#signalName = '';
	#signalDict: string[] = [];
	/** Labels the signal column had when the mapping was given. */
	#knownLabels = 0;
	readonly #buckets = new Map<number, Bucket>();
	#badTime = 0;
	#noDevice = 0;
	readonly #unusedRows = new Map<string, number>();

	/** `columns`: the table's columns (a first slice's will do: names, kinds, dictionaries). */
	constructor(path: string, columns: readonly TableColumn[], mapping: TableMapping) {
		this.#path = path;
		this.#name = displayName(path);
		this.#mapping = mapping;
		const named = (n: string | null) =>
			n === null ? undefined : columns.find((c) => c.name === n);
		const cols = columns.map((c) => c.name).join(', ');
		const timeCol = named(mapping.timestamp);
		const deviceCol = named(mapping.device);
		if (!mapping.timestamp) this.error = `no timestamp column is mapped (columns: ${cols})`;
		else if (!timeCol) this.error = `has no column '${mapping.timestamp}' (columns: ${cols})`;
		else if (timeCol.kind === 'text') {
			this.error = `column '${timeCol.name}' is text, not ISO times or epoch numbers ('${timeCol.dict[0] ?? ''}')`;
		} else if (mapping.device && !deviceCol) {
			this.error = `has no column '${mapping.device}' (columns: ${cols})`;
		} else if (mapping.shape === 'long') {
			const signalCol = named(mapping.signal);
			const valueCol = named(mapping.value);
			if (!mapping.signal || !signalCol)
				this.error = `no signal column is mapped (columns: ${cols})`;
			else if (!mapping.value || !valueCol) {
				this.error = `no value column is mapped (columns: ${cols})`;
			} else if (signalCol.kind !== 'text') {
				this.error = `signal column '${signalCol.name}' holds numbers, not signal names`;
			} else {
				this.#signalName = signalCol.name;
				this.#signalDict = signalCol.dict;
				this.#knownLabels = signalCol.dict.length;
			}
		} else {
			const entries = TARGETS.filter((t) => mapping.signals[t]);
			if (entries.length === 0) this.error = `no signal column is mapped (columns: ${cols})`;
			const absent = entries.find((t) => !named(mapping.signals[t]!));
			if (!this.error && absent) {
				this.error = `has no column '${mapping.signals[absent]}' (columns: ${cols})`;
			}
		}
		if (!this.error) {
			this.#devices = new DeviceKeys(
				!deviceCol ? 'none' : deviceCol.kind === 'text' ? 'text' : 'number',
				mapping.deviceName || 'device',
				deviceCol?.kind === 'text' ? deviceCol.dict : null
			);
		}
	}

	/** The result when `error` is set: that error, naming the file. */
	failure(): TableIngest {
		return this.#fail(this.error ?? 'could not be mapped');
	}

	#fail(message: string): TableIngest {
		return {
			deviceDays: [],
			summaries: [],
			errors: [{ path: this.#path, message: `${this.#name}: ${message}` }]
		};
	}

	#target(code: number): number {
		const byCode = this.#byCode;
		while (byCode.length <= code) {
			const code = byCode.length;
			byCode.push(labelTarget(this.#mapping, this.#signalDict[code], code >= this.#knownLabels));
		}
		return byCode[code];
	}

	/** Puts the rows of one slice (or of the whole table) into their buckets. */
	add(chunk: { rows: number; columns: readonly TableColumn[] }): void {
		if (this.error) throw new Error(`MappingAccumulator: ${this.error}`);
		const mapping = this.#mapping;
		const named = (n: string | null) =>
			n === null ? undefined : chunk.columns.find((c) => c.name === n);
		const time = timeReader(named(mapping.timestamp)!, mapping.timeUnit);
		const devices = this.#devices!;
		const deviceKey = devices.reader(named(mapping.device));
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
			const signalCol = named(mapping.signal) as Extract<TableColumn, { kind: 'text' }>;
			const codes = signalCol.codes;
			streams.push({
				target: (i) => (codes[i] < 0 ? -1 : this.#target(codes[i])),
				value: valueReader(named(mapping.value)!),
				label: (i) => codes[i],
				labels: signalCol.dict
			});
		} else {
			for (const t of TARGETS.filter((x) => mapping.signals[x])) {
				const c = named(mapping.signals[t]!)!;
				const ti = TARGETS.indexOf(t);
				streams.push({ target: () => ti, value: valueReader(c), label: () => 0, labels: [c.name] });
			}
		}
		// rows into buckets, keyed by (device, target, UTC day) as one number
		const buckets = this.#buckets;
		const unusedRows = this.#unusedRows;
		let lastKey = -1;
		let last: Bucket | null = null;
		const DAY_OFFSET = 1 << 20;
		for (const s of streams) {
			for (let i = 0; i < chunk.rows; i++) {
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
					this.#badTime++;
					continue;
				}
				const dev = deviceKey(i);
				if (dev < 0) {
					this.#noDevice++;
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
	}

	/** Samples held so far (12 bytes each). */
	get samples(): number {
		let n = 0;
		for (const b of this.#buckets.values()) n += b.n;
		return n;
	}

	/**
	 * The device-days and summaries of every row added. `problems` and `columns` (for
	 * their bad-cell counts) are the whole table's, from the reader.
	 */
	finish(
		problems: readonly string[],
		columns: readonly {
			name: string;
			kind: TableColumn['kind'];
			bad?: number;
			firstBad?: string | null;
		}[]
	): TableIngest {
		if (this.error) return this.failure();
		const mapping = this.#mapping;
		const buckets = this.#buckets;
		const errors: { path: string; message: string }[] = [];
		if (
			mapping.shape === 'long' &&
			buckets.size === 0 &&
			!this.#signalDict.some((_, code) => this.#target(code) >= 0)
		) {
			return this.#fail(
				`no value of column '${this.#signalName}' is mapped to temperature, ppg or on-wrist (values: ${this.#signalDict.slice(0, 10).join(', ')})`
			);
		}
		const fileProblems = [...problems];
		for (const c of columns) {
			if (c.kind !== 'text' && c.bad) {
				fileProblems.push(
					`column '${c.name}': ${c.bad} cells are not ${c.kind === 'time' ? 'times' : 'numbers'} (first at ${c.firstBad})`
				);
			}
		}
		if (this.#badTime) fileProblems.push(`${this.#badTime} rows without a readable time: skipped`);
		if (this.#noDevice) fileProblems.push(`${this.#noDevice} rows without a device: skipped`);
		const fileNotes: string[] = [];
		for (const [label, count] of this.#unusedRows) {
			fileNotes.push(`signal '${label}' not used by the detection (${count} rows)`);
		}
		if (buckets.size === 0) {
			return this.#fail(
				`no samples under this mapping${fileProblems.length ? ` (${fileProblems.join('; ')})` : ''}`
			);
		}
		const path = this.#path;
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
				values = Int32Array.from(order, (i) => b.values[i]);
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
			if (b.nonInteger && b.target !== 'temperature')
				notes.push(`${b.nonInteger} values with decimals rounded`);
			const summary: FileSummary = {
				path,
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
		buckets.clear(); // the series hold what is left; each group's goes once it is placed
		const deviceDays: IngestedDeviceDay[] = [];
		for (const g of groups.values()) {
			const { record, origin, notes } = assembleDeviceDay(g.device, g.day, g.series);
			for (const t of ['temperature', 'ppg'] as const) {
				if (!g.series[t]) notes.push(`no ${TARGET_LABEL[t]} samples: ${TARGET_LABEL[t]} is empty`);
			}
			g.series = {};
			deviceDays.push({
				id: `table:${path}#${g.device}|${g.day}`,
				source: 'table',
				record,
				files: [path],
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
}
