import { describe, expect, it } from 'vitest';
import { healthOrder } from '../../../src/lib/rpc/health';
import { syntheticStore } from './helpers';

describe('runHealth schedules the biggest stores first', () => {
	it('orders by cells, ties in input order', () => {
		const small = syntheticStore({ sensors: 1, days: 7 });
		const big = syntheticStore({ sensors: 20, days: 7 });
		const mid = syntheticStore({ sensors: 4, days: 7 });
		expect(healthOrder([small, big, mid, small])).toEqual([1, 2, 0, 3]);
		expect(healthOrder([])).toEqual([]);
	});
});
