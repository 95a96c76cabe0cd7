import { describe, expect, it } from 'vitest';
import { binaryReason } from '../../../src/lib/ingest/bytes';
import {
	describeColumnError,
	parseDecimal,
	parseIntColumn,
	parseNumberRows
} from '../../../src/lib/ingest/numbers';
import { matchOriginalLayout, normalisePath } from '../../../src/lib/ingest/paths';
import { placeOnGrid, stepStats } from '../../../src/lib/ingest/series';
import { sniff } from '../../../src/lib/ingest/sniff';
import { parseIsoBytes } from '../../../src/lib/ingest/timestamps';
import { bytesOf, E4_START, e4Text, fixtureBytes, textFile } from './helpers';

describe('parseIntColumn', () => {
	it.each([
		['LF lines', '1\n2\n3\n', [1, 2, 3]],
		['no newline at the end', '1\n2\n3', [1, 2, 3]],
		['CRLF lines', '1\r\n2\r\n', [1, 2]],
		['signs and spaces', ' -5\n+7 \n\t0\n', [-5, 7, 0]],
		['trailing blank lines', '4\n\n\n', [4]],
		['the int32 extremes', '2147483647\n-2147483648\n', [2147483647, -2147483648]],
		['leading zeros', '007\n', [7]],
		['nothing', '', []]
	])('reads %s', (_what, text, values) => {
		const r = parseIntColumn(bytesOf(text));
		expect(r.error).toBeNull();
		expect(Array.from(r.values)).toEqual(values);
	});

	it.each([
		['a word', '1\nabc\n2\n', "line 2 is not an integer ('abc')"],
		['a decimal', '1\n2.5\n', "line 2 is not an integer ('2.5')"],
		['two numbers on a line', '1\n2,3\n', "line 2 is not an integer ('2,3')"],
		['a lone sign', '-\n', "line 1 is not an integer ('-')"],
		['one past int32', '2147483648\n', "line 1 is out of the 32-bit integer range ('2147483648')"],
		[
			'a blank line between values',
			'1\n \n2\n',
			'line 2 is empty (time is the row index, so a missing value shifts every later sample)'
		],
		[
			'several bad lines',
			'x\n1\ny\nz\n',
			"line 1 is not an integer ('x'); 2 more bad lines after it"
		],
		['a bad last line without newline', '1\n2x', "line 2 is not an integer ('2x')"]
	])('reports %s with its line number', (_what, text, message) => {
		const r = parseIntColumn(bytesOf(text));
		expect(describeColumnError(r.error!)).toBe(message);
	});

	it('grows its output when the first 64 KB underestimate the line count', () => {
		const text = '123456789\n'.repeat(7000) + '1\n'.repeat(100000);
		const r = parseIntColumn(bytesOf(text));
		expect(r.error).toBeNull();
		expect(r.values.length).toBe(107000);
		expect(r.values[106999]).toBe(1);
	});

	it('numbers lines from where it starts', () => {
		const r = parseIntColumn(bytesOf('head\n1\nx\n'), 5, 2);
		expect(r.error).toMatchObject({ line: 3, text: 'x' });
	});

	it('prints its throughput on a 50 MB integer column (not asserted)', () => {
		const lines: string[] = [];
		let size = 0;
		for (let i = 0; size < 50 * 1024 * 1024; i++) {
			const s = String(3000 + ((i * 7919) % 20000));
			lines.push(s);
			size += s.length + 1;
		}
		const bytes = bytesOf(lines.join('\n') + '\n');
		let best = Infinity;
		let n = 0;
		for (let r = 0; r < 3; r++) {
			const t = performance.now();
			n = parseIntColumn(bytes).values.length;
			best = Math.min(best, performance.now() - t);
		}
		const mbs = bytes.length / 1024 / 1024 / (best / 1000);
		console.log(
			`parseIntColumn: ${(bytes.length / 1024 / 1024).toFixed(1)} MB, ${n} values in ${best.toFixed(0)} ms = ${mbs.toFixed(0)} MB/s`
		);
		expect(n).toBe(lines.length);
	});
});

describe('parseDecimal', () => {
	it.each([
		['31.13', 31.13],
		['-0.00', -0],
		[' 12 ', 12],
		['1589292378.000000', 1589292378],
		['1e3', 1000],
		['2.5E-2', 0.025],
		['0.1', 0.1],
		['123456789012345678', 1.2345678901234568e17],
		['+4', 4]
	])('reads %s exactly as Number does', (text, value) => {
		const b = bytesOf(text);
		expect(parseDecimal(b, 0, b.length)).toBe(value);
		expect(parseDecimal(b, 0, b.length)).toBe(Number(text));
	});

	it.each([[''], ['abc'], ['1.2.3'], ['1e'], ['.'], ['12a'], ['-']])('gives NaN for %o', (text) => {
		const b = bytesOf(text);
		expect(parseDecimal(b, 0, b.length)).toBeNaN();
	});
});

