/**
 * The footfall simulation and the page's address: when two simulations are the same run
 * as far as a link can tell, and why one cannot be put into a link. Pure, for the rune
 * class and Node tests.
 */
import type { SimulationParams } from '../domain/footfall';
import { validateSimulation } from '../simulation/footfall';
import { decodeFootfall, defaultFootfallState, footfallQuery } from '../url-state';

/** The query that names `sim` alone: two simulations with the same one are the same run. */
export const simulationKey = (sim: SimulationParams) => footfallQuery(defaultFootfallState(sim));

/**
 * Why `sim`, which the simulator accepts, cannot be written into the address (a link
 * would reopen another simulation): the URL wants store names non-empty and unique and
 * a seed of at most 100 characters. Null when it can, or when the simulator itself will
 * refuse it (its message is the one to show).
 */
export function linkProblem(sim: SimulationParams): string | null {
	try {
		validateSimulation(sim);
	} catch {
		return null;
	}
	const { problems } = decodeFootfall(new URLSearchParams(simulationKey(sim)));
	if (problems.length === 0) return null;
	const what = problems[0].replace(/; using [^;]*$/, '');
	return `This simulation cannot be kept in the page's address, so a link could not reopen it: ${what}.`;
}
