#!/usr/bin/env node
// Runs every check and test suite, then prints one summary line `N passed, N failed`.
// Steps: type-check, lint, build, sub-path build, unit tests (Node), browser tests (built
// sites in Chromium). Type-check, lint and each build count as one check in the summary.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';

process.env.TZ = 'UTC';
const results = [];

function run(name, cmd, args, opts = {}) {
	console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
	const t0 = Date.now();
	const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env, ...opts });
	const ok = r.status === 0;
	console.log(`=== ${name}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	return ok;
}

function ensureChromium() {
	const bin = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	if (existsSync(bin)) return true;
	if (process.getuid?.() !== 0) {
		console.error(`Chromium not found at ${bin}; install it: sudo apt-get install -y chromium`);
		return false;
	}
	return run('install chromium', 'sh', [
		'-c',
		'apt-get update -qq && apt-get install -y -qq chromium'
	]);
}

const check = (name, ok) => results.push({ name, ok });

check('type-check', run('type-check', 'npm', ['run', '-s', 'check']));
check('lint', run('lint', 'npm', ['run', '-s', 'lint']));
const built = run('build', 'npx', ['--no-install', 'vite', 'build', '--logLevel', 'warn']);
check('build', built);
// The same site for hosting under a sub-path, which test/browser/hosting.test.ts serves
// under /sub/ (BUILD_DIR and base as in test/browser/global-setup.ts).
check(
	'build (sub-path)',
	run('build (sub-path)', 'npx', ['--no-install', 'vite', 'build', '--logLevel', 'warn'], {
		env: { ...process.env, BASE_PATH: '/sub', BUILD_DIR: 'test-results/build-sub' }
	})
);

const projects = ['--project', 'unit'];
if (built && ensureChromium()) projects.push('--project', 'browser');
else console.error('Browser tests skipped: no build or no Chromium. They count as failed.');

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
run('tests', 'npx', [
	'--no-install',
	'vitest',
	'run',
	...projects,
	'--reporter=default',
	'--reporter=json',
	`--outputFile=${report}`
]);

let passed = results.filter((r) => r.ok).length;
let failed = results.filter((r) => !r.ok).length;
if (existsSync(report)) {
	const j = JSON.parse(readFileSync(report, 'utf8'));
	passed += j.numPassedTests;
	failed += j.numFailedTests + filesThatFailedToRun(j);
	if (!projects.includes('browser')) failed += 1;
	console.log(
		`\nvitest: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numTotalTestSuites} files`
	);
} else {
	failed += 1;
	console.log('\nvitest wrote no report');
}
for (const r of results) console.log(`${r.name}: ${r.ok ? 'passed' : 'FAILED'}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/** A file that fails to load has no failed test but did fail: count it once. */
function filesThatFailedToRun(j) {
	return j.testResults.filter(
		(f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')
	).length;
}
