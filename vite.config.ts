import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * What the workers' own builds emit (their chunks, parquet-wasm's wasm) is not in
 * SvelteKit's `$service-worker` list of built files; this writes those files to
 * `_app/worker-files.json`, and the service worker caches them too.
 */
function workerFilesList(): Plugin {
	return {
		name: 'worker-files-list',
		apply: 'build',
		writeBundle(options, bundle) {
			if (this.environment.name !== 'client' || !options.dir) return;
			const files = Object.keys(bundle).filter((f) => f.startsWith('_app/immutable/workers/'));
			writeFileSync(join(options.dir, '_app/worker-files.json'), JSON.stringify(files.sort()));
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), workerFilesList()],
	optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
	worker: { format: 'es' },
	build: { target: 'es2022', chunkSizeWarningLimit: 1200 },
	server: { fs: { allow: ['workers'] } },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['test/unit/**/*.test.ts'],
					testTimeout: 30_000
				}
			},
			{
				extends: true,
				test: {
					name: 'browser',
					environment: 'node',
					include: ['test/browser/**/*.test.ts'],
					globalSetup: ['test/browser/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					fileParallelism: false
				}
			}
		]
	}
});
