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

/**
 * Whole short statements ("Kort fortalt"), written for Egne ord: invented people, plain words,
 * the person first, what they want help with and what for, and an invitation to find the answer
 * together. The compose page shows them for the sheets they fit.
 */
export const EXAMPLE_STATEMENTS: Record<string, { da: string[]; en: string[] }> = {
  'personal-statement': {
    da: [
      'Jeg hedder Lone og er 46 år. Jeg synger i kor og passer min nabos hund, når hun er på arbejde. Mine to voksne børn betyder alt for mig. Jeg vil gerne have hjælp til at komme op om morgenen og til at handle ind, så jeg kan blive ved med at gå til kor. Hjælpen må ikke gøre det umuligt for mig at passe hunden. Jeg vil gerne samarbejde med dig om at finde den hjælp, der passer til mig.',
      'Jeg er Ahmed, og jeg er 23 år. Jeg er god til computere og hjælper min lillesøster med matematik. Jeg drømmer om at blive elektriker. Jeg vil gerne have hjælp til at få styr på mine penge og til at sove om natten, så jeg kan møde til tiden på skolen. Jeg vil gerne finde ud af det sammen med dig.',
      'Jeg hedder Bente. Jeg har kørt bus i tyve år og kender alle veje i byen. Min have og mine børnebørn gør mig glad. Jeg vil gerne have hjælp til at være mindre bange blandt mange mennesker, så jeg kan tage med børnebørnene i zoo. Jeg vil helst blive boende hjemme. Jeg vil gerne samarbejde med dig om, hvordan vi gør det.',
    ],
    en: [
      'My name is Lone, and I am 46. I sing in a choir and look after my neighbour’s dog when she is at work. My two grown-up children mean everything to me. I would like help with getting up in the morning and with shopping, so that I can keep going to choir. The help must not make it impossible for me to look after the dog. I would like to work with you to find the help that is right for me.',
      'I am Ahmed, and I am 23. I am good with computers and help my little sister with maths. I dream of becoming an electrician. I would like help with sorting out my money and with sleeping at night, so that I can get to school on time. I would like to work it out together with you.',
      'My name is Bente. I drove a bus for twenty years and know every road in town. My garden and my grandchildren make me happy. I would like help with being less afraid among many people, so that I can take my grandchildren to the zoo. I would rather stay living at home. I would like to work with you on how we do that.',
    ],
  },
  'motivation-goal': {
    da: [
      'Jeg hedder Mads og er 31 år. Jeg kan lide at skrue på cykler, og min kæreste og jeg har en kat. Mit mål er at få et job i en cykelforretning. Jeg vil gerne have hjælp til at skrive en ansøgning. Et første lille skridt kan være at spørge i butikken på hjørnet. Jeg vil gerne samarbejde med dig om at nå mit mål.',
      'Jeg er Grethe. Jeg læser krimier og går lange ture ved vandet. Mit mål er at synge i et kor igen. Jeg vil gerne have hjælp til at tage bussen alene. Jeg vil gerne samarbejde med dig om at nå mit mål.',
    ],
    en: [
      'My name is Mads, and I am 31. I like fixing bikes, and my girlfriend and I have a cat. My goal is to get a job in a bike shop. I would like help with writing an application. A first small step could be to ask in the shop on the corner. I would like to work with you on reaching my goal.',
      'I am Grethe. I read crime novels and take long walks by the water. My goal is to sing in a choir again. I would like help with taking the bus on my own. I would like to work with you on reaching my goal.',
    ],
  },
};
