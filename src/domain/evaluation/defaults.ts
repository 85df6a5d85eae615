import type { Questionnaire, QuestionnaireInput } from './questionnaire.ts';
import { validateQuestionnaire } from './questionnaire.ts';

// Four questionnaires Egne ord ships, written for this app (not taken from any published
// instrument), in short sentences with everyday words. Statements are answered on a scale
// rather than asked as questions, so the same five answers fit every line.

// One line in no particular language: it is shown on Danish and English pages alike.
const LICENCE = 'Egne ord · CC BY 4.0';

/** 1–5 agreement. Values are the digits so existing 1–5 check-in answers carry straight over. */
const agree = () => [
  { value: '1', score: 1, label: { da: 'Helt uenig', en: 'Completely disagree' } },
  { value: '2', score: 2, label: { da: 'Delvis uenig', en: 'Partly disagree' } },
  { value: '3', score: 3, label: { da: 'Hverken enig eller uenig', en: 'Neither agree nor disagree' } },
  { value: '4', score: 4, label: { da: 'Delvis enig', en: 'Partly agree' } },
  { value: '5', score: 5, label: { da: 'Helt enig', en: 'Completely agree' } },
];

/** Change since the peer worker started. "Don't know" has no score, so it leaves the mean alone. */
const change = () => [
  { value: 'much-worse', score: 1, label: { da: 'Meget dårligere', en: 'Much worse' } },
  { value: 'worse', score: 2, label: { da: 'Lidt dårligere', en: 'A little worse' } },
  { value: 'same', score: 3, label: { da: 'Cirka det samme', en: 'About the same' } },
  { value: 'better', score: 4, label: { da: 'Lidt bedre', en: 'A little better' } },
  { value: 'much-better', score: 5, label: { da: 'Meget bedre', en: 'Much better' } },
  { value: 'dont-know', label: { da: 'Ved ikke', en: "Don't know" } },
];

/** "Prefer not to answer": no score, so it leaves the mean alone, and it is counted as a choice. */
const skip = () => ({ value: 'skip', label: { da: 'Vil ikke svare', en: 'Prefer not to answer' } });

/**
 * After a meeting, for the citizen: asked once, on the meeting page (or by a round's link). One
 * statement for each of the four principles of shared decision making, about both sides of the
 * table — both took part, both shared what they know, both said what they prefer, they decided
 * together — and whether the person felt heard. Every statement can be skipped.
 * Version 1 asked about the citizen's side only ("saidWhatMattered" was its "what I know");
 * its answers stay with version 1 and are reported under its own wording.
 */
export const afterMeetingInput: QuestionnaireInput = {
  key: 'after-meeting-check-in',
  version: 2,
  title: { da: 'Efter mødet', en: 'After the meeting' },
  intro: {
    da: 'Her er fem korte sætninger om mødet — om jer begge: dig og fagpersonen. Sig, hvor enig du er. Du kan springe en sætning over. Der er ingen rigtige eller forkerte svar. Svarene hjælper med at gøre møderne bedre.',
    en: 'Here are five short sentences about the meeting — about both of you: you and the professional. Say how much you agree. You can skip a sentence. There are no right or wrong answers. The answers help make meetings better.',
  },
  audience: 'citizen',
  licenceNote: LICENCE,
  items: [
    {
      type: 'singleChoice',
      key: 'tookPart',
      required: false,
      text: { da: 'Vi tog begge aktivt del i mødet.', en: 'We both took an active part in the meeting.' },
      options: [...agree(), skip()],
    },
    {
      type: 'singleChoice',
      key: 'sharedKnowledge',
      required: false,
      text: {
        da: 'Vi fortalte begge, hvad vi ved: jeg om mit liv, fagpersonen om sit fag.',
        en: 'We both shared what we know: I about my life, the professional about their field.',
      },
      options: [...agree(), skip()],
    },
    {
      type: 'singleChoice',
      key: 'sharedPreferences',
      required: false,
      text: { da: 'Vi sagde begge, hvad vi helst ville.', en: 'We both said what we would prefer.' },
      options: [...agree(), skip()],
    },
    {
      type: 'singleChoice',
      key: 'decidedTogether',
      required: false,
      text: { da: 'Vi traf beslutningerne sammen.', en: 'We made the decisions together.' },
      options: [...agree(), skip()],
    },
    {
      type: 'singleChoice',
      key: 'heard',
      required: false,
      text: { da: 'Jeg følte, at de lyttede til mig.', en: 'I felt that they listened to me.' },
      options: [...agree(), skip()],
    },
    {
      type: 'freeText',
      key: 'comment',
      required: false,
      maxLength: 1000,
      text: {
        da: 'Er der andet, du vil sige om mødet? (Du behøver ikke skrive noget.)',
        en: 'Is there anything else you want to say about the meeting? (You do not have to write anything.)',
      },
    },
  ],
};

