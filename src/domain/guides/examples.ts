// Two example guides, written for Egne ord and clearly marked as examples. Nothing stores them
// automatically: tests (and anyone who wants a starting point) create them like any other guide.

export const EXAMPLE_GUIDES = [
  {
    title: 'Eksempel: Før du bliver udskrevet',
    summary: 'Et eksempel på en guide: små ting, der er gode at have styr på, før du går hjem fra en afdeling.',
    language: 'da' as const,
    body: `Det kan føles både godt og utrygt at skulle hjem. Her er nogle ting, som andre har haft glæde af at tænke over i dagene før.

## Aftaler
- [ ] Jeg ved, hvornår og hvor jeg har min næste aftale.
- [ ] Jeg har et telefonnummer, jeg kan ringe til, hvis det bliver svært.
- [ ] Jeg ved, hvem der hjælper mig med medicinen.

## Hjemme
- [ ] Der er mad i køleskabet de første dage.
- [ ] Jeg har talt med en, jeg stoler på, om at jeg kommer hjem.

## Godt at huske
Det er i orden at sige, hvis du ikke føler dig klar. Spørg, hvad planen er, og skriv den ned med dine egne ord.
- Tag dit eget ark med til udskrivelsessamtalen.
- Bed om at få planen på papir.`,
  },
  {
    title: 'Example: A good everyday life',
    summary: 'An example guide: small steps that others found helpful for building calm, ordinary days.',
    language: 'en' as const,
    body: `Everyday life is made of small things. These are ideas, not rules — take what fits you.

## Rhythm
- [ ] I get up at roughly the same time most days.
- [ ] I go outside at least once a day, even for a short walk.

## People
- [ ] I know one person I can call for a chat.
- [ ] I have looked up a place where I can meet others, such as a drop-in centre.

## When a day goes badly
A bad day is not a failure. Write down one thing that helped last time, and keep it where you can see it.`,
  },
];
