// Bundles the loader (www/loader → dist/kiosque.js) and copies next to it the wasm-bindgen
// output (pkg/, built by `make wasm`) and the demo site's assets.
const path = require('path');
const CopyPlugin = require('copy-webpack-plugin');
const { minify } = require('terser');

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
    new CopyPlugin({
      patterns: [
        // wasm-bindgen's glue is readable ES module code: minify it like the loader.
        {
          from: 'pkg/kiosque_widget.js',
          to: 'kiosque_widget.js',
          transform: async (content) =>
            (await minify(content.toString(), { module: true, compress: true, mangle: true })).code,
        },
        { from: 'pkg/kiosque_widget_bg.wasm', to: 'kiosque_widget_bg.wasm' },
        { from: 'www/demo', to: 'demo' },
      ],
    }),
  ],
};
