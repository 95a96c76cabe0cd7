import { describe, expect, it } from 'vitest';
import { applyMapping, proposeMapping } from '../../../src/lib/ingest/mapping';
import { planIngest, remapTable } from '../../../src/lib/ingest/plan';
import { sniff } from '../../../src/lib/ingest/sniff';
import { parseDelimited } from '../../../src/lib/ingest/table';
import type { LongMapping, WideMapping } from '../../../src/lib/ingest/types';
import { bytesOf, textFile } from './helpers';

/** 2021-02-04T10:00:00Z */
const T0 = Date.UTC(2021, 1, 4, 10, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

interface Sample {
	device: string;
	ms: number;
	signal: string;
	value: number | string;
}

/** 10 s of one device: on-wrist 1 Hz, temperature 4 Hz (°C), PPG 64 Hz, and a heart rate. */
function longSamples(device = 'dev_a', t0 = T0, seconds = 10): Sample[] {
	const out: Sample[] = [];
	for (let i = 0; i < seconds; i++)
		out.push({ device, ms: t0 + i * 1000, signal: 'on_wrist', value: 1 });
	for (let i = 0; i < seconds * 4; i++) {
		out.push({ device, ms: t0 + i * 250, signal: 'temperature', value: (33 + i / 100).toFixed(2) });
	}
	for (let i = 0; i < seconds * 64; i++) {
		out.push({ device, ms: t0 + (i * 1000) / 64, signal: 'ppg', value: 7000 + (i % 64) * 10 });
	}
	out.push({ device, ms: t0, signal: 'hr', value: 70 });
	return out;
}

function longText(
	samples: Sample[],
	sep: string,
	time: (ms: number) => string | number = iso
): string {
	return [
		['device', 'timestamp', 'signal', 'value'].join(sep),
		...samples.map((s) => [s.device, time(s.ms), s.signal, s.value].join(sep))
	].join('\n');
}

function expectLongResult(plan: ReturnType<typeof planIngest>, path: string) {
	expect(plan.errors).toEqual([]);
	expect(plan.deviceDays).toHaveLength(1);
	const d = plan.deviceDays[0];
	expect(d.id).toBe(`table:${path}#dev_a|2021-02-04`);
	expect(d.record.device).toBe('dev_a');
	expect(d.record.day).toBe('2021-02-04');
	expect(d.startMs).toBe(T0);
	expect([d.record.onWrist.length, d.record.temperature.length, d.record.ppg.length]).toEqual([
		10, 40, 640
	]);
	expect(Array.from(d.record.temperature.subarray(0, 4))).toEqual([3300, 3301, 3302, 3303]);
	expect(Array.from(d.record.ppg.subarray(0, 3))).toEqual([7000, 7010, 7020]);
	expect(d.record.onWrist.every((v) => v === 1)).toBe(true);
	const bySignal = Object.fromEntries(plan.summaries.map((s) => [s.target, s]));
	expect(bySignal.onWrist).toMatchObject({ rateHz: 1, samples: 10, durationS: 10, gaps: 0 });
	expect(bySignal.temperature).toMatchObject({ rateHz: 4, samples: 40, durationS: 10, gaps: 0 });
	expect(bySignal.ppg).toMatchObject({ rateHz: 64, samples: 640, gaps: 0, startMs: T0 });
	expect(bySignal.temperature.notes).toContain('read as °C and stored in cents (×100, rounded)');
	expect(bySignal.ppg.notes).toContain("signal 'hr' not used by the detection (1 rows)");
}

describe('long tables: one sample per row', () => {
	it.each([
		['CSV', 'long.csv', longText(longSamples(), ',')],
		['TSV', 'long.tsv', longText(longSamples(), '\t')],
		['semicolon CSV', 'long-semi.csv', longText(longSamples(), ';')],
		[
			'CSV with quoted cells and CRLF',
			'quoted.csv',
			longText(longSamples(), ',', (ms) => `"${iso(ms)}"`).replace(/\n/g, '\r\n')
		],
		[
			'NDJSON',
			'long.ndjson',
			longSamples()
				.map((s) =>
					JSON.stringify({
						device: s.device,
						timestamp: iso(s.ms),
						signal: s.signal,
						value: Number(s.value)
					})
				)
				.join('\n')
		],
		[
			'JSON array',
			'long.json',
			JSON.stringify(
				longSamples().map((s) => ({
					device: s.device,
					timestamp: iso(s.ms),
					signal: s.signal,
					value: Number(s.value)
				}))
			)
		],
		[
			'JSON object holding the records',
			'wrapped.json',
			JSON.stringify({
				data: longSamples().map((s) => ({
					device: s.device,
					ts: s.ms,
					signal: s.signal,
					value: Number(s.value)
				}))
			})
		],
		['CSV with epoch milliseconds', 'epoch-ms.csv', longText(longSamples(), ',', (ms) => ms)],
		[
			'CSV with epoch seconds',
			'epoch-s.csv',
			longText(longSamples(), ',', (ms) => (ms / 1000).toFixed(6))
		]
	])('a %s becomes the device-day it describes', (_what, path, text) => {
		expectLongResult(planIngest([textFile(path, text)]), path);
	});

	it('proposes the long mapping it used, with the signal names and the °C unit', () => {
		const plan = planIngest([textFile('long.csv', longText(longSamples(), ','))]);
		expect(plan.tables[0].proposal).toEqual({
			mapping: {
				shape: 'long',
				device: 'device',
				deviceName: 'long',
				timestamp: 'timestamp',
				timeUnit: 'iso',
				signal: 'signal',
				value: 'value',
				signalValues: { on_wrist: 'onWrist', temperature: 'temperature', ppg: 'ppg', hr: null },
				temperatureUnit: 'celsius'
			},
			complete: true,
			missing: [],
			notes: ['signals not used by the detection: hr', 'temperature in °C: ×100 to cents']
		});
		expect(plan.tables[0].applied).toEqual(plan.tables[0].proposal.mapping);
	});

	it.each([
		['ms', 1612432800000],
		['s', 1612432800],
		['us', 1612432800000000],
		['ns', 1612432800000000000]
	])('detects epoch %s from the size of the numbers', (unit, t) => {
		const table = parseDelimited('t.csv', bytesOf(`time,temp\n${t},33\n`), ',', 'csv');
		expect(proposeMapping(table).mapping.timeUnit).toBe(unit);
	});

	it('splits devices and UTC days into separate device-days', () => {
		const late = Date.UTC(2021, 1, 4, 23, 59, 55);
		const samples = [...longSamples('dev_a', late), ...longSamples('dev_b', T0)];
		const plan = planIngest([textFile('two.csv', longText(samples, ','))]);
		expect(
			plan.deviceDays.map(
				(d) => `${d.record.day} ${d.record.device} ${d.record.temperature.length}`
			)
		).toEqual(['2021-02-04 dev_a 20', '2021-02-04 dev_b 40', '2021-02-05 dev_a 20']);
	});

	it('reports gaps with the seconds missing, and leaves the gap not worn', () => {
		const samples = longSamples('dev_a', T0, 20).filter(
			(s) => s.signal === 'temperature' && (s.ms < T0 + 5000 || s.ms >= T0 + 15000)
		);
		const plan = planIngest([textFile('gap.csv', longText(samples, ','))]);
		const s = plan.summaries[0];
		expect(s).toMatchObject({ rateHz: 4, samples: 40, gaps: 1, gapSeconds: 10 });
		expect(s.problems).toEqual(['1 gap (10 s missing)']);
		const d = plan.deviceDays[0].record;
		expect(d.temperature.length).toBe(80);
		expect(Array.from(d.onWrist)).toEqual([
			1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1
		]);
		expect(Array.from(d.temperature.subarray(20, 60)).every((v) => v === 0)).toBe(true);
	});

	it('sorts samples out of time order and says how many', () => {
		const samples = longSamples()
			.filter((s) => s.signal === 'temperature')
			.reverse();
		const plan = planIngest([textFile('rev.csv', longText(samples, ','))]);
		expect(plan.summaries[0].problems).toEqual(['39 samples out of time order: sorted']);
		expect(Array.from(plan.deviceDays[0].record.temperature.subarray(0, 3))).toEqual([
			3300, 3301, 3302
		]);
	});

	it('reads cells that are not numbers as missing and counts them', () => {
		const text = longText(
			longSamples().filter((s) => s.signal === 'temperature'),
			','
		).replace(/33\.05/, 'warm');
		const plan = planIngest([textFile('cells.csv', text)]);
		expect(plan.summaries[0].samples).toBe(39);
		expect(plan.summaries[0].problems).toEqual([
			"column 'value': 1 cells are not numbers (first at line 7: 'warm')",
			'1 gap (0.25 s missing)'
		]);
	});
});

describe('wide tables: a column per signal', () => {
	const rows = ['time,skin_temp,ppg_green,worn'];
	for (let i = 0; i < 640; i++) {
		const t = (T0 + (i * 1000) / 64) / 1000;
		const temp = i % 16 === 0 ? (33 + i / 1600).toFixed(2) : '';
		const worn = i % 64 === 0 ? '1' : '';
		rows.push(`${t.toFixed(6)},${temp},${7000 + i},${worn}`);
	}
	const file = textFile('recordings/watch7.csv', rows.join('\n'));
	const plan = planIngest([file]);

	it('proposes a wide mapping from the column names, with the unit and device name', () => {
		expect(plan.tables[0].proposal.mapping).toEqual({
			shape: 'wide',
			device: null,
			deviceName: 'watch7',
			timestamp: 'time',
			timeUnit: 's',
			signals: { temperature: 'skin_temp', ppg: 'ppg_green', onWrist: 'worn' },
			temperatureUnit: 'celsius'
		});
		expect(plan.tables[0].proposal.complete).toBe(true);
	});

	it('builds the device-day with empty cells read as "no sample here"', () => {
		expect(plan.errors).toEqual([]);
		const d = plan.deviceDays[0].record;
		expect(d.device).toBe('watch7');
		expect([d.onWrist.length, d.temperature.length, d.ppg.length]).toEqual([10, 40, 640]);
		expect(Array.from(d.temperature.subarray(0, 2))).toEqual([3300, 3301]);
		expect(d.ppg[639]).toBe(7639);
		expect(plan.summaries.map((s) => [s.signal, s.rateHz, s.samples])).toEqual([
			['worn', 1, 10],
			['skin_temp', 4, 40],
			['ppg_green', 64, 640]
		]);
	});

	it('rebuilds only that table when the person corrects the mapping', () => {
		const other = textFile('2021/02/04/device_015/on_wrist.csv', '1\n1\n');
		const before = planIngest([file, other]);
		const corrected: WideMapping = {
			...(before.tables[0].proposal.mapping as WideMapping),
			deviceName: 'watch-7',
			signals: { temperature: 'skin_temp' },
			temperatureUnit: 'cents'
		};
		const after = remapTable(before, 'recordings/watch7.csv', corrected);
		expect(after.deviceDays.map((d) => d.record.device)).toEqual(['device_015', 'watch-7']);
		const d = after.deviceDays[1].record;
		expect([d.onWrist.length, d.temperature.length, d.ppg.length]).toEqual([10, 40, 0]);
		expect(Array.from(d.temperature.subarray(0, 2))).toEqual([33, 33]);
		expect(after.summaries.filter((s) => s.path === 'recordings/watch7.csv')).toHaveLength(1);
		expect(after.tables[0].applied).toEqual(corrected);
		expect(after.deviceDays[0]).toBe(before.deviceDays[0]);
	});
});

describe('mappings the person corrects', () => {
	const text = [
		'who,when,what,reading',
		...longSamples().map((s) => `${s.device},${iso(s.ms)},${s.signal},${s.value}`)
	].join('\n');

	it('proposes unusual names where they can be told from the values', () => {
		const table = parseDelimited('odd.csv', bytesOf(text), ',', 'csv');
		const p = proposeMapping(table);
		expect(p.mapping).toMatchObject({
			shape: 'long',
			timestamp: 'when',
			signal: 'what',
			value: 'reading'
		});
		expect(p.complete).toBe(true);
	});

	it('renames signals, picks the device column and the unit by hand', () => {
		const renamed = text.replace(/,temperature,/g, ',skin,').replace(/,ppg,/g, ',g,');
		const table = parseDelimited('odd.csv', bytesOf(renamed), ',', 'csv');
		const p = proposeMapping(table);
		expect((p.mapping as LongMapping).signalValues).toEqual({
			on_wrist: 'onWrist',
			skin: null,
			g: null,
			hr: null
		});
		const mapping: LongMapping = {
			...(p.mapping as LongMapping),
			device: 'who',
			signalValues: { on_wrist: 'onWrist', skin: 'temperature', g: 'ppg', hr: null },
			temperatureUnit: 'celsius'
		};
		const r = applyMapping(table, mapping);
		expect(r.errors).toEqual([]);
		expect(r.deviceDays[0].record.temperature.length).toBe(40);
		expect(r.deviceDays[0].record.ppg.length).toBe(640);
		expect(r.deviceDays[0].record.temperature[0]).toBe(3300);
	});

	it.each([
		[
			{ timestamp: null },
			'odd.csv: no timestamp column is mapped (columns: who, when, what, reading)'
		],
		[{ timestamp: 'nope' }, "odd.csv: has no column 'nope' (columns: who, when, what, reading)"],
		[
			{ timestamp: 'who' },
			"odd.csv: column 'who' is text, not ISO times or epoch numbers ('dev_a')"
		],
		[{ signal: 'reading' }, "odd.csv: signal column 'reading' holds numbers, not signal names"],
		[
			{ signalValues: {} },
			"odd.csv: no value of column 'what' is mapped to temperature, ppg or on-wrist (values: on_wrist, temperature, ppg, hr)"
		]
	])('explains a mapping that cannot work (%o)', (patch, message) => {
		const table = parseDelimited('odd.csv', bytesOf(text), ',', 'csv');
		const mapping = { ...(proposeMapping(table).mapping as LongMapping), ...patch } as LongMapping;
		expect(applyMapping(table, mapping)).toEqual({
			deviceDays: [],
			summaries: [],
			errors: [{ path: 'odd.csv', message }]
		});
	});
});

describe('sniffing tables', () => {
	it.each([
		['a CSV', 'a.csv', 'time,temp\n1,2\n', 'csv', ','],
		['a TSV', 'a.txt', 'time\ttemp\n1\t2\n', 'tsv', '\t'],
		['a semicolon CSV', 'a.csv', 'time;temp\n1;2\n', 'csv', ';'],
		['a JSON array', 'a.json', '[{"a":1}]', 'json', null],
		['NDJSON', 'a.log', '{"a":1}\n{"a":2}\n', 'ndjson', null]
	])('%s is a table', (_what, path, text, format, delimiter) => {
		expect(sniff(textFile(path, text))).toMatchObject({ kind: 'table', format, delimiter });
	});
});

describe('devices in tables', () => {
	it.each([
		['a text device column', 'watch', ['w1', 'w2'], ['w1', 'w2']],
		['a numeric device column', 'device_id', [7, 12], ['7', '12']]
	])('a wide table with %s gives one device-day per device', (_what, header, ids, names) => {
		const rows = [`${header},time,temperature`];
		for (const id of ids)
			for (let i = 0; i < 8; i++) rows.push(`${id},${T0 / 1000 + i / 4},${3500 + i}`);
		const plan = planIngest([textFile('fleet.csv', rows.join('\n'))]);
		expect(plan.tables[0].proposal.mapping.device).toBe(header);
		expect(plan.deviceDays.map((d) => [d.record.device, d.record.temperature.length])).toEqual(
			names.map((n) => [n, 8])
		);
	});

	it('a long table without a device column belongs to the file name, and says so', () => {
		const text = [
			'timestamp,signal,value',
			...[0, 1, 2].map((i) => `${iso(T0 + i * 250)},temp,3500`)
		].join('\n');
		const plan = planIngest([textFile('data/wrist-left.csv', text)]);
		expect(plan.deviceDays[0].record.device).toBe('wrist-left');
		expect(plan.tables[0].proposal.notes).toContain(
			"no device column: every row belongs to 'wrist-left'"
		);
	});

	it('notes when a table and a folder hold the same device and day, and keeps both', () => {
		const text = ['device,timestamp,signal,value', `device_015,${iso(T0)},temperature,3500`].join(
			'\n'
		);
		const plan = planIngest([
			textFile('t.csv', text),
			textFile('2021/02/04/device_015/on_wrist.csv', '1\n')
		]);
		expect(plan.deviceDays).toHaveLength(2);
		expect(plan.deviceDays.map((d) => d.notes.at(-1))).toEqual([
			'the same device and day also comes from t.csv: both kept',
			'the same device and day also comes from 2021/02/04/device_015/on_wrist.csv: both kept'
		]);
	});
});
