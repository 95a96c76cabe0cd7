#!/usr/bin/env node
// `npm run bench`: builds the site, then runs every benchmark in bench/ and saves the
// results in bench/results/*.json. Benchmarks measure; tests assert behaviour.
import { spawnSync } from 'node:child_process';

process.env.TZ = 'UTC';
const only = process.argv.slice(2);
const step = (cmd, args) => {
	const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
	if (r.status !== 0) process.exit(r.status ?? 1);
};
if (only.length === 0 || only.includes('browser')) {
	step('npx', ['--no-install', 'vite', 'build', '--logLevel', 'warn']);
}
step('npx', ['--no-install', 'tsx', 'bench/index.ts', ...only]);