describe('parseNumberRows (E4 bodies)', () => {
	it('reads three columns per line', () => {
		const r = parseNumberRows(bytesOf('1, 2, 3\n-4,5,6\n'), 0, 3, 3);
		expect(r.rows).toBe(2);
		expect(r.columns.map((c) => Array.from(c))).toEqual([
			[1, -4],
			[2, 5],
			[3, 6]
		]);
	});

	it('names the line with the wrong number of fields', () => {
		const r = parseNumberRows(bytesOf('1,2,3\n4,5\n'), 0, 3, 3);
		expect(describeColumnError(r.error!)).toBe("line 4 has 2 fields, expected 3 ('4,5')");
	});
});

describe('parseIsoBytes', () => {
	it.each([
		['2021-02-04T10:00:00Z', Date.UTC(2021, 1, 4, 10), true],
		['2021-02-04T10:00:00.250Z', Date.UTC(2021, 1, 4, 10, 0, 0, 250), true],
		['2021-02-04 10:00:00', Date.UTC(2021, 1, 4, 10), false],
		['2021-02-04T12:00:00+02:00', Date.UTC(2021, 1, 4, 10), true],
		['2021-02-04T05:00:00-0500', Date.UTC(2021, 1, 4, 10), true],
		['2021-02-04T10:00', Date.UTC(2021, 1, 4, 10), false],
		['"2021-02-04"', Date.UTC(2021, 1, 4), false]
	])('reads %s without the host time zone', (text, ms, zoned) => {
		const b = bytesOf(text);
		const out = { zoned: !zoned };
		expect(parseIsoBytes(b, 0, b.length, out)).toBe(ms);
		expect(out.zoned).toBe(zoned);
	});

	it.each([['2021-02-30'], ['2021-13-01'], ['04/02/2021'], ['2021-02-04T10'], ['1612432800']])(
		'rejects %s',
		(text) => {
			const b = bytesOf(text);
			expect(parseIsoBytes(b, 0, b.length)).toBeNaN();
		}
	);
});

describe('paths', () => {
	it.each([
		[
			'2021/02/04/device_015/temperature.csv',
			{ folder: '2021/02/04/device_015', device: 'device_015', day: '2021-02-04' }
		],
		[
			'D:\\fd2s\\2021\\02\\04\\device_015\\x.csv',
			{ folder: 'fd2s/2021/02/04/device_015', device: 'device_015', day: '2021-02-04' }
		],
		[
			'a.zip/2021/12/31/dev/ppg_green.csv',
			{ folder: 'a.zip/2021/12/31/dev', device: 'dev', day: '2021-12-31' }
		]
	])('finds the layout in %s', (path, place) => {
		expect(matchOriginalLayout(path)).toEqual({ ok: true, place });
	});

	it.each([['temperature.csv'], ['device_015/temperature.csv'], ['data/2021/x/04/d/t.csv']])(
		'finds no layout in %s',
		(path) => {
			expect(matchOriginalLayout(path)).toBeNull();
		}
	);

	it('normalises separators, drive letters and ./', () => {
		expect(normalisePath('C:\\a\\.\\b//c.csv')).toBe('a/b/c.csv');
	});
});

describe('binaryReason', () => {
	it.each([
		['plain ASCII', bytesOf('1\n2\n'), null],
		['UTF-8 accents', bytesOf('température,°C\n'), null],
		['a character cut by the window', bytesOf('a'.repeat(1023) + 'é'), null],
		['a NUL byte', new Uint8Array([49, 0]), 'a NUL byte at offset 1'],
		['a bell', new Uint8Array([49, 7]), 'a control byte 0x07 at offset 1'],
		[
			'a Latin-1 byte',
			new Uint8Array([0x74, 0xe9, 0x74]),
			'a byte 0xe9 at offset 1 that is not UTF-8'
		]
	])('%s gives %o', (_what, bytes, reason) => {
		expect(binaryReason(bytes)).toBe(reason);
	});
});

