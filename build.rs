//! Minifies the widget's stylesheet into OUT_DIR: comments and spacing cost download bytes,
//! and the stylesheet ships inside the wasm.

use std::path::Path;

fn main() {
    // The paywall's styles, those of the other kinds, which only the modules that show one
    // of them carry (features `teasers`, `webinar`, `offers`, `survey`), and the
    // questionnaire's own, which only its module carries.
    for (source, minified) in [
        ("src/style.css", "style.min.css"),
        ("src/style-kinds.css", "style-kinds.min.css"),
        ("src/style-survey.css", "style-survey.min.css"),
    ] {
        println!("cargo:rerun-if-changed={source}");
        let css = std::fs::read_to_string(source).expect(source);
        let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join(minified);
        std::fs::write(out, minify(&css)).expect("writing the minified stylesheet");
    }
}

/// Drops comments, collapses white space, and removes it around punctuation. Enough for our
/// own stylesheet (no strings or `url()` containing these characters).
fn minify(css: &str) -> String {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    without_comments.push_str(rest);
    let collapsed = without_comments
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let chars: Vec<char> = collapsed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let tight = |c: char| "{};:,>".contains(c);
        if c == ' '
            && (i == 0 || tight(chars[i - 1]) || chars.get(i + 1).is_some_and(|&n| tight(n)))
        {
            continue;
        }
        out.push(c);
    }
    out.replace(";}", "}")
}
