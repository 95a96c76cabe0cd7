import { describe, expect, it } from 'vitest';
import { detectBothModes, detectDeviceDay } from '../../../src/lib/detection/device-day';
import { detectionParamsProblems, resolveDetectionParams } from '../../../src/lib/detection/params';
import { defaultDetectionParams, type DeviceDay } from '../../../src/lib/domain/wearables';
import {
	readFixtureDevice,
	recording,
	referencePpg,
	referenceTemperature,
	relDiff,
	steady,
	syntheticPpg
} from './helpers';

describe('the real healthy device (fd2s 2021/02/04 device_015)', () => {
	const rec = readFixtureDevice();
	const original = resolveDetectionParams({ mode: 'original' });

	it('has the shape the seed describes: 378 s on the wrist, 4 Hz temperature, 64 Hz PPG', () => {
		expect([rec.onWrist.length, rec.temperature.length, rec.ppg.length]).toEqual([
			378, 1512, 24266
		]);
		expect(Array.from(rec.ppg.subarray(0, 3))).toEqual([63, 126, 189]);
	});

	it('raises no flag in wear-aware mode (the default)', () => {
		const r = detectDeviceDay(rec);
		expect(r.mode).toBe('wear-aware');
		expect(r.flags).toEqual([]);
		expect(r.status).toBe('ok');
		expect(r.temperature.status).toBe('ok');
		expect(r.ppg.status).toBe('ok');
		expect(r.quality.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'info']);
	});

	it('raises no flag in original mode either, with these metrics', () => {
		const r = detectDeviceDay(rec, original);
		expect(r.flags).toEqual([]);
		expect(r.temperature.metrics).toEqual({
			samples: 1512,
			noOnWristReading: 0,
			worn: 1512,
			settling: 0,
			analysed: 1512,
			segments: 1,
			banded: 313,
			outside: 0,
			volatilityIndex: 0,
			avg: 5406520 / 1512,
			max: 3591
		});
		expect(r.ppg.metrics).toEqual({
			samples: 24266,
			decimated: 1517,
			rows: 1517,
			unaligned: 5,
			worn: 1512,
			min: 5094,
			avg: r.ppg.metrics.avg,
			max: 20351
		});
		expect(r.ppg.metrics.avg).toBeCloseTo(8054.1012, 4);
		expect(r.temperature.checks.map((c) => c.reason)).toEqual([
			'volatility index 0: no sample outside the ±3.0 std band',
			'average 35.76 °C is within 32.00 °C to 43.00 °C',
			'maximum 35.91 °C is at most 43.00 °C'
		]);
		expect(r.ppg.checks.map((c) => c.reason)).toEqual([
			'minimum 5094 (after the first 1000 worn samples) is within 1000 to 6000',
			'average 8054.1 is within 5000 to 11000',
			'maximum 20351 is within 19000 to 21000'
		]);
	});

	it('computes the original temperature metrics as the O(n w) reference does, to 1e-6', () => {
		const r = detectDeviceDay(rec, original, { series: true });
		const ref = referenceTemperature(rec.onWrist, rec.temperature, original);
		const m = r.temperature.metrics;
		expect([m.analysed, m.banded, m.outside]).toEqual([ref.analysed, ref.banded, ref.outside]);
		expect(relDiff(m.volatilityIndex, ref.vi)).toBeLessThan(1e-6);
		expect(relDiff(m.avg, ref.avg)).toBeLessThan(1e-6);
		expect(m.max).toBe(ref.max);
	});

	it('computes the original PPG metrics as the plain-array reference does', () => {
		const r = detectDeviceDay(rec, original);
		const ref = referencePpg(rec.onWrist, rec.ppg, original);
		const m = r.ppg.metrics;
		expect([m.rows, m.unaligned, m.worn, m.min, m.max]).toEqual([
			ref.rows,
			ref.unaligned,
			ref.worn,
			ref.min,
			ref.max
		]);
		expect(relDiff(m.avg, ref.avg)).toBeLessThan(1e-6);
	});

	it('sees no flat line or clipping in its PPG and reports the pulse share it finds', () => {
		const q = detectDeviceDay(rec).quality;
		expect(q.metrics.ramp).toBe(94);
		expect(q.metrics.flatFraction).toBe(0);
		expect(q.metrics.clipFraction).toBeLessThan(0.001);
		expect(q.metrics.windows).toBe(47);
		expect(q.pulse.bpm.length).toBe(47);
	});
});

