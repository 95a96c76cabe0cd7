import { describe, expect, it } from 'vitest';
import { resolveDetectionParams } from '../../../src/lib/detection/params';
import { ppgRules } from '../../../src/lib/detection/ppg';
import type { DeviceDay } from '../../../src/lib/domain/wearables';
import { referencePpg, relDiff, rng } from './helpers';

const p = resolveDetectionParams({ mode: 'original' });

/** on_wrist of `seconds` (all worn unless given) and a 64 Hz PPG from a function of the sample. */
function device(seconds: number, ppg: (i: number) => number, onWrist?: number[]): DeviceDay {
	return {
		device: 'd',
		day: '2021-02-02',
		onWrist: Uint8Array.from(onWrist ?? new Array(seconds).fill(1)),
		temperature: new Int32Array(0),
		ppg: Int32Array.from({ length: seconds * 64 }, (_, i) => ppg(i))
	};
}

/** The start-up ramp 63, 126, ... for `n` samples, then `after`. */
const ramped = (n: number, after: (i: number) => number) => (i: number) =>
	i < n ? 63 * (i + 1) : after(i);

describe('PPG rules, the original rule set', () => {
	it('skips the first 1000 remaining samples (the start-up ramp) for the minimum only', () => {
		// the real ramp: 94 samples of 63, 126, ..., 5922; then values from 3000 upwards
		const rec = device(
			600,
			ramped(94, (i) => 3000 + (i % 640))
		);
		const v = ppgRules(rec, p);
		expect(v.metrics.min).toBe(3000);
		expect(v.checks[0].reason).toBe(
			'minimum 3000 (after the first 1000 worn samples) is within 1000 to 6000'
		);
		const all = ppgRules(rec, resolveDetectionParams({ ppg: { minSkip: 0 } }));
		expect(all.metrics.min).toBe(63);
		expect(all.checks[0].reason).toBe('minimum 63 (after the first 0 worn samples) is below 1000');
		// the average includes the ramp in both cases, as in the original
		expect(v.metrics.avg).toBe(all.metrics.avg);
	});

	/** A triangle from base to base + swing every 32 decimated samples: average base + swing / 2. */
	const triangle = (base: number, swing: number) => (i: number) => {
		const phase = Math.floor(i / 16) % 32;
		return Math.round(base + (swing * (phase < 16 ? phase : 32 - phase)) / 16);
	};

	it.each([
		{ name: 'nothing in healthy ranges', ppg: triangle(2000, 17500), flags: [] },
		{ name: 'a low minimum', ppg: triangle(500, 19000), flags: ['min'] },
		{ name: 'a high minimum', ppg: triangle(6500, 13000), flags: ['min', 'avg'] },
		{
			name: 'a low average (rare peaks on a low level)',
			ppg: (i: number) => (Math.floor(i / 16) % 32 === 0 ? 20000 : 2000),
			flags: ['avg']
		},
		{ name: 'a high average', ppg: triangle(5000, 15000), flags: ['avg'] },
		{ name: 'a maximum below 19000', ppg: triangle(2000, 16000), flags: ['max'] },
		{
			name: 'a spike above 21000',
			ppg: (i: number) => (i === 64 * 300 ? 25000 : triangle(2000, 17500)(i)),
			flags: ['max']
		}
	])('flags $name', ({ ppg, flags }) => {
		const rec = device(600, ppg);
		const v = ppgRules(rec, p);
		const ref = referencePpg(rec.onWrist, rec.ppg, p);
		expect(v.flags.map((f) => f.rule)).toEqual(flags);
		expect(v.status).toBe(flags.length ? 'flagged' : 'ok');
		expect([v.metrics.min, v.metrics.max]).toEqual([ref.min, ref.max]);
		expect(relDiff(v.metrics.avg, ref.avg)).toBeLessThan(1e-12);
	});

	it('takes every 16th sample, including the first of an incomplete last block', () => {
		const rec: DeviceDay = {
			device: 'd',
			day: '2021-02-02',
			onWrist: Uint8Array.of(1, 1, 1),
			temperature: new Int32Array(0),
			ppg: Int32Array.from({ length: 33 }, (_, i) => i + 1)
		};
		const v = ppgRules(rec, resolveDetectionParams({ ppg: { minSkip: 0 } }));
		expect(v.metrics.decimated).toBe(3);
		expect([v.metrics.min, v.metrics.max, v.metrics.avg]).toEqual([1, 33, 17]);
	});

	it('keeps rows with only one side but counts them in no statistic (PPG longer)', () => {
		const rec = device(100, () => 7000);
		const longer = { ...rec, onWrist: rec.onWrist.subarray(0, 90) };
		const v = ppgRules(longer, p);
		expect(v.metrics).toMatchObject({ rows: 400, unaligned: 40, worn: 360 });
		expect(v.notes).toEqual([
			'40 rows (10 s) at the end have PPG data only: kept, counted in no statistic'
		]);
	});

	it('keeps rows with only one side but counts them in no statistic (on-wrist longer)', () => {
		const rec = device(100, () => 7000, new Array(120).fill(1));
		const v = ppgRules(rec, p);
		expect(v.metrics).toMatchObject({ rows: 480, unaligned: 80, worn: 400 });
		expect(v.notes[0]).toMatch(/have on-wrist data only/);
	});

	it('drops samples while not worn and samples that read 0', () => {
		const on = Array.from({ length: 400 }, (_, s) => (s % 4 === 0 ? 0 : 1));
		const rec = device(400, (i) => (i % 160 === 0 ? 0 : 7000), on);
		const v = ppgRules(rec, p);
		const ref = referencePpg(rec.onWrist, rec.ppg, p);
		expect(v.metrics.worn).toBe(ref.worn);
		expect(v.metrics.worn).toBeLessThan(1200);
	});

	it('does not judge the minimum with 1000 worn samples or fewer', () => {
		const v = ppgRules(
			device(250, () => 7000),
			p
		);
		expect(v.metrics.worn).toBe(1000);
		expect(v.checks[0].status).toBe('not-evaluated');
		expect(v.checks[0].reason).toBe(
			'only 1000 worn samples: the minimum skips the first 1000 (the start-up ramp)'
		);
		expect(v.metrics.min).toBeNaN();
	});

	it('reports no worn samples as insufficient data without flags', () => {
		const v = ppgRules(
			device(300, () => 7000, new Array(300).fill(0)),
			p
		);
		expect(v.status).toBe('insufficient-data');
		expect(v.flags).toEqual([]);
		expect(v.checks.every((c) => c.reason === 'no worn PPG samples')).toBe(true);
	});

	it.each([1, 2, 3, 4, 5, 6, 7, 8])(
		'matches the straightforward reference on random recording %i',
		(seed) => {
			const u = rng(seed);
			const seconds = 200 + Math.floor(u() * 600);
			const on = Array.from({ length: seconds + Math.floor((u() - 0.5) * 40) }, () =>
				u() < 0.8 ? 1 : 0
			);
			const ppg = Int32Array.from(
				{ length: seconds * 64 + Math.floor(u() * 15) },
				() => Math.floor(u() * 22000) * (u() < 0.02 ? 0 : 1)
			);
			const rec: DeviceDay = {
				device: 'd',
				day: 'x',
				onWrist: Uint8Array.from(on),
				temperature: new Int32Array(0),
				ppg
			};
			const v = ppgRules(rec, p);
			const ref = referencePpg(rec.onWrist, rec.ppg, p);
			expect({
				rows: v.metrics.rows,
				unaligned: v.metrics.unaligned,
				worn: v.metrics.worn,
				min: v.metrics.min,
				max: v.metrics.max
			}).toEqual({
				rows: ref.rows,
				unaligned: ref.unaligned,
				worn: ref.worn,
				min: ref.min,
				max: ref.max
			});
			expect(relDiff(v.metrics.avg, ref.avg)).toBeLessThan(1e-12);
		}
	);
});
