/**
 * Every file's readings into one hourly table. Readings are ordered by sensor, wall time,
 * offset and file order (sorted only when they are not already). Then, per sensor:
 *
 * 1. Readings of the same sensor and time (and offset): an exact copy is a duplicate
 *    (dropped, counted); two different counts on the repeated hour of an autumn clock
 *    change (no offsets) are the two hours of a 25-hour day (summed); other different
 *    counts are a conflict: a count beats a failure code, else the later reading wins.
 * 2. The readings of one wall-clock hour are summed into it (sub-hourly readings, the
 *    repeated hour of a 25-hour day); any -1 makes the hour -1, all -2 make it -2.
 * 3. Hours absent between the store's first and last hour in a file are missing, except
 *    the skipped hour of a spring clock change and hours of the week at which the file
 *    has no reading at all (a counter that is off at night).
 *
 * Days on which the clocks changed are recognised from the UTC offsets when the times
 * carry them, else from the European and North American calendars (`times.ts`).
 */
import type { ReadingColumns } from '../../domain/footfall';
import { displayName } from '../paths';
import { NO_OFFSET, type FileStats, type ReadingSink } from './rows';
import { dayText, dstChangeHours, MS_DAY, MS_HOUR, timeText } from './times';
import type { CounterStore } from './types';

const MS_MIN = 60_000;
const WEEKDAYS = [
	'Mondays',
	'Tuesdays',
	'Wednesdays',
	'Thursdays',
	'Fridays',
	'Saturdays',
	'Sundays'
];

export interface Merged {
	stores: CounterStore[];
	columns: ReadingColumns;
	start: string;
	end: string;
}

/** Hour of the week of an hour index: Monday 00:00 = 0 ... Sunday 23:00 = 167. */
export function hourOfWeek(hour: number): number {
	const day = Math.floor(hour / 24);
	return ((((day + 3) % 7) + 7) % 7) * 24 + (((hour % 24) + 24) % 24);
}

/** Compares labels with their digit runs as numbers: `door 2` < `door 10`, `2` < `10`. */
export function naturalCompare(a: string, b: string): number {
	const ra = a.match(/\d+|\D+/g) ?? [];
	const rb = b.match(/\d+|\D+/g) ?? [];
	for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
		const x = ra[i];
		const y = rb[i];
		if (x === y) continue;
		const dx = /^\d/.test(x);
		const dy = /^\d/.test(y);
		if (dx && dy) {
			const d = Number(x) - Number(y);
			if (d !== 0) return d;
			return x.length - y.length;
		}
		const lx = x.toLowerCase();
		const ly = y.toLowerCase();
		if (lx !== ly) return lx < ly ? -1 : 1;
		return x < y ? -1 : 1;
	}
	return ra.length - rb.length;
}

/** Which hours of the week count as missing when absent, per file. */
interface WeekMask {
	mask: Uint8Array;
	/** Hours set in `mask`. */
	sum: number;
}

function countMasked(a: number, b: number, m: WeekMask, skipped: Set<number>): number {
	if (b < a || m.sum === 0) return 0;
	let n = 0;
	const len = b - a + 1;
	const weeks = Math.floor(len / 168);
	n += weeks * m.sum;
	for (let h = a + weeks * 168; h <= b; h++) if (m.mask[hourOfWeek(h)]) n++;
	for (const s of skipped) if (s >= a && s <= b && m.mask[hourOfWeek(s)]) n--;
	return n;
}

function firstMasked(a: number, b: number, m: WeekMask, skipped: Set<number>): number | null {
	if (m.sum === 0) return null;
	for (let h = a; h <= b && h < a + 2 * 168 + skipped.size; h++) {
		if (m.mask[hourOfWeek(h)] && !skipped.has(h)) return h;
	}
	return null;
}

/** Hours of one sensor in one file. */
interface Track {
	file: number;
	sensor: number;
	first: number;
	last: number;
	/** Missing hours between `first` and `last`. */
	missing: number;
	firstMissing: number | null;
}

