/**
 * The simulator names invalid fields the way the code sees them (`stores[0].pFail`);
 * the page says them the way the form labels them (`store 1 (Madrid) P(fail)`).
 */
import type { SimulationParams } from '../domain/footfall';

const STORE_FIELDS: Record<string, string> = {
	name: 'name',
	sensors: 'sensors',
	opened: 'opening date',
	avg: 'mean',
	std: 'std',
	pFail: 'P(fail)',
	pAnom: 'P(anomaly)'
};

const TOP_FIELDS: Record<string, string> = {
	start: 'first day',
	end: 'last day',
	seed: 'seed',
	generator: 'generator'
};

/** `message` with field paths replaced by the labels of the simulation form. */
export function simulationMessage(message: string, params: SimulationParams): string {
	return message
		.replace(/\bstores\[(\d+)\]\.(\w+)/g, (all, i: string, field: string) => {
			const name = params.stores?.[Number(i)]?.name;
			const label = STORE_FIELDS[field];
			if (!label) return all;
			return `store ${Number(i) + 1}${name ? ` (${name})` : ''} ${label}`;
		})
		.replace(/^(Invalid simulation: )(\w+)\b/, (all, head: string, field: string) =>
			TOP_FIELDS[field] ? `${head}${TOP_FIELDS[field]}` : all
		);
}
