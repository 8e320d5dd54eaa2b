// What web/loader.js and web/embed.js share about a first screen: the server's markup,
// shown until the app takes it over. `cargo xtask post-build` writes this file into each of
// them in place of their import (xtask/src/scripts.rs, `bundle`): each stays one request.

/** The release of the press that `event` (a pointerdown or keydown on `target`) starts, or
 *  null when it starts none. A pointer presses of itself; a key only as Space held on a
 *  button, which acts on its release. Resolves a task after the click that follows the
 *  release (that click's own listeners have run by then), or PRESS_CLICK_WAIT_MS after a
 *  release without one (a pointer slid off, a cancelled touch). */
export function releaseOf(event, target) {
  const key = event instanceof KeyboardEvent;
  if (key && !(event.key === ' ' && target.closest('button'))) return null;
  const ends = key ? ['keyup', 'blur'] : ['pointerup', 'pointercancel'];
  return new Promise((resolve) => {
    const released = () => {
      ends.forEach((type) => removeEventListener(type, released, true));
      const done = () => {
        removeEventListener('click', done, true);
        clearTimeout(timer);
        setTimeout(resolve);
      };
      const timer = setTimeout(done, __PV_PRESS_CLICK_WAIT_MS__);
      addEventListener('click', done, true);
    };
    ends.forEach((type) => addEventListener(type, released, true));
  });
}

/** Opens a first screen's login dialog, focus in its e-mail field. */
export function showLogin(dialog) {
  dialog.showModal();
  const email = dialog.querySelector('input[type="email"]');
  if (email instanceof HTMLInputElement) email.focus();
}

/** Once the app has opened its login `dialog` (in an effect, in the microtasks after its
 *  opener's press): the reader's `field` focused again at its `caret`, and a submit made on
 *  the first screen made again. */
export function whenAppLoginOpens(dialog, field, caret, submitted) {
  new MutationObserver((_, observer) => {
    if (!dialog.open) return;
    observer.disconnect();
    if (field instanceof HTMLInputElement && dialog.contains(field)) {
      field.focus();
      if (caret) field.setSelectionRange(caret[0], caret[1], caret[2]);
    }
    if (submitted) dialog.querySelector('form')?.requestSubmit();
  }).observe(dialog, { attributes: true, attributeFilter: ['open'] });
}
