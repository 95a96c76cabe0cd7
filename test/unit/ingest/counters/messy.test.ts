/**
 * Messy reality, generated in each test: unsorted rows, blank and NULL counts, duplicate
 * rows, conflicting readings, missing hours, clock changes with and without UTC offsets,
 * sub-hourly readings, negative codes, files that overlap.
 */
import { describe, expect, it } from 'vitest';
import { readCounters } from '../../../../src/lib/ingest/counters';
import { countAt, csv, hoursFrom, onlyReport, rowsOf, textFile } from './helpers';

const HEADER = 'time,store,sensor,count';

/** `hours` hourly rows of two sensors of store S from `from`: counts 10 + k (a) and 100 + k (b). */
function twoSensors(from: string, hours: number): (string | number)[][] {
	return hoursFrom(from, hours).flatMap((t, k) => [
		[t, 'S', 'a', 10 + k],
		[t, 'S', 'b', 100 + k]
	]);
}

/** A deterministic shuffle (a fixed permutation), so the test never depends on luck. */
function shuffle<T>(items: T[]): T[] {
	const out = [...items];
	let seed = 12345;
	for (let i = out.length - 1; i > 0; i--) {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		const j = seed % (i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

describe('rows in any order', () => {
	it('gives the same data for shuffled rows as for sorted ones', () => {
		const rows = twoSensors('2024-07-01T00:00', 48);
		const sorted = readCounters([textFile('s.csv', csv(HEADER, rows))]);
		const shuffled = readCounters([textFile('s.csv', csv(HEADER, shuffle(rows)))]);
		expect(rowsOf(shuffled.data!)).toEqual(rowsOf(sorted.data!));
		expect(onlyReport(shuffled).missingHours).toBe(0);
		expect(onlyReport(shuffled).rowsKept).toBe(96);
	});
});

describe('blank and NULL cells', () => {
	it('drops a reading with a blank or NULL count, counts it, and its hour is missing', () => {
		const rows = twoSensors('2024-07-01T00:00', 24);
		rows[4][3] = '';
		rows[6][3] = 'NULL';
		rows[8][2] = 'NULL'; // a NULL sensor drops the row too, as the original did
		const read = readCounters([textFile('s.csv', csv(HEADER, rows))]);
		const r = onlyReport(read);
		expect(r.nullCells).toBe(3);
		expect(r.rowsKept).toBe(45);
		expect(r.missingHours).toBe(3);
		expect(countAt(read.data!, 'S', 'a', '2024-07-01T02:00')).toBeUndefined();
		expect(r.problems).toContain(
			's.csv: S sensor a: 3 hours missing, the first at 2024-07-01 02:00'
		);
	});
});

describe('duplicates and conflicts', () => {
	it('drops exact duplicate rows and counts them', () => {
		const rows = twoSensors('2024-07-01T00:00', 5);
		const read = readCounters([
			textFile('s.csv', csv(HEADER, [...rows, rows[0], rows[3], rows[3]]))
		]);
		const r = onlyReport(read);
		expect(r.duplicates).toBe(3);
		expect(r.rowsRead).toBe(13);
		expect(r.rowsKept).toBe(10);
		expect(read.data!.columns.length).toBe(10);
		expect(countAt(read.data!, 'S', 'b', '2024-07-01T01:00')).toBe(101);
	});

	it('keeps the later reading of a conflict, a count over a failure code, and names the rows', () => {
		const rows: (string | number)[][] = [
			['2024-07-02T10:00', 'S', 'a', 50],
			['2024-07-02T11:00', 'S', 'a', -1],
			['2024-07-02T10:00', 'S', 'a', 55],
			['2024-07-02T11:00', 'S', 'a', 60],
			['2024-07-02T12:00', 'S', 'a', 70],
			['2024-07-02T12:00', 'S', 'a', -1]
		];
		const read = readCounters([textFile('s.csv', csv(HEADER, rows))]);
		const r = onlyReport(read);
		expect(r.conflicts).toBe(3);
		expect(rowsOf(read.data!).map((x) => x[3])).toEqual([55, 60, 70]);
		expect(r.problems).toContain(
			's.csv: S sensor a at 2024-07-02 10:00: data row 1 reads 50, data row 3 reads 55; kept 55 (the later reading wins)'
		);
		expect(r.problems).toContain(
			's.csv: S sensor a at 2024-07-02 12:00: data row 5 reads 70, data row 6 reads -1; kept 70 (a count beats a failure code)'
		);
		expect(r.failed).toBe(0);
	});

	it('counts the readings of a file that repeats another as duplicates of that file', () => {
		const text = csv(HEADER, twoSensors('2024-07-01T00:00', 6));
		const read = readCounters([textFile('one.csv', text), textFile('copy.csv', text)]);
		const [one, copy] = read.data!.files;
		expect(one.duplicates).toBe(0);
		expect(one.hours).toBe(12);
		expect(copy.duplicates).toBe(12);
		expect(copy.hours).toBe(0);
		expect(read.data!.columns.length).toBe(12);
	});

	it('merges files of consecutive months into one series', () => {
		const read = readCounters([
			textFile('july.csv', csv(HEADER, twoSensors('2024-07-31T20:00', 4))),
			textFile('august.csv', csv(HEADER, twoSensors('2024-08-01T00:00', 4)))
		]);
		expect(read.data!.columns.length).toBe(16);
		expect(read.data!.start).toBe('2024-07-31');
		expect(read.data!.end).toBe('2024-08-01');
		expect(read.data!.files.every((f) => f.missingHours === 0)).toBe(true);
	});
});

describe('missing hours', () => {
	it('counts hours absent between the store first and last hour, per sensor', () => {
		const rows = twoSensors('2024-07-01T00:00', 30).filter(
			(r) =>
				!(r[2] === 'a' && ['2024-07-01T05:00:00', '2024-07-01T06:00:00'].includes(r[0] as string))
		);
		// sensor b starts two hours late
		const late = rows.filter((r) => !(r[2] === 'b' && (r[0] as string) < '2024-07-01T02:00'));
		const r = onlyReport(readCounters([textFile('s.csv', csv(HEADER, late))]));
		expect(r.missingHours).toBe(4);
		expect(r.problems).toEqual([
			's.csv: S sensor a: 2 hours missing, the first at 2024-07-01 05:00',
			's.csv: S sensor b: 2 hours missing, the first at 2024-07-01 00:00'
		]);
	});

	it('does not count hours at which a long file never has a reading (a counter off at night)', () => {
		const rows = hoursFrom('2024-07-01T00:00', 24 * 7)
			.filter((t) => {
				const h = Number(t.slice(11, 13));
				return h >= 8 && h < 18;
			})
			.map((t, k) => [t, 'S', 'a', k]);
		const r = onlyReport(readCounters([textFile('s.csv', csv(HEADER, rows))]));
		expect(r.missingHours).toBe(0);
		expect(r.notes.join(' ')).toMatch(/no reading at all at 18:00-07:59/);
	});
});

describe('clock changes with UTC offsets', () => {
	/** Paris, 2024-03-31: 02:00 does not exist (01:59+01:00 is followed by 03:00+02:00). */
	it('recognises a 23-hour day and does not count the skipped hour as missing', () => {
		const rows: (string | number)[][] = [];
		for (let h = 0; h < 24; h++) {
			if (h === 2) continue;
			const off = h < 2 ? '+01:00' : '+02:00';
			rows.push([`2024-03-31T${String(h).padStart(2, '0')}:00:00${off}`, 'Paris', 'door', h]);
		}
		const read = readCounters([textFile('paris.csv', csv(HEADER, rows))]);
		const r = onlyReport(read);
		expect(r.dstDays).toEqual([{ day: '2024-03-31', hours: 23, hour: 2, by: 'offsets' }]);
		expect(r.missingHours).toBe(0);
		expect(read.data!.columns.length).toBe(23);
		expect(countAt(read.data!, 'Paris', 'door', '2024-03-31T03:00')).toBe(3);
	});

	/** Paris, 2024-10-27: 02:00+02:00 and then 02:00+01:00. */
	it('recognises a 25-hour day and sums the two readings of the repeated hour', () => {
		const rows: (string | number)[][] = [];
		for (let h = 0; h < 24; h++) {
			const hh = String(h).padStart(2, '0');
			if (h < 2) rows.push([`2024-10-27T${hh}:00:00+02:00`, 'Paris', 'door', 1]);
			else if (h === 2) {
				rows.push([`2024-10-27T02:00:00+02:00`, 'Paris', 'door', 7]);
				rows.push([`2024-10-27T02:00:00+01:00`, 'Paris', 'door', 5]);
			} else rows.push([`2024-10-27T${hh}:00:00+01:00`, 'Paris', 'door', 1]);
		}
		const read = readCounters([textFile('paris.csv', csv(HEADER, rows))]);
		const r = onlyReport(read);
		expect(r.dstDays).toEqual([{ day: '2024-10-27', hours: 25, hour: 2, by: 'offsets' }]);
		expect(countAt(read.data!, 'Paris', 'door', '2024-10-27T02:00')).toBe(12);
		expect(read.data!.columns.length).toBe(24);
		expect(r.conflicts).toBe(0);
		expect(r.duplicates).toBe(0);
		expect(r.readingsKept).toBe(25);
	});
});

describe('clock changes with UTC offsets in JSON and quoted CSV', () => {
	const times = [
		['2024-10-27T01:00:00+02:00', 3],
		['2024-10-27T02:00:00+02:00', 4],
		['2024-10-27T02:00:00+01:00', 5],
		['2024-10-27T03:00:00+01:00', 6]
	] as const;

	it('reads the offsets of NDJSON records', () => {
		const text = times
			.map(([t, c]) => JSON.stringify({ time: t, sensor: 'door', count: c }))
			.join('\n');
		const read = readCounters([textFile('p.ndjson', text)]);
		expect(onlyReport(read).dstDays).toEqual([
			{ day: '2024-10-27', hours: 25, hour: 2, by: 'offsets' }
		]);
		expect(rowsOf(read.data!).map((r) => r[3])).toEqual([3, 9, 6]);
	});

	it('reads the offsets of quoted CSV cells', () => {
		const text = csv(
			'"time";"sensor";"count"',
			times.map(([t, c]) => [`"${t}";"door";${c}`])
		);
		const read = readCounters([textFile('p.csv', text)]);
		expect(onlyReport(read).dstDays).toEqual([
			{ day: '2024-10-27', hours: 25, hour: 2, by: 'offsets' }
		]);
		expect(rowsOf(read.data!).map((r) => r[3])).toEqual([3, 9, 6]);
	});
});

describe('clock changes without offsets (the calendar)', () => {
	/** Fremont-style: US fall-back Sunday 2024-11-03, 01:00 AM listed twice. */
	it('sums two different readings of the repeated hour on an autumn change Sunday', () => {
		const rows = hoursFrom('2024-11-03T00:00', 4).map((t, k) => [t, 'B', 'east', 10 * (k + 1)]);
		rows.splice(2, 0, ['2024-11-03T01:00:00', 'B', 'east', 5]);
		const read = readCounters([textFile('bridge.csv', csv(HEADER, rows))]);
		const r = onlyReport(read);
		expect(r.dstDays).toEqual([{ day: '2024-11-03', hours: 25, hour: 1, by: 'calendar' }]);
		expect(countAt(read.data!, 'B', 'east', '2024-11-03T01:00')).toBe(25);
		expect(r.conflicts).toBe(0);
	});

	it('sums a wide table row repeated at 01:00 AM, even a sensor whose two readings are equal', () => {
		const header =
			'Date,Fremont Bridge Total,Fremont Bridge East Sidewalk,Fremont Bridge West Sidewalk';
		const rows = [
			['11/04/2012 12:00:00 AM', 5, 2, 3],
			['11/04/2012 01:00:00 AM', 7, 3, 4],
			['11/04/2012 01:00:00 AM', 9, 3, 6],
			['11/04/2012 02:00:00 AM', 1, 0, 1],
			['03/10/2013 01:00:00 AM', 2, 1, 1],
			['03/10/2013 03:00:00 AM', 4, 2, 2]
		];
		const read = readCounters([textFile('fremont.csv', csv(header, rows))]);
		const r = onlyReport(read);
		expect(r.dstDays).toEqual([
			{ day: '2012-11-04', hours: 25, hour: 1, by: 'calendar' },
			{ day: '2013-03-10', hours: 23, hour: 2, by: 'calendar' }
		]);
		expect(countAt(read.data!, 'Fremont Bridge', 'East Sidewalk', '2012-11-04T01:00')).toBe(6);
		expect(countAt(read.data!, 'Fremont Bridge', 'West Sidewalk', '2012-11-04T01:00')).toBe(10);
		expect(r.duplicates).toBe(0);
		expect(r.conflicts).toBe(0);
	});

	it('takes the same two readings on an ordinary day as a conflict', () => {
		const rows = hoursFrom('2024-11-05T00:00', 4).map((t, k) => [t, 'B', 'east', 10 * (k + 1)]);
		rows.splice(2, 0, ['2024-11-05T01:00:00', 'B', 'east', 5]);
		const read = readCounters([textFile('bridge.csv', csv(HEADER, rows))]);
		const r = onlyReport(read);
		expect(r.dstDays).toEqual([]);
		expect(r.conflicts).toBe(1);
		expect(countAt(read.data!, 'B', 'east', '2024-11-05T01:00')).toBe(5);
	});

	it('recognises the skipped hour of a spring change Sunday, not as missing', () => {
		// US: 2024-03-10 02:00 does not exist; Europe: 2024-03-31 02:00 (central) does not
		for (const day of ['2024-03-10', '2024-03-31']) {
			const rows = hoursFrom(`${day}T00:00`, 24)
				.filter((t) => !t.includes('T02:'))
				.map((t, k) => [t, 'B', 'east', k]);
			const r = onlyReport(readCounters([textFile('bridge.csv', csv(HEADER, rows))]));
			expect(r.dstDays).toEqual([{ day, hours: 23, hour: 2, by: 'calendar' }]);
			expect(r.missingHours).toBe(0);
		}
		const ordinary = hoursFrom('2024-03-12T00:00', 24)
			.filter((t) => !t.includes('T02:'))
			.map((t, k) => [t, 'B', 'east', k]);
		const r = onlyReport(readCounters([textFile('bridge.csv', csv(HEADER, ordinary))]));
		expect(r.dstDays).toEqual([]);
		expect(r.missingHours).toBe(1);
	});
});

describe('sub-hourly readings', () => {
	it('sums 15-minute readings into their hour and counts them', () => {
		const rows: (string | number)[][] = [];
		for (let h = 8; h < 10; h++) {
			for (const m of ['00', '15', '30', '45']) {
				rows.push([`2024-07-01T${String(h).padStart(2, '0')}:${m}:00`, 'S', 'a', h]);
			}
		}
		const read = readCounters([textFile('q.csv', csv(HEADER, rows))]);
		const r = onlyReport(read);
		expect(r.subHourly).toBe(8);
		expect(rowsOf(read.data!)).toEqual([
			['S', 'a', '2024-07-01T08:00', 32],
			['S', 'a', '2024-07-01T09:00', 36]
		]);
	});

	it('names hours with fewer readings than the usual number', () => {
		const rows: (string | number)[][] = [];
		for (let h = 8; h < 12; h++) {
			for (const m of ['00', '15', '30', '45']) {
				if (h === 10 && m === '30') continue;
				rows.push([`2024-07-01T${String(h).padStart(2, '0')}:${m}:00`, 'S', 'a', 1]);
			}
		}
		const read = readCounters([textFile('q.csv', csv(HEADER, rows))]);
		expect(onlyReport(read).problems).toEqual([
			'q.csv: 1 sensor-hour holds fewer readings than the usual 4 an hour, so their sums are short (e.g. S sensor a at 2024-07-01 10:00: 3)'
		]);
		expect(countAt(read.data!, 'S', 'a', '2024-07-01T10:00')).toBe(3);
	});

	it('makes an hour failed when one of its readings failed, closed when all were', () => {
		const rows: (string | number)[][] = [
			['2024-07-01T08:00', 'S', 'a', 5],
			['2024-07-01T08:30', 'S', 'a', -1],
			['2024-07-01T09:00', 'S', 'a', -2],
			['2024-07-01T09:30', 'S', 'a', -2],
			['2024-07-01T10:00', 'S', 'a', -2],
			['2024-07-01T10:30', 'S', 'a', 4]
		];
		const read = readCounters([textFile('q.csv', csv(HEADER, rows))]);
		expect(rowsOf(read.data!).map((x) => x[3])).toEqual([-1, -2, 4]);
	});
});

describe('negative counts', () => {
	it('keeps -1 (failed) and -2 (closed), drops other negatives naming the row and column', () => {
		const rows: (string | number)[][] = [
			['2024-07-01T08:00', 'S', 'a', -1],
			['2024-07-01T09:00', 'S', 'a', -2],
			['2024-07-01T10:00', 'S', 'a', -5],
			['2024-07-01T11:00', 'S', 'a', 3.5],
			['2024-07-01T12:00', 'S', 'a', 9]
		];
		const read = readCounters([textFile('neg.csv', csv(HEADER, rows))]);
		const r = onlyReport(read);
		expect(r.failed).toBe(1);
		expect(r.closed).toBe(1);
		expect(r.badCells).toBe(2);
		expect(r.problems).toContain(
			"neg.csv: data row 3, column 'count': '-5' is negative but not a code (-1 failed, -2 shop closed); the reading is dropped"
		);
		expect(r.problems).toContain(
			"neg.csv: data row 4, column 'count': '3.5' is not a whole number; the reading is dropped"
		);
		expect(rowsOf(read.data!).map((x) => x[3])).toEqual([-1, -2, 9]);
	});
});
