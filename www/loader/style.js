// The widget's base and paywall rules (src/style.css, minified), built into the loader by
// webpack.config.js: a paywall's first paint and the loader's own notice need no stylesheet
// file. A module of its own, so webpack puts the text ahead of the mounter's code: brotli makes
// the loader 14 B smaller that way than with the text in the middle of it.
export const BASE_STYLE = __KIOSQUE_STYLE__;