/** What the files say about clock changes: per file, hours that do not exist, and the masks. */
interface Calendar {
	skipped: Set<number>[];
	back: Set<number>;
	/**
	 * Per file, the wall times (ms) of an autumn change hour at which some sensor has two
	 * different readings: the file repeats that hour, so every sensor's two readings there
	 * are its two hours, even equal ones.
	 */
	repeated: Set<number>[];
	masks: WeekMask[];
}

/** Clock changes and reading patterns per file, from every reading (any order). */
function studyFiles(sink: ReadingSink, stats: FileStats[]): Calendar {
	const n = sink.length;
	const files = stats.length;
	let minWall = Infinity;
	let maxWall = -Infinity;
	for (let i = 0; i < n; i++) {
		const w = sink.wall[i];
		if (w < minWall) minWall = w;
		if (w > maxWall) maxWall = w;
	}
	const forward = new Set<number>();
	const back = new Set<number>();
	const near = new Set<number>();
	const y0 = new Date(minWall).getUTCFullYear();
	const y1 = new Date(maxWall).getUTCFullYear();
	for (let y = y0; y <= y1 && y - y0 < 200; y++) {
		const c = dstChangeHours(y);
		for (const h of c.forward) {
			forward.add(h);
			near
				.add(h - 1)
				.add(h)
				.add(h + 1);
		}
		for (const h of c.back) back.add(h);
	}
	const present = Array.from({ length: files }, () => new Set<number>());
	const week = Array.from({ length: files }, () => new Uint8Array(168));
	const first = new Float64Array(files).fill(Infinity);
	const last = new Float64Array(files).fill(-Infinity);
	const offsets = Array.from({ length: files }, () => new Map<number, Map<number, number>>());
	const atBack = new Map<
		string,
		{ file: number; wall: number; n: number; first: number; differs: boolean }
	>();
	for (let i = 0; i < n; i++) {
		const f = sink.file[i];
		const w = sink.wall[i];
		const h = Math.floor(w / MS_HOUR);
		week[f][hourOfWeek(h)] = 1;
		if (h < first[f]) first[f] = h;
		if (h > last[f]) last[f] = h;
		const off = sink.offset[i];
		if (off === NO_OFFSET) {
			if (near.has(h)) present[f].add(h);
			if (back.has(h)) {
				const key = `${f}:${sink.sensor[i]}:${w}`;
				const seen = atBack.get(key);
				if (!seen)
					atBack.set(key, { file: f, wall: w, n: 1, first: sink.count[i], differs: false });
				else {
					seen.n++;
					if (sink.count[i] !== seen.first) seen.differs = true;
				}
			}
			continue;
		}
		const day = Math.floor(w / MS_DAY);
		let byOff = offsets[f].get(day);
		if (!byOff) offsets[f].set(day, (byOff = new Map()));
		const utc = w - off * MS_MIN;
		const m = byOff.get(off);
		if (m === undefined || utc < m) byOff.set(off, utc);
	}
	const skipped = Array.from({ length: files }, () => new Set<number>());
	const masks: WeekMask[] = [];
	for (let f = 0; f < files; f++) {
		const st = stats[f];
		for (const h of forward) {
			if (!present[f].has(h) && present[f].has(h - 1) && present[f].has(h + 1)) {
				skipped[f].add(h);
				st.dst.set(dayText(h * MS_HOUR), { hours: 23, hour: h % 24, by: 'calendar' });
			}
		}
		for (const [day, byOff] of offsets[f]) {
			if (byOff.size < 2) continue;
			const entries = [...byOff.entries()].sort((a, b) => a[1] - b[1]);
			const [earlyOff] = entries[0];
			const [lateOff, lateUtc] = entries[entries.length - 1];
			const delta = lateOff - earlyOff;
			const w1 = lateUtc + lateOff * MS_MIN;
			const text = dayText(day * MS_DAY);
			if (delta > 0) {
				const h0 = Math.floor((w1 - delta * MS_MIN) / MS_HOUR);
				for (let k = 0; k < Math.ceil(delta / 60); k++) skipped[f].add(h0 + k);
				st.dst.set(text, { hours: 23, hour: ((h0 % 24) + 24) % 24, by: 'offsets' });
			} else if (delta < 0) {
				const h = Math.floor(w1 / MS_HOUR);
				st.dst.set(text, { hours: 25, hour: ((h % 24) + 24) % 24, by: 'offsets' });
			}
		}
		masks.push(weekMask(week[f], first[f], last[f], st));
	}
	const repeated = Array.from({ length: files }, () => new Set<number>());
	for (const x of atBack.values()) if (x.n === 2 && x.differs) repeated[x.file].add(x.wall);
	return { skipped, back, repeated, masks };
}

