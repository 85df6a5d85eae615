import { html, type SafeHtml } from './html.ts';

// Buttons shared by the questionnaire and sheet builders: each add, move and remove is a submit
// button on the one form (see domain/validation/builder-actions.ts), so they work without JavaScript.

/** A small submit button for one add, move or remove; `hidden` names its part for screen readers. */
export function actionButton(action: string, label: string, hidden = ''): SafeHtml {
  return html`<button type="submit" class="button button--secondary builder-button" name="action" value="${action}">${label}${hidden ? html`<span class="visually-hidden">${hidden}</span>` : ''}</button>`;
}

/** Move up (not on the first), move down (not on the last) and remove. */
export function moveButtons(labels: { moveUp: string; moveDown: string; remove: string }, target: string, at: number, count: number, hidden: string): SafeHtml {
  return html`<div class="builder-actions">
  ${at > 0 ? actionButton(`move-up:${target}`, labels.moveUp, hidden) : ''}
  ${at < count - 1 ? actionButton(`move-down:${target}`, labels.moveDown, hidden) : ''}
  ${actionButton(`remove:${target}`, labels.remove, hidden)}
</div>`;
}

/**
 * Enter in a text field presses the first submit button of its form. The builders' first
 * button must be saving, not moving the first question, so this one comes before all others;
 * it is out of the tab order and hidden from sight and screen readers, as the visible save button is at the end.
 */
export function defaultSaveButton(label: string): SafeHtml {
  return html`<button type="submit" name="action" value="save" class="visually-hidden" tabindex="-1" aria-hidden="true">${label}</button>`;
}