/** For colleagues of a peer worker: what has changed since the peer started. */
export const colleagueInput: QuestionnaireInput = {
  key: 'colleague',
  version: 1,
  title: { da: 'Samarbejdet med peer-medarbejderen', en: 'Working with the peer worker' },
  intro: {
    da: 'Spørgsmålene handler om, hvad der har ændret sig, siden peer-medarbejderen begyndte hos jer. Svar ud fra din egen oplevelse.',
    en: 'The questions are about what has changed since the peer worker started at your workplace. Answer from your own experience.',
  },
  audience: 'colleague',
  licenceNote: LICENCE,
  items: [
    {
      type: 'singleChoice',
      key: 'collaborationWithPeer',
      required: true,
      text: {
        da: 'Hvordan har dit samarbejde med peer-medarbejderen udviklet sig, siden starten?',
        en: 'How has your collaboration with the peer worker developed since the start?',
      },
      options: change(),
    },
    {
      type: 'singleChoice',
      key: 'collaborationWithCitizens',
      required: true,
      text: {
        da: 'Hvordan har dit samarbejde med borgerne ændret sig, siden peer-medarbejderen kom?',
        en: 'How has your collaboration with citizens changed since the peer worker came?',
      },
      options: change(),
    },
    {
      type: 'singleChoice',
      key: 'citizensOwnWords',
      required: true,
      text: {
        da: 'Borgerne siger oftere med egne ord, hvad der er vigtigt for dem.',
        en: 'Citizens more often say in their own words what is important to them.',
      },
      options: agree(),
    },
    {
      type: 'singleChoice',
      key: 'roleClear',
      required: true,
      text: { da: 'Jeg ved, hvad peer-medarbejderen kan bidrage med.', en: 'I know what the peer worker can contribute.' },
      options: agree(),
    },
    {
      type: 'yesNo',
      key: 'metWithStatement',
      required: true,
      text: {
        da: 'Har du været til et møde, hvor borgeren havde sin egen skrevne tekst med?',
        en: 'Have you been at a meeting where the citizen brought their own written text?',
      },
    },
    {
      type: 'singleChoice',
      key: 'statementHelped',
      required: true,
      showIf: { item: 'metWithStatement', equals: true },
      text: {
        da: 'Teksten gjorde det lettere for mig at forstå, hvad borgeren ønskede hjælp til.',
        en: 'The text made it easier for me to understand what the citizen wanted help with.',
      },
      options: agree(),
    },
    {
      type: 'freeText',
      key: 'comment',
      required: false,
      maxLength: 1500,
      text: {
        da: 'Hvad kunne gøre samarbejdet med peer-medarbejderen endnu bedre?',
        en: 'What could make working with the peer worker even better?',
      },
    },
  ],
};

