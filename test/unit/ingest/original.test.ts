import { describe, expect, it } from 'vitest';
import { detectDeviceDay } from '../../../src/lib/detection/device-day';
import { planIngest } from '../../../src/lib/ingest/plan';
import { bytesOf, fixtureBytes, fixtureFiles, textFile } from './helpers';

/** An independent reading of a fixture file: split lines, Number each. */
function naive(name: 'on_wrist.csv' | 'temperature.csv' | 'ppg_green.csv'): number[] {
	return new TextDecoder()
		.decode(fixtureBytes(name))
		.split('\n')
		.filter((l) => l.trim() !== '')
		.map(Number);
}

describe('the real device folder 2021/02/04/device_015', () => {
	const plan = planIngest(fixtureFiles());

	it('becomes one device-day, device_015 on 2021-02-04, with no errors', () => {
		expect(plan.errors).toEqual([]);
		expect(plan.deviceDays).toHaveLength(1);
		const d = plan.deviceDays[0];
		expect(d.source).toBe('original');
		expect(d.record.device).toBe('device_015');
		expect(d.record.day).toBe('2021-02-04');
		expect(d.startMs).toBeNull();
		expect(d.files).toEqual([
			'2021/02/04/device_015/on_wrist.csv',
			'2021/02/04/device_015/temperature.csv',
			'2021/02/04/device_015/ppg_green.csv'
		]);
	});

	it('holds 378 on-wrist, 1512 temperature and 24266 PPG samples, equal to a naive reading', () => {
		const r = plan.deviceDays[0].record;
		expect([r.onWrist.length, r.temperature.length, r.ppg.length]).toEqual([378, 1512, 24266]);
		expect(Array.from(r.onWrist)).toEqual(naive('on_wrist.csv'));
		expect(Array.from(r.temperature)).toEqual(naive('temperature.csv'));
		expect(Array.from(r.ppg)).toEqual(naive('ppg_green.csv'));
		expect(Array.from(r.ppg.subarray(0, 3))).toEqual([63, 126, 189]);
	});

	it.each([
		['on_wrist', 'onWrist', 1, 378, 378],
		['temperature', 'temperature', 4, 1512, 378],
		['ppg_green', 'ppg', 64, 24266, 379.15625]
	])(
		'summarises %s.csv: target %s, %d Hz, %d samples, %d s, no gaps or problems',
		(signal, target, rate, samples, duration) => {
			const s = plan.summaries.find((x) => x.signal === signal)!;
			expect(s).toMatchObject({
				path: `2021/02/04/device_015/${signal}.csv`,
				kind: 'original',
				device: 'device_015',
				day: '2021-02-04',
				target,
				rateHz: rate,
				samples,
				durationS: duration,
				startMs: null,
				gaps: 0,
				gapSeconds: 0,
				problems: [],
				notes: []
			});
		}
	);

	it('says that the durations differ and that this is normal for the layout', () => {
		expect(plan.deviceDays[0].notes).toEqual([
			"durations differ by 1.16 s (on_wrist 378 s, temperature 378 s, ppg_green 379.2 s): normal for this layout, time is each file's row index"
		]);
	});

	it('feeds the detection kernel as it is: the healthy device raises no flag', () => {
		const r = detectDeviceDay(plan.deviceDays[0].record);
		expect(r.status).toBe('ok');
		expect(r.flags).toEqual([]);
		expect(r.temperature.metrics.samples).toBe(1512);
	});
});