/**
 * Hours of the week that count as missing when absent: all of them, except those at which
 * the file has no reading at all, seen at least three times: hours of the week over three
 * weeks or more, hours of the day over three days or more. A shorter file counts them all.
 */
function weekMask(seen: Uint8Array, first: number, last: number, st: FileStats): WeekMask {
	const mask = new Uint8Array(168);
	if (!Number.isFinite(first)) return { mask, sum: 0 };
	const span = last - first + 1;
	if (span >= 21 * 24) mask.set(seen);
	else if (span < 3 * 24) mask.fill(1);
	else {
		for (let h = 0; h < 168; h++) {
			let any = 0;
			for (let d = 0; d < 7; d++) any |= seen[d * 24 + (h % 24)];
			mask[h] = any;
		}
	}
	let sum = 0;
	for (let h = 0; h < 168; h++) sum += mask[h];
	if (sum < 168 && span > 24) {
		const hours: number[] = [];
		for (let h = 0; h < 24; h++) {
			let any = 0;
			for (let d = 0; d < 7; d++) any |= mask[d * 24 + h];
			if (!any) hours.push(h);
		}
		const days: string[] = [];
		for (let d = 0; d < 7; d++) {
			let any = 0;
			for (let h = 0; h < 24; h++) any |= mask[d * 24 + h];
			if (!any) days.push(WEEKDAYS[d]);
		}
		const parts: string[] = [];
		if (hours.length) parts.push(`at ${hourRanges(hours)}`);
		if (days.length) parts.push(`on ${days.join(', ')}`);
		const other = 168 - sum - hours.length * 7 - days.length * 24 + hours.length * days.length;
		if (other > 0) parts.push(`at ${other} ${parts.length ? 'other ' : ''}hours of the week`);
		st.notes.push(
			`no reading at all ${parts.join(', ')}: those hours are taken as not counted, not as missing`
		);
	}
	return { mask, sum };
}

/** `18:00-07:59` style ranges of hours of the day. */
function hourRanges(hours: number[]): string {
	const set = new Set(hours);
	const out: string[] = [];
	for (const h of hours) {
		if (set.has((h + 23) % 24) && hours.length < 24) continue; // not the start of a run
		let e = h;
		while (set.has((e + 1) % 24) && (e + 1) % 24 !== h) e = (e + 1) % 24;
		out.push(`${String(h).padStart(2, '0')}:00-${String(e).padStart(2, '0')}:59`);
	}
	return out.join(', ');
}

/**
 * Merges the readings of every file into hourly columns (see the module comment), filling
 * each file's duplicates, conflicts, failures, missing hours, clock changes and sub-hourly
 * counts. An error in words when the data is over a limit.
 */
