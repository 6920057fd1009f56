// What the README tells publishers to paste, read from the README itself, so that the e2e
// tests and the benchmarks run the very text a publisher copies.
import fs from 'node:fs';

/** The README's fenced `html` block that contains `marker`. */
export function readmeBlock(marker) {
  const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = readme.split('```html\n').slice(1).map((b) => b.split('\n```')[0]).find((b) => b.includes(marker));
  if (!block) throw new Error(`no html block with ${JSON.stringify(marker)} in the README`);
  return block;
}

/** The README's early request, for the server at `api` and the page's `article`. */
export function earlyRequest(api, article) {
  return readmeBlock("Kiosque's early request")
    .replace("'https://kiosque.example.org'", `'${api}'`)
    .replace("'protection-enfance-reforme-financement-departements'", `'${article}'`);
}
