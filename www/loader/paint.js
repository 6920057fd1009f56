// The paywall's first paint: the widget's first render of the article's answer (the wall, or
// the article in full), made by the server with the widget's own components (`?paint=true`,
// crates/server/src/first_paint.rs), shown at once, before the widget's module has arrived;
// the widget then renders the same answer over it. It is a tree, never HTML: each node is made
// with createElement and setAttribute, and a tag or a link this loader does not know stops the
// paint (the widget renders the answer as before), so a backend cannot put a script or a
// handler on the page.

const TAGS = /^(a|blockquote|button|div|em|form|h[1-6]|input|label|li|p|section|slot|span|strong|ul)$/;
// The attributes of what is painted (the code field, with its inputmode and maxlength, comes
// only once the widget is there).
const ATTRIBUTES = /^(aria-[a-z]+|autocomplete|class|for|href|id|name|novalidate|rel|required|role|target|type)$/;

// `page`: the reader's page, URI-encoded, which the server could not know and marked `{page}`
// in the checkout links (`return_url`), as the widget writes them.
export function build(node, page) {
  if (typeof node === 'string') return document.createTextNode(node);
  const [tag, attributes, children] = node;
  if (!TAGS.test(tag)) throw tag;
  const element = document.createElement(tag);
  for (const [name, value] of attributes) {
    // Any other attribute is left out; `value` among them: an input's value is the widget's
    // to set (a property, not an attribute).
    if (!ATTRIBUTES.test(name)) continue;
    if (name === 'href' && !/^https?:/i.test(value)) throw value;
    element.setAttribute(name, name === 'href' ? value.replace('{page}', page) : value);
  }
  for (const child of children) element.append(build(child, page));
  return element;
}

// `[nodes, event, detail, appearance]`: the first paint of the article's answer (its text),
// the event the widget sends for it (`ready` for the article in full) and its detail, and the
// site's look it was painted with (as the site's look request gives it; none from a backend
// that does not send it). Throws when it has no paint or one this loader will not build.
export function paintOf(body) {
  const answer = JSON.parse(body);
  const page = encodeURIComponent(location.href.split('#')[0]);
  const nodes = answer.paint.map((node) => build(node, page));
  const [event, detail] = answer.access.teaser ? ['paywall-shown', { article: answer.article.slug }] : ['ready', {}];
  return [nodes, event, detail, answer.appearance];
}

// The first form controls a page makes cost more than all the rest of a wall's nodes: in a cold
// page, building the wall's 69 nodes took 2.0 ms, 1.1 once an <input> and a <button> had been
// made before (Blink sets their machinery up on first use; BENCHMARKS.md). The loader makes
// one of each while it waits for the article, so that the paint does not pay for it.
export function warmUp() {
  document.createElement('input').type = 'email';
  document.createElement('button');
}

// What a reader does on a first paint before the widget takes over is not lost: what they
// typed and the buttons they pressed (kept from acting; Enter in a field presses the form's
// button, so the browser does not send the painted form either) are found again in the
// widget's DOM, the same tree, by position, and given to it. `holdActions` returns
// `handOver`, called just before the widget renders; it returns what to do once it has.
const pathOf = (root, node) => {
  const path = [];
  for (; node !== root; node = node.parentNode) path.unshift([...node.parentNode.children].indexOf(node));
  return path;
};
const at = (root, path) => path.reduce((node, i) => node && node.children[i], root);

export function holdActions(container) {
  const pressed = [];
  const press = (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    event.preventDefault();
    pressed.push(pathOf(container, button));
  };
  container.addEventListener('click', press);
  return () => {
    container.removeEventListener('click', press);
    const typed = Array.from(container.querySelectorAll('input'), (input) => [pathOf(container, input), input.value]);
    return () => {
      for (const [path, value] of typed) {
        const input = at(container, path);
        if (input && value) {
          input.value = value;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }
      pressed.forEach((path) => at(container, path)?.click());
    };
  };
}