describe('sniff', () => {
	it.each([
		[
			'the real on_wrist.csv',
			'2021/02/04/device_015/on_wrist.csv',
			fixtureBytes('on_wrist.csv'),
			{ kind: 'original', signal: 'on_wrist', guessed: false }
		],
		[
			'the real ppg renamed',
			'x/y.csv',
			fixtureBytes('ppg_green.csv'),
			{ kind: 'original', signal: 'ppg_green', guessed: true }
		],
		['an E4 TEMP.csv', 'TEMP.csv', bytesOf(e4Text(['33.1'], 4)), { kind: 'e4', signal: 'temp' }],
		[
			'an E4 IBI.csv',
			'IBI.csv',
			bytesOf(`${E4_START}.000000, IBI\n1,0.8\n`),
			{ kind: 'e4', signal: 'ibi' }
		],
		['a zip', 'a.zip', new Uint8Array([0x50, 0x4b, 3, 4, 0]), { kind: 'zip' }],
		['an empty zip', 'a.zip', new Uint8Array([0x50, 0x4b, 5, 6]), { kind: 'zip' }],
		['a zip named .csv', 'a.csv', new Uint8Array([0x50, 0x4b, 3, 4, 0]), { kind: 'zip' }],
		['Parquet', 'p.parquet', bytesOf('PAR1xxxx'), { kind: 'parquet' }],
		['Parquet named .csv', 'p.csv', bytesOf('PAR1xxxxPAR1'), { kind: 'parquet' }],
		[
			'a single column of decimals',
			'v.csv',
			bytesOf('1.5\n2.5\n'),
			{ kind: 'error', reason: 'unrecognised' }
		],
		[
			'numbers with no header',
			'v.csv',
			bytesOf('1,2\n3,4\n'),
			{ kind: 'error', reason: 'unrecognised' }
		],
		[
			'an unnamed column of negative integers',
			'v.csv',
			bytesOf('-5\n-6\n'),
			{ kind: 'error', reason: 'unrecognised' }
		],
		['tags.csv', 's/tags.csv', bytesOf(''), { kind: 'skip' }]
	])('recognises %s', (_what, path, bytes, expected) => {
		expect(sniff({ path, bytes })).toMatchObject(expected);
	});

	it('uses the size it is told before looking at the bytes', () => {
		expect(
			sniff({ path: 'a.csv', bytes: new Uint8Array(0), size: 11 }, { maxFileBytes: 10 })
		).toMatchObject({
			kind: 'error',
			reason: 'too-large'
		});
		expect(sniff(textFile('a.csv', 'x'), { maxFileBytes: 10 })).not.toMatchObject({
			reason: 'too-large'
		});
	});
});

describe('timed series onto the kernel grid', () => {
	it('infers the rate from the regular steps and counts gaps', () => {
		const times = Float64Array.from([0, 0.25, 0.5, 0.75, 3, 3.25, 3.25]);
		expect(stepStats(times)).toEqual({
			rateHz: 4,
			medianStep: 0.25,
			gaps: 1,
			gapSeconds: 2,
			duplicates: 1
		});
	});

	it('finds 64 Hz in times rounded to the millisecond', () => {
		const times = Float64Array.from({ length: 640 }, (_, i) => Math.floor((i * 1000) / 64) / 1000);
		expect(stepStats(times).rateHz).toBe(64);
	});

	it.each([
		[
			'same rate, shifted by one slot',
			{ start: 0.25, rateHz: 4, times: null, values: [1, 2, 3] },
			4,
			5,
			[0, 1, 2, 3, 0],
			[0, 1, 1, 1, 0]
		],
		[
			'upsampled by holding each value',
			{ start: 0, rateHz: 1, times: null, values: [5, 6] },
			4,
			8,
			[5, 5, 5, 5, 6, 6, 6, 6],
			[1, 1, 1, 1, 1, 1, 1, 1]
		],
		[
			'downsampled by taking every other',
			{ start: 0, rateHz: 8, times: null, values: [1, 2, 3, 4, 5, 6, 7, 8] },
			4,
			4,
			[1, 3, 5, 7],
			[1, 1, 1, 1]
		],
		[
			'a gap left empty',
			{ start: 0, rateHz: 1, times: Float64Array.from([0, 1, 4]), values: [1, 2, 3] },
			1,
			5,
			[1, 2, 0, 0, 3],
			[1, 1, 0, 0, 1]
		],
		[
			'values rounded',
			{ start: 0, rateHz: 1, times: null, values: [1.4, 1.6, -2.5] },
			1,
			3,
			[1, 2, -2],
			[1, 1, 1]
		]
	])('places a series %s', (_what, series, hz, length, values, covered) => {
		const r = placeOnGrid(series, 0, hz, length);
		expect(Array.from(r.values)).toEqual(values);
		expect(Array.from(r.covered)).toEqual(covered);
	});
});
