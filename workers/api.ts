/**
 * The comlink APIs the workers expose. Types only: `src/lib/rpc` imports these to type
 * its proxies; the worker entries implement them.
 */
import type { ReadingColumns, SimulationParams } from '../src/lib/domain/footfall';

/** A slice of a simulation: readings of sensors [sensorFrom, sensorTo) of one store. */
export interface SimulationChunk {
	store: number;
	sensorFrom: number;
	sensorTo: number;
}

export interface SimulateApi {
	/** Simulate one chunk; the column buffers are transferred to the caller. */
	simulate(params: SimulationParams, chunk: SimulationChunk): Promise<ReadingColumns>;
	/** Simulate one chunk and encode it as an Arrow IPC stream (bytes transferred). */
	simulateIPC(
		params: SimulationParams,
		chunk: SimulationChunk
	): Promise<{ ipc: Uint8Array; length: number }>;
}
