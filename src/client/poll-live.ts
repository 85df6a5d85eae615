// A poll's live results on the presenter and projector pages: every 5 seconds the page is fetched
// again and its results region swapped in, so the QR code and the address stay still on the wall.
// Without JavaScript the page reloads itself instead (a <noscript> refresh). The results come
// from the server already released under the poll's disclosure rule; nothing is computed here.

const EVERY_MS = 5000;

export function initPollLive(): void {
  const region = document.querySelector<HTMLElement>('[data-poll-live] [data-poll-results], [data-poll-results][data-poll-live]');
  if (!region) return;
  const tick = async (): Promise<void> => {
    try {
      const response = await fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('[data-poll-results]');
      const current = document.querySelector('[data-poll-results]');
      if (fresh && current) current.replaceWith(document.importNode(fresh, true));
      // Once the poll is closed the page no longer asks to be live: stop.
      if (fresh?.closest('[data-poll-live]') || fresh?.hasAttribute('data-poll-live')) window.setTimeout(tick, EVERY_MS);
    } catch {
      window.setTimeout(tick, EVERY_MS);
    }
  };
  window.setTimeout(tick, EVERY_MS);
}
