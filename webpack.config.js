// Bundles the loader (www/loader → dist/kiosque.js) and copies next to it the wasm-bindgen
// output (pkg/, built by `make wasm`) and the demo site's assets.
//
// The glue, the wasm and the stylesheet get content-hashed names (kiosque_widget.<16 hex>.js,
// kiosque_widget_bg.<16 hex>.wasm, kiosque_widget.<16 hex>.css, the hash of the release's modules) that the loader is built
// with: the server caches them for a year (immutable), while the loader keeps its stable name
// and is revalidated on every page view, so a new release reaches readers on their next page
// and a CDN can sit in front.
//
// Every text file and the wasm are also written precompressed, as a CDN would keep them:
// `.br` (brotli, quality 11) and `.gz` (zopfli, a few percent smaller than gzip -9 and read by
// every gzip decoder). The server sends the variant a browser accepts (tower-http ServeDir), so
// nothing is compressed per request.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const webpack = require('webpack');
const CompressionPlugin = require('compression-webpack-plugin');
const CopyPlugin = require('copy-webpack-plugin');
const { minify } = require('terser');
const zopfli = require('@gfx/zopfli');

const COMPRESSIBLE = /\.(js|wasm|css|html|svg|json|xml|txt)$/;

// The modules (see the Makefile): one with every kind, and one per kind.
const STEMS = ['kiosque_widget', 'kiosque_paywall', 'kiosque_teasers', 'kiosque_webinar', 'kiosque_offers', 'kiosque_survey'];

// The widget's stylesheets. The base and paywall rules (`src/style.css`) are built into the
// loader: a paywall's first paint and the loader's own notice need them before any module,
// and a page of paywalls then needs no stylesheet file at all. Every other module has a file
// of its own beside it (`kiosque_teasers.<hash>.css`) with the rules of its kinds, which the
// loader adopts after the base rules: the other kinds' rules only where one of them is shown,
// the questionnaire's only in its module's.
const BASE_STYLE = 'style';
const STYLES = {
  kiosque_widget: ['style-kinds'],
  kiosque_paywall: [],
  kiosque_teasers: ['style-kinds'],
  kiosque_webinar: ['style-kinds'],
  kiosque_offers: ['style-kinds'],
  kiosque_survey: ['style-kinds', 'style-survey'],
};

// Drops comments, collapses white space and removes it around punctuation: enough for our own
// stylesheets (no strings or `url()` holding these characters), and every byte is a reader's.
function minifyCss(css) {
  const collapsed = css.replace(/\/\*[\s\S]*?\*\//g, '').split(/\s+/).filter(Boolean).join(' ');
  return collapsed.replace(/ ?([{};:,>]) ?/g, '$1').replace(/;}/g, '}');
}
const minified = (name) => minifyCss(fs.readFileSync(`src/${name}.css`, 'utf8'));
const stylesheet = (stem) => STYLES[stem].map(minified).join('');

// One content hash for the release: the first 16 hex digits of the SHA-256 of every module's
// glue, wasm and stylesheet, in order (the base rules are in the loader, which is not named by
// a hash). Any changed byte gives every module a new name; the loader carries
// the one hash instead of one per file, which keeps its download small (each hash is 8 bytes
// that no compressor can shrink).
const RELEASE = (() => {
  const hash = crypto.createHash('sha256');
  for (const stem of STEMS) {
    for (const file of [`pkg/${stem}.js`, `pkg/${stem}_bg.wasm`]) hash.update(fs.readFileSync(file));
    hash.update(stylesheet(stem));
  }
  return hash.digest('hex').slice(0, 16);
})();
const MODULES = STEMS.map((stem) => ({
  stem,
  glue: `${stem}.${RELEASE}.js`,
  wasm: `${stem}_bg.${RELEASE}.wasm`,
  css: STYLES[stem].length ? `${stem}.${RELEASE}.css` : null,
}));

// Writes each module's stylesheet into the build, early enough to be precompressed below.
class StylesheetsPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('Stylesheets', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'Stylesheets', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          for (const m of MODULES.filter((m) => m.css)) compilation.emitAsset(m.css, new webpack.sources.RawSource(stylesheet(m.stem)));
        },
      );
    });
  }
}

module.exports = {
  mode: 'production',
  entry: { kiosque: './www/loader/index.js' },
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: '[name].js',
    iife: true,
    clean: true,
  },
  target: ['web', 'es2020'],
  devtool: false,
  performance: { hints: false },
  plugins: [
    new webpack.DefinePlugin({
      __KIOSQUE_RELEASE__: JSON.stringify(RELEASE),
      __KIOSQUE_STYLE__: JSON.stringify(minified(BASE_STYLE)),
    }),
    new StylesheetsPlugin(),
    new CopyPlugin({
      patterns: [
        // wasm-bindgen's glue is readable ES module code: minify it like the loader.
        ...MODULES.flatMap((m) => [
          {
            from: `pkg/${m.stem}.js`,
            to: m.glue,
            transform: async (content) =>
              (await minify(content.toString(), { module: true, compress: true, mangle: true })).code,
          },
          { from: `pkg/${m.stem}_bg.wasm`, to: m.wasm },
        ]),
        { from: 'www/demo', to: 'demo' },
      ],
    }),
    new CompressionPlugin({
      test: COMPRESSIBLE,
      filename: '[path][base].br',
      algorithm: 'brotliCompress',
      compressionOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } },
      threshold: 0,
      minRatio: 1,
    }),
    new CompressionPlugin({
      test: COMPRESSIBLE,
      filename: '[path][base].gz',
      algorithm: (input, options, callback) => zopfli.gzip(input, options, callback),
      compressionOptions: { numiterations: 15 },
      threshold: 0,
      minRatio: 1,
    }),
  ],
};
