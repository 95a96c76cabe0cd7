import { describe, expect, it } from 'vitest';
import { clientStores, defaultSimulation } from '../../../src/lib/domain/footfall';

describe('clientStores', () => {
	it('matches the five stores of the original create_app (SEED-FACTS table)', () => {
		expect(clientStores()).toEqual([
			{
				name: 'Madrid',
				sensors: 1,
				opened: '2024-01-01T00:00',
				avg: 1000,
				std: 150,
				pFail: 0.001,
				pAnom: 0.01
			},
			{
				name: 'Paris',
				sensors: 20,
				opened: '2018-01-01T00:00',
				avg: 7000,
				std: 1050,
				pFail: 0.007,
				pAnom: 0.07
			},
			{
				name: 'Berlin',
				sensors: 6,
				opened: '2022-01-01T00:00',
				avg: 3000,
				std: 450,
				pFail: 0.003,
				pAnom: 0.03
			},
			{
				name: 'Roma',
				sensors: 4,
				opened: '2019-01-01T00:00',
				avg: 6000,
				std: 900,
				pFail: 0.006,
				pAnom: 0.06
			},
			{
				name: 'London',
				sensors: 8,
				opened: '2014-01-01T00:00',
				avg: 11000,
				std: 1650,
				pFail: 0.011,
				pAnom: 0.11
			}
		]);
	});

	it('returns fresh objects, so editing one simulation never changes the defaults', () => {
		const a = defaultSimulation();
		a.stores[0].avg = 1;
		expect(defaultSimulation().stores[0].avg).toBe(1000);
	});
});

describe('defaultSimulation', () => {
	it('covers the original dashboard period, July 1 to August 7, 2024, with the seeded generator', () => {
		const p = defaultSimulation();
		expect([p.start, p.end, p.generator]).toEqual(['2024-07-01', '2024-08-07', 'seeded']);
	});
});
