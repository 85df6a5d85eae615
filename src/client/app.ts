// Progressive enhancement only: every page works without this file.

function focusErrorSummary(): void {
  const summary = document.querySelector<HTMLElement>('[data-autofocus]');
  summary?.focus();
}

document.addEventListener('DOMContentLoaded', () => {
  focusErrorSummary();
});