/** For the peer worker: their own practice and the support they get. */
export const peerInput: QuestionnaireInput = {
  key: 'peer-practice',
  version: 1,
  title: { da: 'Dit arbejde som peer-medarbejder', en: 'Your work as a peer worker' },
  intro: {
    da: 'Spørgsmålene handler om dit arbejde og den støtte, du får. Svarene bruges til at gøre vilkårene bedre for peer-medarbejdere.',
    en: 'The questions are about your work and the support you get. The answers are used to improve conditions for peer workers.',
  },
  audience: 'peer',
  licenceNote: LICENCE,
  items: [
    {
      type: 'number',
      key: 'meetingsLastMonth',
      required: true,
      integer: true,
      min: 0,
      max: 500,
      text: {
        da: 'Cirka hvor mange gange har du været sammen med en borger den seneste måned? Skriv 0, hvis det ikke er sket.',
        en: 'About how many times have you been with a citizen in the last month? Write 0 if it has not happened.',
      },
    },
    {
      type: 'slider',
      key: 'secureInRole',
      required: true,
      min: 0,
      max: 10,
      step: 1,
      minLabel: { da: 'Slet ikke tryg', en: 'Not secure at all' },
      maxLabel: { da: 'Helt tryg', en: 'Completely secure' },
      text: { da: 'Hvor tryg føler du dig i din rolle lige nu?', en: 'How secure do you feel in your role right now?' },
    },
    {
      type: 'singleChoice',
      key: 'useOwnExperience',
      required: true,
      text: {
        da: 'Jeg kan bruge mine egne erfaringer på en måde, der hjælper borgerne.',
        en: 'I can use my own experience in a way that helps citizens.',
      },
      options: agree(),
    },
    {
      type: 'singleChoice',
      key: 'enoughSupport',
      required: true,
      text: { da: 'Jeg får den sparring og supervision, jeg har brug for.', en: 'I get the guidance and supervision I need.' },
      options: agree(),
    },
    {
      type: 'singleChoice',
      key: 'roleUnderstood',
      required: true,
      text: { da: 'Mine kolleger forstår, hvad min rolle er.', en: 'My colleagues understand what my role is.' },
      options: agree(),
    },
    {
      type: 'multipleChoice',
      key: 'supportFrom',
      required: false,
      text: { da: 'Hvem får du støtte fra? Du kan vælge flere.', en: 'Who do you get support from? You can choose more than one.' },
      options: [
        { value: 'manager', label: { da: 'Min leder', en: 'My manager' } },
        { value: 'colleagues', label: { da: 'Kolleger på arbejdspladsen', en: 'Colleagues at work' } },
        { value: 'other-peers', label: { da: 'Andre peer-medarbejdere', en: 'Other peer workers' } },
        { value: 'supervisor', label: { da: 'En supervisor udefra', en: 'A supervisor from outside' } },
        { value: 'private', label: { da: 'Familie og venner', en: 'Family and friends' } },
        { value: 'none', label: { da: 'Ingen af dem', en: 'None of these' } },
      ],
    },
    {
      type: 'freeText',
      key: 'wish',
      required: false,
      maxLength: 1500,
      text: { da: 'Hvad ville gøre din hverdag som peer-medarbejder bedre?', en: 'What would make your everyday work as a peer worker better?' },
    },
  ],
};

/**
 * "Passer …" from 1 to 5, the same scale the staff answer their self-assessment on, so the two
 * can be drawn on one radar. "Ved ikke / passer ikke på mig" has no score: it leaves the mean alone.
 */
const fits = () => [
  { value: '1', score: 1, label: { da: 'Passer slet ikke', en: 'Not true at all' } },
  { value: '2', score: 2, label: { da: 'Passer dårligt', en: 'Mostly not true' } },
  { value: '3', score: 3, label: { da: 'Passer delvis', en: 'Partly true' } },
  { value: '4', score: 4, label: { da: 'Passer godt', en: 'Mostly true' } },
  { value: '5', score: 5, label: { da: 'Passer helt', en: 'Completely true' } },
  { value: 'not-for-me', label: { da: 'Ved ikke / passer ikke på mig', en: "Don't know / does not fit me" } },
];

const statement = (key: string, da: string, en: string) => ({ type: 'singleChoice' as const, key, required: false, text: { da, en }, options: fits() });

/**
 * The citizens' own voice on how recovery-oriented a place is: the themes of the staff
 * self-assessment (src/domain/assessment/items.ts), basic needs, treatment and staff skills
 * included, said as a person who uses the place would say them. Written for Egne ord after the
 * themes users are asked about in recovery research; no item is taken or translated from a
 * published instrument. Which theme each item belongs to is in src/domain/assessment/citizens.ts.
 */
