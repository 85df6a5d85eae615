import { describe, expect, it } from 'vitest';
import { checkboxGroup, emptyState, notice, pageHeader, radioGroup, stepIndicator, summaryList } from './components.ts';
import { messagesFor } from '../i18n/messages.ts';

// The GOV.UK / DKFDS pattern the radios and checkboxes promise: the question is the fieldset's
// legend, hint and error sit under it and are read with it, each option is a large native input
// with its own label, and the error summary's link (#field-NAME) lands on the question's first input.
describe('choice groups', () => {
  const group = radioGroup({
    name: 'mood',
    legend: 'Hvordan gik samtalen?',
    hint: 'Vælg det svar, der passer bedst.',
    error: 'Vælg et svar.',
    value: 'b',
    options: [
      { value: 'a', label: 'Godt' },
      { value: 'b', label: 'Både og', hint: 'Fortæl gerne mere.' },
    ],
  }).value;

  it('puts the question in the legend and hint and error under it, described by both', () => {
    expect(group).toMatch(
      /<fieldset class="choices" aria-describedby="hint-mood error-mood">\s*<legend class="choices__legend">Hvordan gik samtalen\?<\/legend>\s*<p class="hint" id="hint-mood">/,
    );
    expect(group.indexOf('id="error-mood"')).toBeGreaterThan(group.indexOf('</legend>'));
    expect(group.indexOf('id="error-mood"')).toBeLessThan(group.indexOf('type="radio"'));
    expect(group).toContain('<div class="field field--error">');
  });

  it('gives each option a labelled native radio with the posted name and value; the current one is checked', () => {
    expect(group).toContain('<input type="radio" id="field-mood" name="mood" value="a"><label for="field-mood">Godt</label>');
    expect(group).toContain(
      '<input type="radio" id="field-mood-b" name="mood" value="b" checked aria-describedby="field-mood-b-hint"><label for="field-mood-b">Både og</label>',
    );
    expect(group).toContain('<span class="choice__hint" id="field-mood-b-hint">Fortæl gerne mere.</span>');
  });

  it('keeps the ids pages already use, and names an empty value', () => {
    const html = radioGroup({
      name: 'checkIn.heard',
      legend: 'Hørt?',
      id: 'field-x',
      idPrefix: 'x',
      value: '',
      options: [{ value: '', label: 'Spring over' }],
    }).value;
    expect(html).toContain('<input type="radio" id="field-x" name="checkIn.heard" value="" checked>');
    expect(html).not.toContain('aria-describedby');
  });

  it('checks every chosen box of a checkbox group and escapes what a person wrote', () => {
    const html = checkboxGroup({
      name: 'themes',
      legend: 'Temaer',
      values: ['a', 'c'],
      options: ['a', 'b', 'c'].map((v) => ({ value: v, label: `<${v}>` })),
    }).value;
    expect(html.match(/type="checkbox"/g)).toHaveLength(3);
    expect(html.match(/ checked/g)).toHaveLength(2);
    expect(html).toContain('&lt;a&gt;');
  });

  it("gives the group's id to the first option, so the error summary's link moves the focus onto an input", () => {
    const options = [
      { value: '1', label: 'En' },
      { value: '2', label: 'To' },
    ];
    const radios = radioGroup({ name: 'q', legend: 'Q', options }).value;
    expect(radios).toContain('<fieldset class="choices">');
    expect(radios).toContain('<input type="radio" id="field-q" name="q" value="1">');
    expect(radios).toContain('<input type="radio" id="field-q-2" name="q" value="2">');
    const boxes = checkboxGroup({ name: 'themes', legend: 'Temaer', idPrefix: 'theme', options }).value;
    expect(boxes).toContain('<input type="checkbox" id="field-themes" name="themes" value="1">');
    expect(boxes).toContain('<input type="checkbox" id="theme-2" name="themes" value="2">');
  });

  it('puts the h1 in the legend when the question is the page', () => {
    expect(radioGroup({ name: 'option', legend: 'Hvad synes du?', pageHeading: true, options: [] }).value).toContain(
      '<legend class="choices__legend choices__legend--page"><h1>Hvad synes du?</h1></legend>',
    );
  });
});

describe('other components', () => {
  const t = messagesFor('da');

  it('marks the current step for screen readers and counts in Danish', () => {
    const html = stepIndicator(t, ['Hvem', 'Hvad', 'Hvordan'], 1).value;
    expect(html).toContain('Trin 2 af 3');
    expect(html.match(/aria-current="step"/g)).toHaveLength(1);
    expect(html).toMatch(/aria-current="step"><span class="steps__number" aria-hidden="true">2<\/span><span>Hvad</);
    expect(html).toContain('(færdig)');
  });

  it('announces news politely and problems at once, one banner per message', () => {
    expect(notice('Gemt.', 'success').value).toContain('role="status"');
    expect(notice('Linket holder op med at virke.', 'warning').value).toContain('role="alert"');
    expect(notice('Nyt', 'info', 'Nyt fra din peer').value).toContain('<h2 class="notice__title">Nyt fra din peer</h2>');
  });

  it('says what to do next in an empty state, with the button that does it', () => {
    expect(emptyState({ title: 'Ingen møder endnu', text: 'Skriv et møde ind.', action: { href: '/meetings/new', label: 'Nyt møde' } }).value).toContain(
      '<a class="button" href="/meetings/new">Nyt møde</a>',
    );
  });

  it('names the row a change link belongs to for screen readers', () => {
    expect(summaryList([{ key: 'Navn', value: 'Alma', action: { href: '/account', label: 'Ret' } }]).value).toContain(
      '<a href="/account">Ret<span class="visually-hidden"> Navn</span></a>',
    );
  });

  it('puts the way back before the heading, and shows an example header without a second h1', () => {
    const header = pageHeader({ title: 'Mødet', back: { href: '/meetings', label: 'Mine møder' } }).value;
    expect(header.indexOf('class="back-link"')).toBeLessThan(header.indexOf('<h1>'));
    expect(pageHeader({ title: 'Eksempel', level: 2 }).value).not.toContain('<h1>');
  });
});