describe('detectDeviceDay', () => {
	/** A device worn 10 min, off 5 min, worn 15 min with a warm-up; healthy 72 bpm PPG. */
	function donnedTwice(): DeviceDay {
		const rec = recording([
			{ seconds: 600, worn: true, temperature: steady(3450, 3, 1) },
			{ seconds: 300, worn: false, temperature: steady(2300, 3, 2) },
			{
				seconds: 900,
				worn: true,
				temperature: (t) => 3450 - 1050 * Math.exp(-t / 4 / 60) + ((t * 7919) % 7) - 3
			}
		]);
		// PPG in the original's healthy ranges: min about 3000, avg 8300, max 20000
		const ppg = syntheticPpg(1800, 72, { amplitude: 11000, wander: 3000, seed: 2 });
		return { ...rec, ppg: ppg.map((v) => v - 2000) };
	}

	it('puts each section and its flags into one result per device-day', () => {
		const rec = donnedTwice();
		const both = detectBothModes(rec);
		expect(both.original.flags.map((f) => [f.section, f.rule])).toEqual([
			['temperature', 'volatility']
		]);
		expect(both.original.flags[0].reason).toMatch(/^volatility index \d+\.\d is above 50/);
		expect(both.original.status).toBe('flagged');
		expect(both['wear-aware'].flags).toEqual([]);
		expect(both['wear-aware'].status).toBe('ok');
		expect(both['wear-aware'].device).toBe('device_test');
		expect(both['wear-aware'].day).toBe('2021-02-02');
	});

	it('gives the same results side by side as one mode at a time', () => {
		const rec = donnedTwice();
		const both = detectBothModes(rec);
		for (const mode of ['original', 'wear-aware'] as const) {
			expect(both[mode]).toEqual(detectDeviceDay(rec, resolveDetectionParams({ mode })));
		}
	});

	it('counts PPG quality flags in wear-aware mode only (the original had none)', () => {
		const rec = donnedTwice();
		const flat = { ...rec, ppg: rec.ppg.map((v, i) => (i > 64 * 600 ? 9000 : v)) };
		const both = detectBothModes(flat);
		expect(both['wear-aware'].flags.map((f) => f.section)).toContain('ppg-quality');
		expect(both.original.flags.map((f) => f.section)).not.toContain('ppg-quality');
		expect(both.original.quality.flags.length).toBeGreaterThan(0);
	});

	it('says insufficient data, with no flags, for a device never worn', () => {
		const rec = recording([{ seconds: 600, worn: false, temperature: () => 2100 }]);
		const r = detectDeviceDay({ ...rec, ppg: syntheticPpg(600, 72) });
		expect(r.status).toBe('insufficient-data');
		expect(r.flags).toEqual([]);
		expect(r.temperature.checks[0].reason).toBe('no worn samples');
		expect(r.ppg.checks[0].reason).toBe('no worn PPG samples');
	});

	it('refuses invalid parameters with every problem in words', () => {
		const p = resolveDetectionParams({ ppg: { ruleHz: 5 }, quality: { minBpm: 250 } });
		expect(detectionParamsProblems(p)).toEqual([
			'rates.ppgHz must be a whole multiple of ppg.ruleHz',
			'quality.minBpm must be > 0 and < quality.maxBpm'
		]);
		expect(() => detectDeviceDay(donnedTwice(), p)).toThrow(
			'detection parameters: rates.ppgHz must be a whole multiple of ppg.ruleHz; quality.minBpm must be > 0 and < quality.maxBpm'
		);
	});

	it('has the original thresholds and a wear-aware mode by default, fresh each time', () => {
		const d = defaultDetectionParams();
		expect(d.mode).toBe('wear-aware');
		expect(d.temperature).toMatchObject({
			window: 1200,
			k: 3,
			volatilityLimit: 50,
			avgLow: 3200,
			avgHigh: 4300,
			maxHigh: 4300
		});
		expect(d.ppg).toMatchObject({
			minSkip: 1000,
			minLow: 1000,
			minHigh: 6000,
			avgLow: 5000,
			avgHigh: 11000,
			maxLow: 19000,
			maxHigh: 21000
		});
		expect(detectionParamsProblems(d)).toEqual([]);
		d.temperature.window = 5;
		expect(defaultDetectionParams().temperature.window).toBe(1200);
	});
});

describe('a work buffer shared across device-days', () => {
	const params = resolveDetectionParams();
	const days = [
		recording([
			{ seconds: 900, worn: true, temperature: steady(3400, 8, 1) },
			{ seconds: 300, worn: false, temperature: steady(2200, 5, 2) },
			{ seconds: 1500, worn: true, temperature: steady(3450, 12, 3) }
		]),
		recording([{ seconds: 2000, worn: true, temperature: steady(3300, 30, 4) }]),
		recording([{ seconds: 200, worn: true, temperature: steady(3500, 5, 5) }])
	];

	it('gives the same results, series included, as a fresh buffer per device-day', () => {
		const scratch = new Int32Array(4 * 2700).fill(-123_456); // dirty, long enough for all
		for (const rec of days) {
			expect(detectBothModes(rec, params, { scratch })).toEqual(detectBothModes(rec, params));
			expect(detectBothModes(rec, params, { scratch, series: true })).toEqual(
				detectBothModes(rec, params, { series: true })
			);
			expect(detectDeviceDay(rec, params, { scratch })).toEqual(detectDeviceDay(rec, params));
		}
	});

	it('is not used when it is too short, and the results never refer to it', () => {
		const short = new Int32Array(10).fill(7);
		const rec = days[0];
		expect(detectBothModes(rec, params, { scratch: short })).toEqual(detectBothModes(rec, params));
		expect(Array.from(short)).toEqual(new Array(10).fill(7));
		const scratch = new Int32Array(rec.temperature.length);
		const kept = detectBothModes(rec, params, { scratch, series: true });
		const copy = structuredClone(kept);
		detectBothModes(days[1], params, { scratch, series: true });
		expect(kept).toEqual(copy);
	});
});
