// The console's one script, three enhancements; every page works without it.
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
    // The root element's own height, not its scrollHeight, which never goes below the frame's
    // (a short card would keep a frame of 720 px).
    const height = Math.max(Math.ceil(doc.documentElement.getBoundingClientRect().height), 160);
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
  const follow = (frame) => {
    frame.addEventListener('load', () => watch(frame));
    if (frame.contentDocument && frame.contentDocument.readyState === 'complete') watch(frame);
  };
  frames().forEach(follow);
  addEventListener('resize', () => frames().forEach(fit));

  // Live preview: on a preview page (#apercu), what is typed in the editor is posted to the
  // editor's *Prévisualiser* address a moment after the last keystroke, and the frames of the
  // answer replace these. While the form has mistakes the frames stay, faded, with a word on
  // why; the button still shows the mistakes on their fields.
  const region = document.getElementById('apercu');
  const button = document.querySelector('button[formaction$="/apercu"]');
  if (region && button && button.form) {
    const form = button.form;
    const status = region.querySelector('.live-status');
    const shown = region.querySelector('.live-frames');
    let timer = 0;
    let asked = 0;
    const renew = async () => {
      const ask = ++asked;
      let fresh = null;
      try {
        const response = await fetch(button.formAction, {
          method: 'POST',
          body: new URLSearchParams(new FormData(form)),
          credentials: 'same-origin',
        });
        const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
        if (response.ok) fresh = doc.querySelector('#apercu .live-frames');
      } catch {
        // Offline or the server restarting: as with mistakes, the frames stay and fade.
      }
      if (ask !== asked) return; // a later keystroke asked again
      if (fresh && fresh.querySelector('iframe')) {
        shown.replaceChildren(...fresh.childNodes);
        shown.querySelectorAll('iframe').forEach(follow);
        shown.classList.remove('stale');
        status.textContent = '';
      } else {
        shown.classList.add('stale');
        status.textContent = region.dataset.stale;
      }
    };
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(renew, 700);
    };
    form.addEventListener('input', later);
    form.addEventListener('change', later);
  }

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