export function mergeReadings(
	sink: ReadingSink,
	stats: FileStats[],
	maxHours: number
): Merged | { error: string } {
	const n = sink.length;
	const { sensor, wall, offset, count, file, row } = sink;
	const cmp = (a: number, b: number) =>
		sensor[a] - sensor[b] || wall[a] - wall[b] || offset[a] - offset[b] || a - b;
	const order = new Uint32Array(n);
	for (let i = 0; i < n; i++) order[i] = i;
	let sorted = true;
	for (let i = 1; i < n && sorted; i++) if (cmp(i - 1, i) > 0) sorted = false;
	if (!sorted) order.sort(cmp);

	const cal = studyFiles(sink, stats);
	const names = stats.map((s) => displayName(s.path));
	const labelOf = (s: number) =>
		`${sink.stores[sink.sensorStore[s]]} sensor ${sink.sensorLabel[s]}`;

	// output, ordered by sensor (first-appearance number) then hour
	let cap = Math.min(n, maxHours + 1);
	let outSensor = new Int32Array(cap);
	let outHour = new Int32Array(cap);
	let outCount = new Int32Array(cap);
	let m = 0;
	let tooMany = false;
	const emit = (s: number, h: number, c: number) => {
		if (m === cap) {
			cap = Math.min(cap * 2, maxHours + 1);
			const g = (a: Int32Array) => {
				const b = new Int32Array(cap);
				b.set(a);
				return b;
			};
			outSensor = g(outSensor);
			outHour = g(outHour);
			outCount = g(outCount);
		}
		outSensor[m] = s;
		outHour[m] = h;
		outCount[m] = c;
		m++;
		if (m > maxHours) tooMany = true;
	};

	const slotsPerHour = stats.map(
		() => new Map<number, { hours: number; sensor: number; hour: number }>()
	);
	// the hour being summed
	let hSensor = -1;
	let hHour = 0;
	let hFailed = false;
	let hAllClosed = true;
	let hSum = 0;
	let hMinute = 0;
	let hMinutes = 1;
	const hFiles: number[] = []; // reused: one array per hour would keep the collector busy
	const flushHour = () => {
		if (hSensor < 0) return;
		let value = hFailed ? -1 : hAllClosed ? -2 : hSum;
		if (value > 2147483647) {
			stats[hFiles[0]].problems.push(
				`${names[hFiles[0]]}: ${labelOf(hSensor)} at ${timeText(hHour * MS_HOUR)}: the hour's sum is too large for a count; kept as 2147483647`
			);
			value = 2147483647;
		}
		emit(hSensor, hHour, value);
		stats[hFiles[0]].hours++;
		if (hMinutes > 1) for (const f of hFiles) stats[f].subHourly++;
		// how many readings the hours of each file hold, with an example of each number
		const perHour = slotsPerHour[hFiles[0]];
		const seen = perHour.get(hMinutes);
		if (seen) seen.hours++;
		else perHour.set(hMinutes, { hours: 1, sensor: hSensor, hour: hHour });
		hSensor = -1;
	};
	const addToHour = (s: number, w: number, c: number, f: number) => {
		const h = Math.floor(w / MS_HOUR);
		const minute = Math.floor(w / MS_MIN);
		if (s !== hSensor || h !== hHour) {
			flushHour();
			hSensor = s;
			hHour = h;
			hFailed = false;
			hAllClosed = true;
			hSum = 0;
			hMinute = minute;
			hMinutes = 1;
			hFiles.length = 0;
		} else if (minute !== hMinute) hMinutes++;
		hFiles.push(f);
		if (c === -1) hFailed = true;
		if (c !== -2) hAllClosed = false;
		if (c >= 0) hSum += c;
	};
	const keep = (i: number) => {
		const st = stats[file[i]];
		st.readingsKept++;
		st.keptRow[row[i]] = 1;
		if (count[i] === -1) st.failed++;
		else if (count[i] === -2) st.closed++;
		addToHour(sensor[i], wall[i], count[i], file[i]);
	};

	// per (file, sensor) hours, for the missing ones
	const tracks: Track[] = [];
	let current = new Map<number, Track>();
	let trackSensor = -1;
	const see = (i: number) => {
		const s = sensor[i];
		if (s !== trackSensor) {
			current = new Map();
			trackSensor = s;
		}
		const f = file[i];
		const h = Math.floor(wall[i] / MS_HOUR);
		let t = current.get(f);
		if (!t) {
			t = { file: f, sensor: s, first: h, last: h, missing: 0, firstMissing: null };
			current.set(f, t);
			tracks.push(t);
			return;
		}
		if (h > t.last + 1) {
			const gap = countMasked(t.last + 1, h - 1, cal.masks[f], cal.skipped[f]);
			if (gap > 0) {
				t.missing += gap;
				t.firstMissing ??= firstMasked(t.last + 1, h - 1, cal.masks[f], cal.skipped[f]);
			}
		}
		if (h > t.last) t.last = h;
	};

	const distinct: number[] = [];
	for (let a = 0; a < n && !tooMany;) {
		const i0 = order[a];
		let b = a + 1;
		while (
			b < n &&
			sensor[order[b]] === sensor[i0] &&
			wall[order[b]] === wall[i0] &&
			offset[order[b]] === offset[i0]
		) {
			b++;
		}
		for (let k = a; k < b; k++) see(order[k]);
		if (b - a === 1) {
			keep(i0);
			a = b;
			continue;
		}
		// several readings of one sensor at one time: a repeated hour, duplicates, a conflict
		const h = Math.floor(wall[i0] / MS_HOUR);
		if (
			b - a === 2 &&
			offset[i0] === NO_OFFSET &&
			file[order[a + 1]] === file[i0] &&
			cal.repeated[file[i0]].has(wall[i0])
		) {
			stats[file[i0]].dst.set(dayText(wall[i0]), { hours: 25, hour: h % 24, by: 'calendar' });
			keep(i0);
			keep(order[a + 1]);
			a = b;
			continue;
		}
		distinct.length = 0;
		for (let k = a; k < b; k++) {
			const i = order[k];
			if (distinct.some((d) => count[d] === count[i])) stats[file[i]].duplicates++;
			else distinct.push(i);
		}
		if (distinct.length === 1) keep(distinct[0]);
		else if (distinct.length === 2 && offset[i0] === NO_OFFSET && cal.back.has(h)) {
			stats[file[distinct[0]]].dst.set(dayText(wall[i0]), {
				hours: 25,
				hour: h % 24,
				by: 'calendar'
			});
			keep(distinct[0]);
			keep(distinct[1]);
		} else {
			let winner = distinct[distinct.length - 1];
			for (const d of distinct) if (count[d] >= 0) winner = d;
			const st = stats[file[winner]];
			st.conflicts++;
			const reads = distinct
				.map((d) => {
					const where = file[d] === file[winner] ? '' : ` of ${names[file[d]]}`;
					return `data row ${row[d] + 1}${where} reads ${count[d]}`;
				})
				.join(', ');
			const why =
				count[winner] >= 0 && distinct.some((d) => count[d] < 0)
					? 'a count beats a failure code'
					: 'the later reading wins';
			st.log.add(
				'conflict',
				`${names[file[winner]]}: ${labelOf(sensor[i0])} at ${timeText(wall[i0])}: ${reads}; kept ${count[winner]} (${why})`,
				(k) => `${names[file[winner]]}: ${k} more sensor-times with conflicting readings`
			);
			keep(winner);
		}
		a = b;
	}
	flushHour();
	shortHours(slotsPerHour, stats, names, labelOf);
	if (tooMany) {
		return {
			error: `the files hold more than ${maxHours.toLocaleString('en-US')} sensor-hours, the most this page loads: load fewer files or a shorter period`
		};
	}

	// missing hours: each (file, sensor) against its store's first and last hour in that file
	const span = new Map<string, { first: number; last: number }>();
	for (const t of tracks) {
		const key = `${t.file}:${sink.sensorStore[t.sensor]}`;
		const s = span.get(key);
		if (!s) span.set(key, { first: t.first, last: t.last });
		else {
			s.first = Math.min(s.first, t.first);
			s.last = Math.max(s.last, t.last);
		}
	}
	for (const t of tracks) {
		const s = span.get(`${t.file}:${sink.sensorStore[t.sensor]}`)!;
		const mask = cal.masks[t.file];
		const skipped = cal.skipped[t.file];
		const before = countMasked(s.first, t.first - 1, mask, skipped);
		const after = countMasked(t.last + 1, s.last, mask, skipped);
		const missing = before + t.missing + after;
		if (missing === 0) continue;
		const firstMissing =
			(before ? firstMasked(s.first, t.first - 1, mask, skipped) : null) ??
			t.firstMissing ??
			firstMasked(t.last + 1, s.last, mask, skipped);
		const st = stats[t.file];
		st.missingHours += missing;
		st.log.add(
			'missing',
			`${names[t.file]}: ${labelOf(t.sensor)}: ${missing} hour${missing === 1 ? '' : 's'} missing${firstMissing === null ? '' : `, the first at ${timeText(firstMissing * MS_HOUR)}`}`,
			(k) => `${names[t.file]}: ${k} more sensors with missing hours`
		);
	}
	return assemble(sink, outSensor, outHour, outCount, m);
}

