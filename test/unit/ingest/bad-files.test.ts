import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { planIngest } from '../../../src/lib/ingest/plan';
import type { IngestFile } from '../../../src/lib/ingest/types';
import { bytesOf, e4Session, fixtureFiles, textFile } from './helpers';

const sessionZip = zipSync(
	Object.fromEntries(Object.entries(e4Session(60)).map(([k, v]) => [k, strToU8(v)]))
);

const goodLong = textFile(
	'exports/long.csv',
	[
		'device,timestamp,signal,value',
		...Array.from({ length: 8 }, (_, i) => `dev_a,${1612432800 + i / 4},temperature,3${i}00`)
	].join('\n')
);

const seventeen = Array.from({ length: 16 }, () => '3500').join('\n') + '\nabc\n3500\n';

/** Each bad file with the exact message that must name it. */
const BAD: { what: string; file: IngestFile; message: string }[] = [
	{
		what: 'an empty file',
		file: textFile('2021/02/04/device_016/temperature.csv', ''),
		message: 'device_016/temperature.csv: is empty (0 bytes)'
	},
	{
		what: 'a file of blank lines',
		file: textFile('2021/02/04/device_016/ppg_green.csv', '\n  \n\n'),
		message: 'device_016/ppg_green.csv: holds only white space'
	},
	{
		what: 'a non-numeric line',
		file: textFile('2021/02/04/device_017/temperature.csv', seventeen),
		message: "device_017/temperature.csv: line 17 is not an integer ('abc')"
	},
	{
		what: 'a number too big for the integer columns',
		file: textFile('2021/02/04/device_017/ppg_green.csv', '63\n99999999999\n'),
		message: "device_017/ppg_green.csv: line 2 is out of the 32-bit integer range ('99999999999')"
	},
	{
		what: 'a blank line between values',
		file: textFile('2021/02/04/device_017/on_wrist.csv', '1\n\n1\n1\n'),
		message:
			'device_017/on_wrist.csv: line 2 is empty (time is the row index, so a missing value shifts every later sample)'
	},
	{
		what: 'a header line on an original-layout file',
		file: textFile('2021/02/04/device_018/on_wrist.csv', 'on_wrist\n1\n1\n'),
		message:
			"device_018/on_wrist.csv: line 1 is not an integer ('on_wrist') (original-layout files have no header line)"
	},
	{
		what: 'a table whose header names nothing known',
		file: textFile('exports/readings.csv', 'foo,bar,baz\n1,2,x\n'),
		message:
			'exports/readings.csv: header not recognised, no mapping could be proposed: missing a timestamp column (ISO text or epoch numbers) and a signal: a column named like temperature, ppg or on_wrist, or a signal column with a value column (columns: foo, bar, baz)'
	},
	{
		what: 'an E4 name over a table header',
		file: textFile('s2/TEMP.csv', 'when,what\n2021-02-04,x\n'),
		message:
			's2/TEMP.csv: header not recognised, no mapping could be proposed: missing a signal: a column named like temperature, ppg or on_wrist, or a signal column with a value column (columns: when, what); named like an E4 TEMP file, but has a header row'
	},
	{
		what: 'a binary file',
		file: {
			path: 'exports/photo.png',
			bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
		},
		message:
			'exports/photo.png: is a binary file, not text (a byte 0x89 at offset 0 that is not UTF-8)'
	},
	{
		what: 'a file with NUL bytes',
		file: { path: 'exports/dump.csv', bytes: new Uint8Array([49, 10, 0, 0, 49, 10]) },
		message: 'exports/dump.csv: is a binary file, not text (a NUL byte at offset 2)'
	},
	{
		what: 'a truncated zip',
		file: {
			path: 'exports/1589292378_A01A3A (1).zip',
			bytes: sessionZip.subarray(0, sessionZip.length >> 1)
		},
		message:
			'exports/1589292378_A01A3A (1).zip: the zip is damaged or truncated, nothing in it was read (invalid zip data)'
	},
	{
		what: 'a Parquet file and no Parquet reader given',
		file: { path: 'exports/data.parquet', bytes: bytesOf('PAR1\u0015\u0004garbagePAR1') },
		message:
			'exports/data.parquet: is a Parquet file, and this ingest was given no Parquet reader (PlanOptions.decodeParquet): not read'
	},
	{
		what: 'a truncated Parquet file',
		file: { path: 'exports/cut.parquet', bytes: bytesOf('PAR1\u0015\u0004garbage') },
		message:
			'exports/cut.parquet: the Parquet file is truncated or still being written, nothing in it was read (it does not end with PAR1 like a whole one; 13 bytes)'
	},
	{
		what: 'UTF-16 text',
		file: { path: 'exports/utf16.csv', bytes: new Uint8Array([0xff, 0xfe, 0x31, 0, 0x0a, 0]) },
		message: 'exports/utf16.csv: is UTF-16 text: save it as UTF-8'
	},
	{
		what: 'broken JSON',
		file: textFile('exports/broken.json', '[{"timestamp": 1, "temp": 2}'),
		message: expect.stringMatching(
			/^exports\/broken\.json: is not valid JSON \(/
		) as unknown as string
	},
	{
		what: 'a file over the size limit',
		file: textFile('exports/huge.csv', '1\n'.repeat(150_000)),
		message:
			'exports/huge.csv: is 293 KB, over the 195.3 KB limit: not read (split it or raise the limit)'
	}
];

describe('a batch with bad files among good ones', () => {
	const good = [
		...fixtureFiles(),
		{ path: 'exports/1589292378_A01A3A.zip', bytes: sessionZip },
		goodLong
	];
	const plan = planIngest([...BAD.map((b) => b.file), ...good], { maxFileBytes: 200_000 });

	it('still loads every good file', () => {
		expect(plan.deviceDays.map((d) => `${d.source} ${d.record.device} ${d.record.day}`)).toEqual([
			'e4 A01A3A 2020-05-12',
			'table dev_a 2021-02-04',
			'original device_015 2021-02-04',
			'original device_017 2021-02-04',
			'original device_018 2021-02-04'
		]);
		const d15 = plan.deviceDays.find((d) => d.record.device === 'device_015')!.record;
		expect([d15.onWrist.length, d15.temperature.length, d15.ppg.length]).toEqual([
			378, 1512, 24266
		]);
	});

	it.each(BAD)('names the file and the problem for $what', ({ file, message }) => {
		const normalised = file.path.replace(/\\/g, '/');
		expect(plan.errors.filter((e) => e.path === normalised)).toEqual([
			{ path: normalised, message }
		]);
	});

	it('reports nothing else', () => {
		expect(plan.errors).toHaveLength(BAD.length);
	});

	it('keeps the device-day of a folder whose every file is bad, with every signal empty and why', () => {
		const d17 = plan.deviceDays.find((d) => d.record.device === 'device_017')!;
		expect([
			d17.record.onWrist.length,
			d17.record.temperature.length,
			d17.record.ppg.length
		]).toEqual([0, 0, 0]);
		expect(d17.notes).toEqual([
			'on_wrist.csv could not be read: on_wrist is empty',
			'temperature.csv could not be read: temperature is empty',
			'ppg_green.csv could not be read: ppg_green is empty'
		]);
	});
});

describe('the size guard', () => {
	it('reports a file over 512 MB by its size alone, without reading it', () => {
		const plan = planIngest([
			{ path: 'big/TEMP.csv', bytes: new Uint8Array(0), size: 600 * 1024 * 1024 }
		]);
		expect(plan.errors).toEqual([
			{
				path: 'big/TEMP.csv',
				message:
					'big/TEMP.csv: is 600 MB, over the 512 MB limit: not read (split it or raise the limit)'
			}
		]);
	});

	it('reports a zip entry over the limit by name and reads the other entries', () => {
		const zipped = zipSync({
			'1589292378_A01A3A/TEMP.csv': strToU8(e4Session(10)['TEMP.csv']),
			'1589292378_A01A3A/BVP.csv': strToU8(e4Session(400)['BVP.csv'])
		});
		const plan = planIngest([{ path: 's.zip', bytes: zipped }], { maxFileBytes: 100_000 });
		expect(plan.errors.map((e) => e.message)).toEqual([
			expect.stringMatching(
				/^1589292378_A01A3A\/BVP\.csv: is 0\.\d MB unzipped, over the 0\.1 MB limit: not read$/
			)
		]);
		expect(plan.deviceDays[0].record.temperature.length).toBe(40);
	});

	it('says when a zip holds nothing', () => {
		const plan = planIngest([{ path: 'empty.zip', bytes: zipSync({}) }]);
		expect(plan.errors).toEqual([
			{ path: 'empty.zip', message: 'empty.zip: the zip holds no files' }
		]);
	});
});

describe('files nobody meant to drop', () => {
	it.each([['.DS_Store'], ['__MACOSX/._TEMP.csv'], ['2021/02/04/Thumbs.db']])(
		'skips %s as a system file',
		(path) => {
			const plan = planIngest([{ path, bytes: new Uint8Array([0, 1, 2]) }]);
			expect(plan.errors).toEqual([]);
			expect(plan.skipped).toEqual([{ path, reason: 'system file' }]);
		}
	);
});
