// Replaces wasm-bindgen's initialisation in the JS glue with the one Kiosque's loader uses.
//
// The glue's end accepts a URL, a Request, a Response, a Module, bytes, and the deprecated
// forms of each, with a warning for each (`initSync` too). The loader (www/loader/mounter.js)
// always hands over the pending answer for the wasm, so everything else is download for
// nothing: 386 B of brotli a module, measured, on a page budgeted to the byte (BENCHMARKS.md).
// What stays: the check of the answer, streaming compilation, and its fallback for a server
// that sends the wasm without the `application/wasm` type. Fails loudly if the glue does not
// have the shape it expects (a new wasm-bindgen version).
//
// Usage: node scripts/trim-glue.mjs <glue.js>

import { readFileSync, writeFileSync } from 'node:fs';

const [gluePath] = process.argv.slice(2);
let glue = readFileSync(gluePath, 'utf8');
const START = 'async function __wbg_load(module, imports) {';
const END = 'export { initSync, __wbg_init as default };\n';
const at = glue.indexOf(START);
if (at < 0 || !glue.endsWith(END) || !glue.includes('function __wbg_finalize_init(instance, module) {')) {
  console.error(`trim-glue: ${gluePath} does not end as wasm-bindgen 0.2.130's glue does`);
  process.exit(1);
}
// Also dropped: `Mounted.free` (the loader unmounts; the finalizer frees) and the
// `encodeInto` polyfill (every browser that runs the widget has it).
for (const unused of [
  `    free() {
        const ptr = this.__destroy_into_raw();
        wasm.`,
  "if (!('encodeInto' in cachedTextEncoder)) {",
]) {
  if (!glue.includes(unused)) {
    console.error(`trim-glue: ${gluePath} has no ${JSON.stringify(unused.split('\n')[0])}`);
    process.exit(1);
  }
}
glue = glue
  .replace(/\n {4}free\(\) \{\n[^}]*\n {4}\}/, '')
  .replace(/\nif \(Symbol\.dispose\) Mounted\.prototype\[Symbol\.dispose\] = Mounted\.prototype\.free;/, '')
  .replace(/\nif \(!\('encodeInto' in cachedTextEncoder\)\) \{\n[\s\S]*?\n\}\n/, '\n');
glue = `${glue.slice(0, glue.indexOf(START))}// Kiosque's loader hands over the pending answer for the wasm (scripts/trim-glue.mjs).
async function __wbg_init({ module_or_path }) {
    const response = await module_or_path;
    if (!response.ok) throw new Error(\`\${response.status} \${response.url}\`);
    const imports = __wbg_get_imports();
    let loaded;
    try {
        loaded = await WebAssembly.instantiateStreaming(response, imports);
    } catch (e) {
        // Sent without the application/wasm type: compiled from its bytes instead.
        if (response.headers.get('content-type') === 'application/wasm') throw e;
        loaded = await WebAssembly.instantiate(await response.arrayBuffer(), imports);
    }
    return __wbg_finalize_init(loaded.instance, loaded.module);
}

export { __wbg_init as default };
`;
writeFileSync(gluePath, glue);