/**
 * Sub-hourly files: hours holding fewer readings than the file's usual number (3 quarters
 * of 4) have short sums; said once per file with an example.
 */
function shortHours(
	slotsPerHour: Map<number, { hours: number; sensor: number; hour: number }>[],
	stats: FileStats[],
	names: string[],
	labelOf: (sensor: number) => string
) {
	slotsPerHour.forEach((perHour, f) => {
		let usual = 1;
		let top = 0;
		for (const [k, v] of perHour) {
			if (v.hours > top) {
				top = v.hours;
				usual = k;
			}
		}
		if (usual < 2) return;
		let short = 0;
		let example: { k: number; sensor: number; hour: number } | null = null;
		for (const [k, v] of perHour) {
			if (k >= usual) continue;
			short += v.hours;
			if (!example || k < example.k) example = { k, sensor: v.sensor, hour: v.hour };
		}
		if (!example) return;
		stats[f].problems.push(
			`${names[f]}: ${short} sensor-hour${short === 1 ? ' holds' : 's hold'} fewer readings than the usual ${usual} an hour, so their sums are short (e.g. ${labelOf(example.sensor)} at ${timeText(example.hour * MS_HOUR)}: ${example.k})`
		);
	});
}

/** The hourly rows in the data's order (store, sensor by label, hour) with the stores. */
function assemble(
	sink: ReadingSink,
	outSensor: Int32Array,
	outHour: Int32Array,
	outCount: Int32Array,
	m: number
): Merged | { error: string } {
	const segStart = new Int32Array(sink.sensorLabel.length).fill(-1);
	const segEnd = new Int32Array(sink.sensorLabel.length);
	for (let k = 0; k < m; k++) {
		const s = outSensor[k];
		if (segStart[s] < 0) segStart[s] = k;
		segEnd[s] = k + 1;
	}
	// stores in order of first appearance, each with its sensors that have a reading
	const perStore: number[][] = sink.stores.map(() => []);
	for (let s = 0; s < sink.sensorLabel.length; s++) {
		if (segStart[s] >= 0) perStore[sink.sensorStore[s]].push(s);
	}
	const kept = perStore
		.map((sensors, st) => ({ name: sink.stores[st], sensors }))
		.filter((x) => x.sensors.length > 0);
	if (kept.length > 256) {
		return { error: `the files name ${kept.length} stores; at most 256 can be loaded at once` };
	}
	for (const st of kept) {
		st.sensors.sort((a, b) => naturalCompare(sink.sensorLabel[a], sink.sensorLabel[b]));
		if (st.sensors.length > 65536) {
			return {
				error: `store '${st.name}' has ${st.sensors.length} sensors; at most 65,536 can be loaded`
			};
		}
	}
	const columns: ReadingColumns = {
		length: m,
		store: new Uint8Array(m),
		sensor: new Uint16Array(m),
		hour: new Int32Array(m),
		count: new Int32Array(m),
		truth: new Uint8Array(m)
	};
	const stores: CounterStore[] = [];
	let minHour = Infinity;
	let maxHour = -Infinity;
	let o = 0;
	kept.forEach((store, st) => {
		let opened = Infinity;
		store.sensors.forEach((s, idx) => {
			const from = segStart[s];
			const to = segEnd[s];
			columns.store.fill(st, o, o + to - from);
			columns.sensor.fill(idx, o, o + to - from);
			columns.hour.set(outHour.subarray(from, to), o);
			columns.count.set(outCount.subarray(from, to), o);
			o += to - from;
			opened = Math.min(opened, outHour[from]);
			maxHour = Math.max(maxHour, outHour[to - 1]);
		});
		minHour = Math.min(minHour, opened);
		stores.push({
			name: store.name,
			sensors: store.sensors.map((s) => sink.sensorLabel[s]),
			opened: timeText(opened * MS_HOUR).replace(' ', 'T')
		});
	});
	return {
		stores,
		columns,
		start: dayText(minHour * MS_HOUR),
		end: dayText(maxHour * MS_HOUR)
	};
}
