import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectDeviceDay } from '../../../src/lib/detection/device-day';
import { planIngest } from '../../../src/lib/ingest/plan';
import { sniff } from '../../../src/lib/ingest/sniff';
import { E4_START, e4AccText, e4Bvp, e4Session, e4Temp, e4Text, textFile } from './helpers';

function sessionFiles(folder: string, seconds = 120) {
	return Object.entries(e4Session(seconds)).map(([name, text]) =>
		textFile(`${folder}/${name}`, text)
	);
}

function zipOf(files: Record<string, string>): Uint8Array {
	return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
}

describe('E4 files recognised by content', () => {
	it.each([
		['TEMP.csv', e4Text(e4Temp(2), 4), 'temp', false],
		['BVP.csv', e4Text(e4Bvp(2), 64), 'bvp', false],
		['EDA.csv', e4Text(['0.1', '0.2'], 4), 'eda', false],
		['HR.csv', e4Text(['71.00', '72.50'], 1), 'hr', false],
		['ACC.csv', e4AccText(4), 'acc', false],
		['IBI.csv', `${E4_START}.000000, IBI\n1.2, 0.81\n`, 'ibi', false],
		['skin.csv', e4Text(e4Temp(2), 4), 'temp', true],
		['pulse.csv', e4Text(e4Bvp(2), 64), 'bvp', true],
		['motion.csv', e4AccText(4), 'acc', true],
		['heart.csv', e4Text(['71.00'], 1), 'hr', true],
		['gsr.csv', e4Text(['0.1', '0.2', '0.15'], 4), 'eda', true]
	])('%s is an E4 %s file (guessed: %s)', (name, text, signal, guessed) => {
		expect(sniff(textFile(name, text))).toMatchObject({ kind: 'e4', signal, guessed });
	});
});

describe('an E4 session folder', () => {
	const plan = planIngest(sessionFiles('exports/1589292378_A01A3A'));

	it('becomes one device-day named by the serial in the session name, on the UTC day of its start', () => {
		expect(plan.errors).toEqual([]);
		expect(plan.deviceDays).toHaveLength(1);
		const d = plan.deviceDays[0];
		expect(d.id).toBe('e4:exports/1589292378_A01A3A');
		expect(d.source).toBe('e4');
		expect(d.record.device).toBe('A01A3A');
		expect(d.record.day).toBe('2020-05-12');
		expect(d.startMs).toBe(E4_START * 1000);
	});

	it('maps TEMP °C to cents at 4 Hz and BVP to hundredths at 64 Hz, every second worn', () => {
		const r = plan.deviceDays[0].record;
		expect([r.onWrist.length, r.temperature.length, r.ppg.length]).toEqual([120, 480, 7680]);
		expect(Array.from(r.temperature.subarray(0, 4))).toEqual([3300, 3301, 3302, 3303]);
		const bvp = e4Bvp(120);
		expect(Array.from(r.ppg.subarray(0, 8))).toEqual(
			bvp.slice(0, 8).map((v) => Math.round(Number(v) * 100))
		);
		expect(r.onWrist.every((v) => v === 1)).toBe(true);
	});

	it('says how it was read: no on-wrist signal, the device name, the UTC day', () => {
		expect(plan.deviceDays[0].notes).toEqual([
			'no on-wrist signal: all samples treated as worn',
			'device A01A3A from the session name 1589292378_A01A3A',
			'day is the UTC date of the start time (2020-05-12T14:06:18Z)'
		]);
	});

	it.each([
		['TEMP.csv', 'temp', 'temperature', 4, 480, 120, E4_START],
		['BVP.csv', 'bvp', 'ppg', 64, 7680, 120, E4_START],
		['EDA.csv', 'eda', null, 4, 480, 120, E4_START],
		['HR.csv', 'hr', null, 1, 110, 110, E4_START + 10],
		['ACC.csv', 'acc', null, 32, 3840, 120, E4_START]
	])(
		'summarises %s: %s -> %s, %d Hz, %d samples, %d s',
		(name, signal, target, rate, samples, duration, start) => {
			const s = plan.summaries.find((x) => x.path.endsWith(`/${name}`))!;
			expect(s).toMatchObject({
				kind: 'e4',
				device: 'A01A3A',
				day: '2020-05-12',
				signal,
				target,
				rateHz: rate,
				samples,
				durationS: duration,
				startMs: start * 1000,
				gaps: 0,
				problems: []
			});
			if (!target) expect(s.notes).toEqual(['not used by the detection']);
		}
	);

	it('skips IBI.csv, tags.csv and info.txt with a reason, as no error', () => {
		expect(plan.skipped.map((s) => [s.path.split('/').pop(), s.reason])).toEqual([
			[
				'IBI.csv',
				'E4 IBI.csv (inter-beat intervals as time/interval pairs): a different shape, not used'
			],
			['tags.csv', 'E4 side file (tags or device info), not samples'],
			['info.txt', 'E4 side file (tags or device info), not samples']
		]);
	});

	it('runs through the detection kernel without complaint about its shape', () => {
		const r = detectDeviceDay(plan.deviceDays[0].record);
		expect(r.temperature.metrics.samples).toBe(480);
		expect(r.temperature.metrics.worn).toBe(480);
		expect(r.ppg.metrics.samples).toBe(7680);
	});
});

