import type { GuideText } from './format.ts';

// The small library of guides a fresh installation ships with, written for Egne ord. They are
// published by Egne ord itself (no organisation), kept up to date at every start, and an
// organisation copies one to adapt it to its own place and people. Danish first; each has an
// English version under the same key.

export interface StarterGuide extends GuideText {
  /** Stable name of the guide across languages and versions of its text. */
  key: string;
}

export const STARTER_GUIDES: StarterGuide[] = [
  {
    key: 'before-a-meeting',
    language: 'da',
    title: 'Før et møde',
    summary: 'Sådan kan du forberede dig til et møde med psykiatrien, kommunen eller jobcentret, så du får sagt det, der betyder mest for dig.',
    body: `Et møde om dit liv kan være svært. Der er mange mennesker, mange ord og kort tid. Det hjælper at have tænkt tingene igennem før mødet.

## Dagene før
- [ ] Jeg ved, hvornår og hvor mødet er, og hvem der kommer.
- [ ] Jeg har skrevet mit personlige statement: hvem jeg er, hvad der betyder mest for mig, og hvad jeg gerne vil have hjælp til.
- [ ] Jeg har skrevet det ned, som støtten ikke må gøre umuligt for mig.
- [ ] Jeg har bestemt, om jeg vil have nogen med, fx en peer eller en, jeg stoler på.

## På dagen
- [ ] Jeg har mit personlige statement med, på papir eller på telefonen.
- [ ] Jeg har skrevet mine spørgsmål ned.

## Under mødet
Du må gerne læse op fra dit ark. Du må gerne bede om en pause, og du må gerne sige: "Det forstår jeg ikke. Kan du sige det på en anden måde?"
- Spørg, hvad der skal ske nu, og hvem der gør hvad.
- Spørg, hvornår I ses igen.

## Efter mødet
Skriv kort ned, hvad I aftalte, med dine egne ord. Så kan du huske det, og du kan tage det med til næste møde.`,
  },
  {
    key: 'before-a-meeting',
    language: 'en',
    title: 'Before a meeting',
    summary: 'How to prepare for a meeting with psychiatry, the municipality or the job centre, so that you get to say what matters most to you.',
    body: `A meeting about your life can be hard. There are many people, many words and little time. It helps to have thought things through before the meeting.

## The days before
- [ ] I know when and where the meeting is, and who will be there.
- [ ] I have written my personal statement: who I am, what matters most to me, and what I would like help with.
- [ ] I have written down what the support must not make impossible for me.
- [ ] I have decided whether I want someone with me, for example a peer or someone I trust.

## On the day
- [ ] I have my personal statement with me, on paper or on my phone.
- [ ] I have written down my questions.

## During the meeting
You are welcome to read from your sheet. You can ask for a break, and you can say: "I don't understand. Can you put it another way?"
- Ask what happens next, and who does what.
- Ask when you will meet again.

## After the meeting
Write down briefly what you agreed, in your own words. Then you will remember it, and you can bring it to the next meeting.`,
  },
  {
    key: 'before-discharge',
    language: 'da',
    title: 'Før udskrivelse',
    summary: 'Små og store ting, der er gode at have styr på, før du skal hjem fra en afdeling.',
    body: `Det kan føles både godt og utrygt at skulle hjem. Brug listen til at tale med personalet om, hvad der skal være på plads.

## Aftaler
- [ ] Jeg ved, hvornår jeg har min næste aftale, og med hvem.
- [ ] Jeg har et telefonnummer, jeg kan ringe til, hvis det bliver svært, også om aftenen.
- [ ] Jeg ved, hvem der hjælper mig med medicinen, og hvad den er til.
- [ ] Jeg har fået planen på papir.

## Hjemme
- [ ] Der er mad i køleskabet de første dage.
- [ ] Jeg ved, hvem der har nøgle, post og regninger.
- [ ] Jeg har talt med en, jeg stoler på, om at jeg kommer hjem.

## Det er i orden at sige fra
Hvis du ikke føler dig klar, så sig det. Fortæl, hvad der skal til, for at du kan klare dig hjemme. Dit personlige statement kan hjælpe dig med at sige det.`,
  },
  {
    key: 'before-discharge',
    language: 'en',
    title: 'Before discharge',
    summary: 'Small and big things that are good to have in place before you go home from a ward.',
    body: `Going home can feel both good and unsettling. Use the list to talk with the staff about what needs to be in place.

## Appointments
- [ ] I know when my next appointment is, and with whom.
- [ ] I have a phone number I can call if things get hard, also in the evening.
- [ ] I know who helps me with my medicine, and what it is for.
- [ ] I have been given the plan on paper.

## At home
- [ ] There is food in the fridge for the first days.
- [ ] I know who has my key, my post and my bills.
- [ ] I have told someone I trust that I am coming home.

## It is all right to say no
If you do not feel ready, say so. Tell them what it would take for you to manage at home. Your personal statement can help you say it.`,
  },
  {
    key: 'a-good-everyday-life',
    language: 'da',
    title: 'En god hverdag',
    summary: 'Idéer til rolige, almindelige dage. Tag det, der passer til dig.',
    body: `En hverdag er lavet af små ting. Det her er idéer, ikke regler.

## Rytme
- [ ] Jeg står op på nogenlunde samme tid de fleste dage.
- [ ] Jeg kommer ud mindst én gang om dagen, også bare en kort tur.
- [ ] Jeg spiser noget til morgen, middag og aften.

## Mennesker
- [ ] Jeg kender en, jeg kan ringe til for en snak.
- [ ] Jeg har fundet et sted, hvor jeg kan møde andre, fx et værested eller en forening.

## Noget, der giver mening
Tænk på, hvad der gav dig glæde før, og hvad du gerne vil prøve. Det kan være at lave mad, gå en tur med en hund, synge i et kor eller hjælpe andre.

## Når en dag går skævt
En dårlig dag er ikke et nederlag. Skriv én ting ned, der hjalp sidste gang, og læg sedlen, hvor du kan se den.`,
  },
  {
    key: 'a-good-everyday-life',
    language: 'en',
    title: 'A good everyday life',
    summary: 'Ideas for calm, ordinary days. Take what fits you.',
    body: `Everyday life is made of small things. These are ideas, not rules.

## Rhythm
- [ ] I get up at roughly the same time most days.
- [ ] I go outside at least once a day, even for a short walk.
- [ ] I eat something in the morning, at midday and in the evening.

## People
- [ ] I know someone I can call for a chat.
- [ ] I have found a place where I can meet others, such as a drop-in centre or a club.

## Something that gives meaning
Think about what gave you joy before, and what you would like to try. It could be cooking, walking a dog, singing in a choir or helping others.

## When a day goes wrong
A bad day is not a failure. Write down one thing that helped last time, and put the note where you can see it.`,
  },
  {
    key: 'personal-statement-with-a-peer',
    language: 'da',
    title: 'Sådan bruger du et personligt statement sammen med en peer',
    summary: 'En peer har selv været der. Sådan kan I skrive dit personlige statement sammen — med dine ord, og du bestemmer.',
    body: `En peer er en, der selv har erfaring med psykisk sårbarhed og med at komme sig. En peer kan hjælpe dig med at finde ordene, men det er dit ark, og det er dine ord.

## Før I begynder
- [ ] Jeg har fået en kode fra min peer og har forbundet os i Egne ord.
- [ ] Jeg ved, at jeg kan afbryde forbindelsen igen, når jeg vil.

## Når I skriver
- Tag ét spørgsmål ad gangen: hvem du er, hvad der betyder mest, hvad du gerne vil have hjælp til, og hvad støtten skal gøre muligt.
- Din peer kan foreslå tekst. Du vælger selv, om du vil bruge forslaget, rette det eller sige nej tak.
- Det står altid, hvilke ord der er dine, og hvilke der kom fra din peer.

## Før mødet
- [ ] Vi har læst mit personlige statement højt sammen.
- [ ] Jeg har bestemt, om min peer skal med til mødet.
- [ ] Jeg har bestemt, hvem der må se mit ark, og hvordan: på papir, som PDF eller som et link.

## Efter mødet
Tal med din peer om, hvordan mødet gik. Skriv ned, hvad I aftalte, og om dine røde linjer blev holdt.`,
  },
  {
    key: 'personal-statement-with-a-peer',
    language: 'en',
    title: 'How to use a personal statement with a peer',
    summary: 'A peer has been there. This is how you can write your personal statement together — in your words, and you decide.',
    body: `A peer is someone with their own experience of mental illness and of recovery. A peer can help you find the words, but it is your sheet, and they are your words.

## Before you begin
- [ ] I have a code from my peer and have linked us up in Egne ord.
- [ ] I know that I can end the link whenever I want.

## While you write
- Take one question at a time: who you are, what matters most, what you would like help with, and what the support should make possible.
- Your peer can suggest text. You decide whether to use the suggestion, change it or say no thanks.
- It always shows which words are yours and which came from your peer.

## Before the meeting
- [ ] We have read my personal statement aloud together.
- [ ] I have decided whether my peer comes to the meeting.
- [ ] I have decided who may see my sheet, and how: on paper, as a PDF or as a link.

## After the meeting
Talk with your peer about how the meeting went. Write down what you agreed, and whether your red lines held.`,
  },
];
