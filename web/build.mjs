// Builds web/dist: API types generated from the OpenAPI document, the whole app type-checked with tsc --strict,
// bundled with esbuild, and the first load (page, script, styles) held under the 200 KB gzipped budget.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import openapiTS, { astToString } from 'openapi-typescript';

const contract = new URL('../functions/VictimAssistance.Functions/openapi.json', import.meta.url);
const generated = new URL('./src/generated/api.d.ts', import.meta.url);
const dist = new URL('./dist/', import.meta.url);
const firstLoadBudget = 200 * 1024;

mkdirSync(new URL('./src/generated/', import.meta.url), { recursive: true });
const ast = await openapiTS(JSON.parse(readFileSync(contract, 'utf8')));
writeFileSync(generated, '// Generated from openapi.json by web/build.mjs; do not edit.\n' + astToString(ast));

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', new URL('./tsconfig.json', import.meta.url).pathname], { stdio: 'inherit' });
} catch {
  console.error('web: the type check failed (the errors are above).');
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
const result = await build({
  entryPoints: { app: 'src/main.tsx', styles: 'src/styles.css' },
  absWorkingDir: new URL('.', import.meta.url).pathname,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  metafile: true,
  chunkNames: 'chunks/[name]-[hash]',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
});
cpSync(new URL('./src/index.html', import.meta.url), new URL('./index.html', dist));
cpSync(new URL('./staticwebapp.config.json', import.meta.url), new URL('./staticwebapp.config.json', dist));

// The first load is the page, its stylesheet, the entry script and the chunks it imports statically.
const outputs = result.metafile.outputs;
const firstLoad = new Set(['dist/app.js', 'dist/styles.css']);
for (const file of firstLoad) {
  for (const imported of outputs[file]?.imports ?? []) {
    if (imported.kind === 'import-statement') firstLoad.add(imported.path);
  }
}
const gzipped = [...firstLoad, 'dist/index.html']
  .map((file) => gzipSync(readFileSync(new URL('../' + file, dist))).length)
  .reduce((sum, size) => sum + size, 0);
console.log(`web/dist built; first load ${(gzipped / 1024).toFixed(1)} KB gzipped`);
if (gzipped > firstLoadBudget) {
  throw new Error(`The first load is ${gzipped} bytes gzipped, over the ${firstLoadBudget}-byte budget.`);
}
writeFileSync(new URL('./.built', dist), new Date().toISOString());
