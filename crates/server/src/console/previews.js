// The console's previews: each frame (same origin) takes the height of its content, so a card,
// a wall or a form is never cut; the desktop frame, shown scaled down, keeps its proportion.
// An enhancement only: without it the frames are 720 px high.
(() => {
  if (window.kiosquePreviews) return;
  window.kiosquePreviews = true;

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
})();
