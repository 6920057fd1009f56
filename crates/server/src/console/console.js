// The console's one script, two enhancements; every page works without it.
//
// Previews: each frame (same origin) takes the height of its content, so a card, a wall or a
// form is never cut; the desktop frame, shown scaled down, keeps its proportion. Without the
// script the frames are 720 px high.
(() => {
  if (window.kiosqueConsole) return;
  window.kiosqueConsole = true;

  const fit = (frame) => {
    const doc = frame.contentDocument;
    if (!doc || !doc.documentElement) return;
    const height = Math.max(doc.documentElement.scrollHeight, 160);
    frame.style.height = `${height}px`;
    const viewport = frame.closest('.viewport');
    if (viewport && frame.offsetWidth) {
      const scale = viewport.getBoundingClientRect().width / frame.offsetWidth;
      viewport.style.height = `${Math.ceil(height * scale)}px`;
    }
  };

  const watch = (frame) => {
    fit(frame);
    const doc = frame.contentDocument;
    if (doc && doc.body && window.ResizeObserver) new ResizeObserver(() => fit(frame)).observe(doc.body);
  };

  const frames = () => document.querySelectorAll('.previews iframe');
  for (const frame of frames()) {
    frame.addEventListener('load', () => watch(frame));
    if (frame.contentDocument && frame.contentDocument.readyState === 'complete') watch(frame);
  }
  addEventListener('resize', () => frames().forEach(fit));

  // Colour fields: a picker beside each, kept in step with the typed #rrggbb (the picker has
  // no name: the typed field is what is sent, and may stay empty for the default).
  for (const field of document.querySelectorAll('input[data-colour]')) {
    const picker = document.createElement('input');
    picker.type = 'color';
    picker.className = 'picker';
    picker.setAttribute('aria-label', field.dataset.colour);
    // Faded while the field holds no colour (empty: the default).
    const follow = () => {
      const typed = field.value.trim();
      const long = /^#[0-9a-f]{6}$/i.test(typed);
      const short = /^#[0-9a-f]{3}$/i.test(typed);
      if (long) picker.value = typed.toLowerCase();
      else if (short) picker.value = `#${[...typed.slice(1)].map((c) => c + c).join('')}`.toLowerCase();
      picker.classList.toggle('unset', !long && !short);
    };
    follow();
    field.addEventListener('input', follow);
    picker.addEventListener('input', () => {
      field.value = picker.value;
      picker.classList.remove('unset');
    });
    field.after(picker);
  }
})();