describe('an E4 session zip', () => {
	it('is opened and read like the session folder it holds', () => {
		const zipped = zipOf(e4Session(120));
		const fromZip = planIngest([{ path: 'Downloads/1589292378_A01A3A.zip', bytes: zipped }]);
		const fromFolder = planIngest(sessionFiles('1589292378_A01A3A'));
		expect(fromZip.errors).toEqual([]);
		expect(fromZip.deviceDays).toHaveLength(1);
		expect(fromZip.deviceDays[0].id).toBe('e4:Downloads/1589292378_A01A3A.zip');
		expect(fromZip.deviceDays[0].record).toEqual(fromFolder.deviceDays[0].record);
		expect(fromZip.summaries.map((s) => s.path)).toContain(
			'Downloads/1589292378_A01A3A.zip/TEMP.csv'
		);
	});

	it('reads two session zips dropped together as two device-days', () => {
		const plan = planIngest([
			{ path: '1589292378_A01A3A.zip', bytes: zipOf(e4Session(30)) },
			{ path: '1589400000_B02B4B.zip', bytes: zipOf(e4Session(30, 1589400000)) }
		]);
		expect(plan.deviceDays.map((d) => `${d.record.day} ${d.record.device}`)).toEqual([
			'2020-05-12 A01A3A',
			'2020-05-13 B02B4B'
		]);
	});

	it('opens a session folder inside a zip, and names the session by that folder', () => {
		const inner = Object.fromEntries(
			Object.entries(e4Session(30)).map(([k, v]) => [`1589292378_A01A3A/${k}`, v])
		);
		const plan = planIngest([{ path: 'all.zip', bytes: zipOf(inner) }]);
		expect(plan.deviceDays.map((d) => [d.id, d.record.device])).toEqual([
			['e4:all.zip/1589292378_A01A3A', 'A01A3A']
		]);
	});

	it('opens a zip inside a zip, but no deeper than the limit', () => {
		const inner = zipOf(e4Session(10));
		const outer = zipSync({ 'inner.zip': inner });
		expect(planIngest([{ path: 'outer.zip', bytes: outer }]).deviceDays).toHaveLength(1);
		const plan = planIngest([{ path: 'outer.zip', bytes: outer }], { maxZipDepth: 1 });
		expect(plan.errors.map((e) => e.message)).toEqual([
			'outer.zip/inner.zip: a zip inside 1 zips: not opened (the limit is 1)'
		]);
	});
});

describe('E4 sessions that are not the usual shape', () => {
	it('names a loose session without a folder "e4"', () => {
		const plan = planIngest([textFile('TEMP.csv', e4Text(e4Temp(5), 4))]);
		expect(plan.deviceDays[0].record.device).toBe('e4');
		expect(plan.deviceDays[0].notes).toContain('no session folder: device named e4');
		expect(plan.deviceDays[0].notes).toContain('no BVP.csv: PPG is empty');
	});

	it('uses the whole folder name when it is not <unix>_<serial>', () => {
		const plan = planIngest([textFile('walk-monday/TEMP.csv', e4Text(e4Temp(5), 4))]);
		expect(plan.deviceDays[0].record.device).toBe('walk-monday');
	});

	it('makes no device-day from a session without TEMP or BVP, but summarises its files', () => {
		const plan = planIngest([textFile('s/EDA.csv', e4Text(['0.1', '0.2'], 4))]);
		expect(plan.deviceDays).toEqual([]);
		expect(plan.summaries).toMatchObject([{ signal: 'eda', samples: 2, target: null }]);
	});

	it('marks the seconds before a later-starting signal as not worn, and says so', () => {
		const plan = planIngest([
			textFile('s/TEMP.csv', e4Text(e4Temp(10), 4, E4_START)),
			textFile('s/BVP.csv', e4Text(e4Bvp(8), 64, E4_START + 2))
		]);
		const d = plan.deviceDays[0];
		expect(Array.from(d.record.onWrist)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
		expect(d.record.ppg.length).toBe(640);
		expect(Array.from(d.record.ppg.subarray(0, 128)).every((v) => v === 0)).toBe(true);
		expect(d.notes).toContain('PPG starts 2 s after the session: those seconds are not worn');
		expect(d.notes).toContain(
			'no on-wrist signal: all samples treated as worn, except 2 s where a signal has no sample'
		);
	});

	it('keeps a session that runs past UTC midnight whole under its start day', () => {
		const start = Date.UTC(2021, 1, 4, 23, 59, 0) / 1000;
		const plan = planIngest([textFile('s/TEMP.csv', e4Text(e4Temp(120), 4, start))]);
		expect(plan.deviceDays[0].record.day).toBe('2021-02-04');
		expect(plan.deviceDays[0].record.temperature.length).toBe(480);
		expect(plan.deviceDays[0].notes).toContain(
			'the session runs past UTC midnight: kept whole under its start day'
		);
	});

	it('resamples a TEMP at another rate to 4 Hz by sample-and-hold, with a note', () => {
		const plan = planIngest([textFile('s/TEMP.csv', e4Text(['33.00', '34.00'], 1))]);
		expect(Array.from(plan.deviceDays[0].record.temperature)).toEqual([
			3300, 3300, 3300, 3300, 3400, 3400, 3400, 3400
		]);
		expect(plan.deviceDays[0].notes).toContain(
			'temperature at 1 Hz resampled to 4 Hz by sample-and-hold'
		);
	});

	it.each([
		[
			'a non-numeric sample',
			e4Text(['33.1', 'warm', '33.2'], 4),
			"s/TEMP.csv: line 4 is not a number ('warm')"
		],
		[
			'a row with two fields',
			e4Text(['33.1', '33.2, 1'], 4),
			"s/TEMP.csv: line 4 has 2 fields, expected 1 ('33.2, 1')"
		],
		[
			'ACC with a header for one column',
			e4Text(['1', '2'], 32),
			's/ACC.csv: has 1 columns in its E4 header, ACC has 3'
		]
	])('reports %s, naming the file', (_what, text, message) => {
		const path = message.split(':')[0];
		const plan = planIngest([textFile(path, text)]);
		expect(plan.errors).toEqual([{ path, message }]);
	});
});
