// The recovery-orientation self-assessment: Egne ord's own items, written for this product in
// plain Danish and English. They are not taken from, translated from or adapted from any
// published instrument.

export const ITEMS_VERSION = 'egne-ord-recovery-v1';

export const THEMES = [
  'participation',
  'peerSupport',
  'recoveryPlans',
  'missionStrategy',
  'qualityDevelopment',
  'choice',
  'familyNetwork',
  'strengths',
  'coercion',
  'cultureLanguage',
] as const;
export type Theme = (typeof THEMES)[number];

export interface AssessmentItem {
  key: string;
  theme: Theme;
  text: { da: string; en: string };
}

export const ITEMS: readonly AssessmentItem[] = [
  {
    key: 'participation.1',
    theme: 'participation',
    text: {
      da: 'De mennesker, vi støtter, er med til at bestemme, hvordan stedet fungerer i hverdagen.',
      en: 'The people we support take part in deciding how this place works day to day.',
    },
  },
  {
    key: 'participation.2',
    theme: 'participation',
    text: {
      da: 'Vi spørger brugerne, før vi ændrer noget, der berører dem.',
      en: 'We ask the people who use the service before we change something that affects them.',
    },
  },
  {
    key: 'participation.3',
    theme: 'participation',
    text: {
      da: 'Brugerne er med, når vi ansætter nye kolleger eller planlægger nye tilbud.',
      en: 'People who use the service are involved when we hire colleagues or plan new offers.',
    },
  },

  {
    key: 'peerSupport.1',
    theme: 'peerSupport',
    text: { da: 'Det er let for en bruger at tale med en peer her.', en: 'It is easy for someone here to talk with a peer worker.' },
  },
  {
    key: 'peerSupport.2',
    theme: 'peerSupport',
    text: { da: 'Teamet bruger og respekterer den erfaring, som peers har.', en: "Peer workers' experience is used and respected in the team." },
  },

  {
    key: 'recoveryPlans.1',
    theme: 'recoveryPlans',
    text: {
      da: 'Hver person har en plan, der er skrevet med hende eller ham og med hendes eller hans egne ord.',
      en: 'Each person has a plan written with them and in their own words.',
    },
  },
  {
    key: 'recoveryPlans.2',
    theme: 'recoveryPlans',
    text: {
      da: 'Planerne handler om det liv, personen gerne vil have — ikke kun om symptomer.',
      en: 'Plans are about the life the person wants, not only about symptoms.',
    },
  },
  {
    key: 'recoveryPlans.3',
    theme: 'recoveryPlans',
    text: {
      da: 'Vi ser planen igennem sammen med personen, når noget ændrer sig.',
      en: 'We go through the plan together with the person when something changes.',
    },
  },

  {
    key: 'missionStrategy.1',
    theme: 'missionStrategy',
    text: { da: 'Recovery står tydeligt i det, vi siger, at vi vil som sted.', en: 'Recovery is clearly part of what we say we want to be as a service.' },
  },
  {
    key: 'missionStrategy.2',
    theme: 'missionStrategy',
    text: { da: 'Ledelsen giver tid og plads til at arbejde recovery-orienteret.', en: 'Management gives time and room to work in a recovery-oriented way.' },
  },

  {
    key: 'qualityDevelopment.1',
    theme: 'qualityDevelopment',
    text: {
      da: 'Vi følger op på, om vores støtte gør en forskel for de mennesker, vi støtter.',
      en: 'We follow up on whether our support makes a difference to the people we support.',
    },
  },
  {
    key: 'qualityDevelopment.2',
    theme: 'qualityDevelopment',
    text: {
      da: 'Brugernes erfaringer bliver brugt, når vi forbedrer vores arbejde.',
      en: 'The experiences of people who use the service are used when we improve our work.',
    },
  },

  {
    key: 'choice.1',
    theme: 'choice',
    text: { da: 'Folk kan vælge mellem forskellige former for støtte.', en: 'People can choose between different kinds of support.' },
  },
  {
    key: 'choice.2',
    theme: 'choice',
    text: {
      da: 'Vi respekterer et valg, også når vi selv ville have valgt noget andet.',
      en: 'We respect a choice even when we would have chosen differently.',
    },
  },
  {
    key: 'choice.3',
    theme: 'choice',
    text: { da: 'Folk kan selv bestemme, hvem de helst vil tale med her.', en: 'People can decide who they would rather talk to here.' },
  },

  {
    key: 'familyNetwork.1',
    theme: 'familyNetwork',
    text: {
      da: 'Vi spørger, hvem der betyder noget i personens liv, og om de skal være med.',
      en: 'We ask who matters in the person’s life and whether they should be involved.',
    },
  },
  {
    key: 'familyNetwork.2',
    theme: 'familyNetwork',
    text: {
      da: 'Pårørende kan få information og støtte, når personen siger ja til det.',
      en: 'Family and friends can get information and support when the person agrees.',
    },
  },

  {
    key: 'strengths.1',
    theme: 'strengths',
    text: { da: 'Vi taler lige så meget om det, der går godt, som om problemer.', en: 'We talk as much about what is going well as about problems.' },
  },
  {
    key: 'strengths.2',
    theme: 'strengths',
    text: { da: 'Vi hjælper folk med at bruge deres egne evner og interesser.', en: 'We help people use their own skills and interests.' },
  },
  {
    key: 'strengths.3',
    theme: 'strengths',
    text: { da: 'Vi tror på, at de mennesker, vi støtter, kan komme sig.', en: 'We believe that the people we support can recover.' },
  },

  { key: 'coercion.1', theme: 'coercion', text: { da: 'Vi arbejder aktivt for at undgå tvang.', en: 'We actively work to avoid coercion.' } },
  {
    key: 'coercion.2',
    theme: 'coercion',
    text: {
      da: 'Når tvang er brugt, taler vi bagefter med personen om, hvad der skete.',
      en: 'When coercion has been used, we talk with the person afterwards about what happened.',
    },
  },

  {
    key: 'cultureLanguage.1',
    theme: 'cultureLanguage',
    text: {
      da: 'Vi taler om og med folk i et sprog uden fagord og uden at sætte dem i bås.',
      en: 'We speak about and with people in plain words, without labels.',
    },
  },
  {
    key: 'cultureLanguage.2',
    theme: 'cultureLanguage',
    text: { da: 'Vi tager hensyn til folks kultur, sprog og livssyn.', en: "We take people's culture, language and beliefs into account." },
  },
  {
    key: 'cultureLanguage.3',
    theme: 'cultureLanguage',
    text: { da: 'Det er i orden at sige fra og at være uenig med personalet her.', en: 'It is fine to say no and to disagree with the staff here.' },
  },
];

export function itemsOf(theme: Theme): AssessmentItem[] {
  return ITEMS.filter((i) => i.theme === theme);
}
