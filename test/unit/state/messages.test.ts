import { describe, expect, it } from 'vitest';
import { simulationMessage } from '../../../src/lib/state/messages';
import { defaultSimulation } from '../../../src/lib/domain/footfall';

const params = defaultSimulation();

describe('simulationMessage', () => {
	it.each([
		[
			'Invalid simulation: stores[0].pFail must be a number from 0 to 1 (got 2)',
			'Invalid simulation: store 1 (Madrid) P(fail) must be a number from 0 to 1 (got 2)'
		],
		[
			'Invalid simulation: stores[1].sensors must be an integer from 1 to 65535 (got 0)',
			'Invalid simulation: store 2 (Paris) sensors must be an integer from 1 to 65535 (got 0)'
		],
		[
			'Invalid simulation: end must not be before start 2024-07-01 (got "2024-06-01")',
			'Invalid simulation: last day must not be before start 2024-07-01 (got "2024-06-01")'
		],
		[
			'Invalid simulation: stores must list 1 to 255 stores (got 0)',
			'Invalid simulation: stores must list 1 to 255 stores (got 0)'
		],
		['stores[9].avg is odd', 'store 10 mean is odd'],
		['stores[0].unknown stays', 'stores[0].unknown stays'],
		['The simulation worker failed', 'The simulation worker failed']
	])('%j -> %j', (message, expected) => {
		expect(simulationMessage(message, params)).toBe(expected);
	});
});
