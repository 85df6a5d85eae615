// The recovery-orientation self-assessment: Egne ord's own items, written for this product in
// plain Danish and English. They are not taken from, translated from or adapted from any
// published instrument.

// The item set is versioned: a round stores the version it was opened with (items_version), and
// its answers are read and scored with that version's items ever after. Version 2 adds three
// themes the first lacked: basic needs, access to treatment (admission included) and staff
// skills. Items kept from version 1 keep their keys, so a theme compares across versions.

/** Every theme of any version, in the order the radar draws them. */
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
  'basicNeeds',
  'treatmentAccess',
  'staffSkills',
] as const;
export type Theme = (typeof THEMES)[number];

export interface AssessmentItem {
  key: string;
  theme: Theme;
  text: { da: string; en: string };
}

const ITEMS_V1: readonly AssessmentItem[] = [
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

const ADDED_IN_V2: readonly AssessmentItem[] = [
  {
    key: 'basicNeeds.1',
    theme: 'basicNeeds',
    text: {
      da: 'Vi hjælper folk med det grundlæggende: et sted at bo, mad nok og deres medicin.',
      en: 'We help people with the basics: a place to live, enough food and their medicine.',
    },
  },
  {
    key: 'basicNeeds.2',
    theme: 'basicNeeds',
    text: {
      da: 'Vi spørger til bolig, penge og mad, før vi taler om alt det andet.',
      en: 'We ask about housing, money and food before we talk about everything else.',
    },
  },
  {
    key: 'treatmentAccess.1',
    theme: 'treatmentAccess',
    text: {
      da: 'Folk kan få behandling her eller andre steder, når de har brug for det.',
      en: 'People can get treatment, here or elsewhere, when they need it.',
    },
  },
  {
    key: 'treatmentAccess.2',
    theme: 'treatmentAccess',
    text: {
      da: 'Hvis en person har brug for en indlæggelse, hjælper vi med at få den i tide.',
      en: 'If a person needs to be admitted, we help them get a bed in time.',
    },
  },
  {
    key: 'staffSkills.1',
    theme: 'staffSkills',
    text: {
      da: 'Vi har den viden og de færdigheder, der skal til for at støtte folks recovery.',
      en: "We have the knowledge and skills it takes to support people's recovery.",
    },
  },
  {
    key: 'staffSkills.2',
    theme: 'staffSkills',
    text: {
      da: 'Vi får undervisning og sparring, så vi bliver ved med at lære.',
      en: 'We get training and supervision, so we keep learning.',
    },
  },
];

export interface ItemSet {
  version: string;
  /** The themes of this version, in radar order. */
  themes: readonly Theme[];
  items: readonly AssessmentItem[];
}

function itemSetOf(version: string, items: readonly AssessmentItem[]): ItemSet {
  return { version, themes: THEMES.filter((t) => items.some((i) => i.theme === t)), items };
}

export const ITEM_SETS: readonly ItemSet[] = [itemSetOf('egne-ord-recovery-v1', ITEMS_V1), itemSetOf('egne-ord-recovery-v2', [...ITEMS_V1, ...ADDED_IN_V2])];

/** The set new rounds are opened with. */
export const CURRENT: ItemSet = ITEM_SETS.at(-1)!;
export const ITEMS_VERSION = CURRENT.version;
/** The current version's items (what a new round asks). */
export const ITEMS: readonly AssessmentItem[] = CURRENT.items;

/** The set a round was opened with; a round stored before versions were kept reads as version 1. */
export function itemSet(version: string | null | undefined): ItemSet {
  return ITEM_SETS.find((s) => s.version === version) ?? ITEM_SETS[0]!;
}

export function itemsOf(theme: Theme, set: ItemSet = CURRENT): AssessmentItem[] {
  return set.items.filter((i) => i.theme === theme);
}
