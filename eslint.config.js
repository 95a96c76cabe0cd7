import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Pure modules: may import `domain` and each other's pure code, never UI, DOM, DuckDB, comlink or Arrow. */
const impure = [
	{ group: ['svelte', 'svelte/*', '$app/*', '@sveltejs/*'], message: 'Pure module: no Svelte.' },
	{ group: ['@duckdb/*'], message: 'Only src/lib/db/duckdb.ts imports DuckDB.' },
	{ group: ['comlink'], message: 'Only src/lib/rpc and workers/ use comlink.' },
	{ group: ['apache-arrow'], message: 'Only src/lib/arrow uses Arrow.' },
	{
		group: ['**/state/*', '**/components/*', '**/charts/*', '**/rpc/*', '$lib/db/duckdb'],
		message: 'Pure modules do not point upward.'
	}
];

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: [
			'src/lib/domain/**',
			'src/lib/simulation/**',
			'src/lib/detection/**',
			'src/lib/ingest/**',
			'src/lib/db/sql/**',
			'src/lib/url-state/**',
			'src/lib/health/**',
			'src/lib/alerts/**'
		],
		rules: { 'no-restricted-imports': ['error', { patterns: impure }] }
	},
	{
		files: ['src/lib/charts/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['@duckdb/*', 'comlink', '**/state/*', '**/rpc/*', '**/db/*'],
							message: 'Charts take data as props.'
						}
					]
				}
			]
		}
	},
	{
		ignores: ['build/', '.svelte-kit/', 'node_modules/', 'bench/results/', 'test-results/']
	}
);