export const recoveryUsersInput: QuestionnaireInput = {
  key: 'recovery-users',
  version: 1,
  title: { da: 'Sådan oplever jeg stedet', en: 'How I find this place' },
  intro: {
    da: 'Her er nogle sætninger om stedet og om personalet. Sig, hvor godt hver sætning passer på det, du oplever. Du kan springe en sætning over. Personalet ser kun svarene samlet, og kun når nok har svaret til, at ingen kan genkendes.',
    en: 'Here are some sentences about this place and the staff. Say how well each one fits what you experience. You can skip a sentence. The staff only see the answers together, and only when enough people have answered that nobody can be recognised.',
  },
  audience: 'citizen',
  licenceNote: LICENCE,
  items: [
    statement('what-matters', 'Personalet spørger mig, hvad der er vigtigt for mig.', 'The staff ask me what matters to me.'),
    statement(
      'my-plan',
      'Min plan handler om det liv, jeg gerne vil have. Den er skrevet sammen med mig.',
      'My plan is about the life I want. It was written together with me.',
    ),
    statement('my-say', 'Jeg kan være med til at bestemme, hvordan stedet fungerer.', 'I can have a say in how this place works.'),
    statement('peer', 'Jeg kan tale med en peer, hvis jeg gerne vil.', 'I can talk with a peer if I want to.'),
    statement(
      'good-life',
      'Det er tydeligt for mig, at stedet vil hjælpe mig til et godt liv. Ikke kun til færre symptomer.',
      'It is clear to me that this place wants to help me to a good life. Not only to fewer symptoms.',
    ),
    statement(
      'asked-opinion',
      'Personalet spørger, hvad jeg synes om støtten. De bruger det, jeg siger.',
      'The staff ask what I think of the support. They use what I say.',
    ),
    statement('choose-support', 'Jeg kan vælge mellem forskellige slags støtte.', 'I can choose between different kinds of support.'),
    statement('choose-person', 'Jeg kan selv vælge, hvem jeg helst vil tale med.', 'I can choose who I would rather talk to.'),
    statement('people-close', 'Personalet spørger, om nogen af mine nærmeste skal være med.', 'The staff ask whether someone close to me should be involved.'),
    statement('good-at', 'Personalet taler også om det, jeg er god til.', 'The staff also talk about what I am good at.'),
    statement('believe', 'Personalet tror på, at jeg kan få det bedre.', 'The staff believe that I can get better.'),
    statement('no-pressure', 'Jeg bliver ikke presset til noget, jeg ikke vil.', 'I am not pushed into anything I do not want.'),
    statement(
      'after-force',
      'Hvis der er blevet brugt tvang over for mig, har nogen talt med mig om det bagefter.',
      'If force has been used on me, someone talked with me about it afterwards.',
    ),
    statement('plain-words', 'Personalet taler til mig med almindelige ord, som jeg forstår.', 'The staff speak to me in everyday words that I understand.'),
    statement('say-no', 'Jeg kan sige fra eller være uenig, uden at det går ud over mig.', 'I can say no or disagree without it being held against me.'),
    statement(
      'basics',
      'Jeg får hjælp til det grundlæggende, når jeg har brug for det: et sted at bo, mad og min medicin.',
      'I get help with the basics when I need it: a place to live, food and my medicine.',
    ),
    statement('treatment', 'Jeg kan få behandling, når jeg har brug for det.', 'I can get treatment when I need it.'),
    statement(
      'admission',
      'Hvis jeg får brug for at blive indlagt, kan jeg få en plads i tide.',
      'If I need to be admitted to hospital, I can get a bed in time.',
    ),
    statement(
      'skilled',
      'Personalet ved, hvad de gør. De kan hjælpe mig med det, jeg har brug for.',
      'The staff know what they are doing. They can help me with what I need.',
    ),
  ],
};

function build(input: QuestionnaireInput): Questionnaire {
  const result = validateQuestionnaire(input);
  if (!result.ok) {
    // A broken built-in is a programming error; fail at start-up, not in front of a respondent.
    throw new Error(`Built-in questionnaire '${input.key}' is invalid: ${result.errors.map((e) => `${e.path}: ${JSON.stringify(e.problem)}`).join('; ')}`);
  }
  return result.value;
}

export const AFTER_MEETING: Questionnaire = build(afterMeetingInput);
export const COLLEAGUE: Questionnaire = build(colleagueInput);
export const PEER_PRACTICE: Questionnaire = build(peerInput);
export const RECOVERY_USERS: Questionnaire = build(recoveryUsersInput);

export const DEFAULT_QUESTIONNAIRES: readonly Questionnaire[] = [AFTER_MEETING, COLLEAGUE, PEER_PRACTICE, RECOVERY_USERS];
