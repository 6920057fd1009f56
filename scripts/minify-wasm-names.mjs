// Renames wasm-bindgen's imports and exports in the JS glue to the short names
// `wasm-opt --minify-imports-and-exports-and-modules` gave them in the wasm.
//
// wasm-bindgen names every import `__wbg_<name>_<16 hex digits>` and they appear twice in the
// download (the wasm's import section and the glue's import object): about 2.5 KB gzip for
// names nobody reads. wasm-opt prints the renaming as JSON; this applies it to the glue and
// fails loudly if the glue does not have the shape it expects (a new wasm-bindgen version), so
// a build can never ship a glue that does not match its wasm.
//
// Usage: node scripts/minify-wasm-names.mjs <names.json> <glue.js> <module.wasm>

import { readFileSync, writeFileSync } from 'node:fs';

const [namesPath, gluePath, wasmPath] = process.argv.slice(2);
const names = JSON.parse(readFileSync(namesPath, 'utf8'));
let glue = readFileSync(gluePath, 'utf8');

function fail(message) {
  console.error(`minify-wasm-names: ${message}`);
  process.exit(1);
}

const escape = (s) => s.replace(/[$]/g, '\\$&');

// The import object's keys: `        __wbg_foo_0123456789abcdef: function(…`.
for (const [, base, short] of names.imports) {
  const key = new RegExp(`(\\n\\s+)${escape(base)}(: function)`, 'g');
  const found = glue.match(key);
  if (!found || found.length !== 1) fail(`import ${base} found ${found ? found.length : 0} times in the glue`);
  glue = glue.replace(key, (_, indent, rest) => indent + short + rest);
}

// The import object's module key, renamed too.
const modules = new Set(
  WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath))).map((i) => i.module),
);
if (modules.size !== 1) fail(`expected one import module, found ${[...modules].join(', ')}`);
const moduleKey = /\n(\s+)"\.\/[\w-]+_bg\.js": import0,/;
if (!moduleKey.test(glue)) fail('no import module key in the glue');
glue = glue.replace(moduleKey, (_, indent) => `\n${indent}${JSON.stringify([...modules][0])}: import0,`);

// Every use of an export: `wasm.__wbindgen_malloc`, `wasm.mount`, …
for (const [long, short] of names.exports) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${escape(long)}\\b`, 'g'), () => `wasm.${short}`);
}
const left = glue.match(/\bwasm\.(__wb\w+|\w+__h[0-9a-f]{16})\b/);
if (left) fail(`export ${left[0]} was not renamed`);

writeFileSync(gluePath, glue);