describe('paths of the original layout', () => {
	it.each([
		['no prefix', '', '2021/02/04/device_015'],
		['a prefix folder', 'Downloads/fd2s/', 'Downloads/fd2s/2021/02/04/device_015'],
		['a ./ prefix', './', '2021/02/04/device_015'],
		[
			'Windows separators and a drive',
			'C:\\Users\\me\\fd2s\\',
			'Users/me/fd2s/2021/02/04/device_015'
		]
	])('reads the device and day with %s', (_what, prefix, folder) => {
		const files = fixtureFiles().map((f) => ({
			...f,
			path: prefix.includes('\\') ? prefix + f.path.replace(/\//g, '\\') : prefix + f.path
		}));
		const plan = planIngest(files);
		expect(plan.errors).toEqual([]);
		expect(plan.deviceDays.map((d) => [d.id, d.record.device, d.record.day])).toEqual([
			[`original:${folder}`, 'device_015', '2021-02-04']
		]);
	});

	it('keeps two device folders and two days apart', () => {
		const plan = planIngest([
			textFile('2021/02/03/device_001/on_wrist.csv', '1\n1\n'),
			textFile('2021/02/04/device_001/on_wrist.csv', '0\n1\n1\n'),
			textFile('2021/02/04/device_002/on_wrist.csv', '1\n')
		]);
		expect(
			plan.deviceDays.map((d) => `${d.record.day} ${d.record.device} ${d.record.onWrist.length}`)
		).toEqual(['2021-02-03 device_001 2', '2021-02-04 device_001 3', '2021-02-04 device_002 1']);
	});

	it('reads single-digit month and day folders as a date', () => {
		const plan = planIngest([textFile('2021/2/4/device_003/on_wrist.csv', '1\n')]);
		expect(plan.deviceDays[0].record.day).toBe('2021-02-04');
	});

	it('rejects folders that are not a calendar date, naming the file', () => {
		const plan = planIngest([textFile('2021/02/30/device_003/on_wrist.csv', '1\n')]);
		expect(plan.deviceDays).toEqual([]);
		expect(plan.errors).toEqual([
			{
				path: '2021/02/30/device_003/on_wrist.csv',
				message: 'device_003/on_wrist.csv: folders 2021/02/30 are not a calendar date'
			}
		]);
	});

	it('reports an original-layout file outside the folders as unplaced, with its summary', () => {
		const plan = planIngest([textFile('temperature.csv', '3500\n3501\n')]);
		expect(plan.deviceDays).toEqual([]);
		expect(plan.errors[0].message).toBe(
			'temperature.csv: an original-layout temperature file, but its path has no YYYY/MM/DD/<device>/ folders, so its device and day are unknown'
		);
		expect(plan.summaries[0]).toMatchObject({ signal: 'temperature', samples: 2, device: null });
	});
});

describe('files recognised by their content', () => {
	it.each([
		['on_wrist', 'a.csv', 'on_wrist.csv'],
		['temperature', 'b.csv', 'temperature.csv'],
		['ppg_green', 'export (1).csv', 'ppg_green.csv']
	] as const)(
		'a renamed %s file (%s) is recognised by its values, with a note',
		(signal, name, source) => {
			const plan = planIngest([
				{ path: `2021/02/04/device_015/${name}`, bytes: fixtureBytes(source) }
			]);
			expect(plan.errors).toEqual([]);
			const s = plan.summaries[0];
			expect(s.signal).toBe(signal);
			expect(s.notes).toEqual([
				`recognised as ${signal}.csv of the original layout by its values (its name does not say)`
			]);
			expect(plan.deviceDays[0].record.device).toBe('device_015');
		}
	);

	it('a fully renamed folder still gives the same device-day as the original names', () => {
		const renamed = planIngest([
			{ path: '2021/02/04/device_015/x.csv', bytes: fixtureBytes('ppg_green.csv') },
			{ path: '2021/02/04/device_015/y.csv', bytes: fixtureBytes('on_wrist.csv') },
			{ path: '2021/02/04/device_015/z.csv', bytes: fixtureBytes('temperature.csv') }
		]);
		const named = planIngest(fixtureFiles());
		expect(renamed.deviceDays[0].record).toEqual(named.deviceDays[0].record);
	});

	it('names the bad line of a renamed file too', () => {
		const text = new TextDecoder()
			.decode(fixtureBytes('temperature.csv'))
			.replace(/^(?:.*\n){16}/, (m) => m + 'abc\n');
		const plan = planIngest([textFile('2021/02/04/device_015/t.csv', text)]);
		expect(plan.errors).toEqual([
			{
				path: '2021/02/04/device_015/t.csv',
				message: "device_015/t.csv: line 17 is not an integer ('abc')"
			}
		]);
		expect(plan.summaries[0].signal).toBe('temperature');
	});

	it('reads CRLF line ends, a UTF-8 byte order mark and spaces around values', () => {
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf(' 3500\r\n3501 \r\n-12\r\n')]);
		const plan = planIngest([{ path: '2021/02/04/d/temperature.csv', bytes }]);
		expect(plan.errors).toEqual([]);
		expect(Array.from(plan.deviceDays[0].record.temperature)).toEqual([3500, 3501, -12]);
	});
});

describe('incomplete and doubtful device folders', () => {
	it('leaves a missing signal empty and says so', () => {
		const plan = planIngest([textFile('2021/02/04/device_009/temperature.csv', '3500\n3500\n')]);
		const d = plan.deviceDays[0];
		expect([d.record.onWrist.length, d.record.temperature.length, d.record.ppg.length]).toEqual([
			0, 2, 0
		]);
		expect(d.notes).toEqual([
			'no on_wrist.csv: on-wrist is empty',
			'no ppg_green.csv: PPG is empty'
		]);
	});

	it('loads the rest of a folder when one of its files is bad, and names the bad one', () => {
		const plan = planIngest([
			textFile('2021/02/04/device_009/on_wrist.csv', '1\n1\n'),
			textFile('2021/02/04/device_009/temperature.csv', '3500\nhot\n')
		]);
		expect(plan.errors).toEqual([
			{
				path: '2021/02/04/device_009/temperature.csv',
				message: "device_009/temperature.csv: line 2 is not an integer ('hot')"
			}
		]);
		expect(plan.deviceDays[0].record.onWrist.length).toBe(2);
		expect(plan.deviceDays[0].notes).toContain(
			'temperature.csv could not be read: temperature is empty'
		);
	});

	it('ignores a second file of the same signal in one folder, naming it', () => {
		const plan = planIngest([
			textFile('2021/02/04/device_009/temperature.csv', '3500\n'),
			textFile('2021/02/04/device_009/temp copy.csv', '3600\n3600\n3600\n')
		]);
		expect(plan.errors.map((e) => e.message)).toEqual([
			'device_009/temp copy.csv: a second temperature file for device_009 2021-02-04 (the first is temperature.csv): ignored'
		]);
		expect(Array.from(plan.deviceDays[0].record.temperature)).toEqual([3500]);
	});

	it('reports on-wrist values other than 0 and 1 as a problem of the file', () => {
		const plan = planIngest([textFile('2021/02/04/device_009/on_wrist.csv', '1\n1\n2\n0\n')]);
		expect(plan.summaries[0].problems).toEqual([
			'1 values other than 0 and 1 (first on line 3: 2); the kernel multiplies by them'
		]);
	});
});
