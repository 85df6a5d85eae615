import type { SheetTemplate, SheetTemplateInput } from './template-schema.ts';
import { validateTemplate } from './template-schema.ts';

// Written for readers who find reading hard: short sentences, everyday words, "du"/"you".
// All examples are invented for this app.

const personalStatementInput: SheetTemplateInput = {
  key: 'personal-statement',
  // 2: the draft keeps whole thoughts and ends with an invitation, so it may be longer; and the
  // help the citizen gets is "støtten", as in the glossary.
  version: 2,
  title: { da: 'Personligt statement', en: 'Personal statement' },
  intro: {
    da: 'Her skriver du, hvem du er, og hvad du gerne vil have hjælp til. Du kan tage arket med til et møde. Så er det lettere at huske det, der er vigtigt for dig. Du bestemmer selv, hvad du skriver. Du kan altid gå tilbage og ændre det.',
    en: 'Here you write who you are and what you would like help with. You can bring the sheet to a meeting. Then it is easier to remember what matters to you. You decide what you write. You can always go back and change it.',
  },
  steps: [
    {
      key: 'who',
      title: { da: 'Hvem er jeg?', en: 'Who am I?' },
      prompt: {
        da: 'Fortæl lidt om dig selv som menneske.',
        en: 'Tell a little about yourself as a person.',
      },
      help: {
        da: 'Skriv om dig – ikke om en diagnose eller et problem. Hvad kan du lide? Hvad er du god til? Hvem er du sammen med?',
        en: 'Write about you – not about a diagnosis or a problem. What do you like? What are you good at? Who do you spend time with?',
      },
      examples: {
        da: [
          'Jeg hedder Mette og er 52 år. Jeg bor sammen med min søster. Jeg strikker huer til hele familien.',
          'Jeg er Jonas. Jeg spiller bas i et band. Det er altid mig, der husker folks fødselsdage.',
          'Jeg er far til en dreng på ni. Om søndagen bygger vi fuglehuse sammen.',
        ],
        en: [
          'My name is Mette, and I am 52. I live with my sister. I knit hats for the whole family.',
          'I am Jonas. I play bass in a band. I am always the one who remembers birthdays.',
          'I am a dad to a boy of nine. On Sundays we build birdhouses together.',
        ],
      },
      required: true,
      fields: [{ key: 'whoIAm', type: 'longText', role: 'whoIAm', label: { da: 'Om mig', en: 'About me' } }],
    },
    {
      key: 'matters',
      title: { da: 'Det er vigtigt for mig', en: 'What matters to me' },
      prompt: { da: 'Hvad betyder mest for dig?', en: 'What matters most to you?' },
      help: {
        da: 'Det kan være mennesker, dyr, steder eller noget, du gør. Det kan også være noget, du drømmer om.',
        en: 'It can be people, animals, places or something you do. It can also be something you dream of.',
      },
      examples: {
        da: [
          'Min datter og mit barnebarn. Jeg ser dem hver torsdag.',
          'En stille morgen med kaffe og radioen tændt.',
          'Mit arbejde på genbrugspladsen. Der er jeg en del af et hold.',
        ],
        en: [
          'My daughter and my grandchild. I see them every Thursday.',
          'A quiet morning with coffee and the radio on.',
          'My job at the recycling centre. There I am part of a team.',
        ],
      },
      required: true,
      fields: [
        {
          key: 'matters',
          type: 'longText',
          role: 'matters',
          label: { da: 'Det vigtigste for mig', en: 'What matters most to me' },
        },
      ],
    },
    {
      key: 'help',
      title: { da: 'Det vil jeg gerne have hjælp til', en: 'What I would like help with' },
      prompt: { da: 'Hvad vil du gerne have hjælp til?', en: 'What would you like help with?' },
      help: {
        da: 'Skriv, hvad der er svært, eller hvad du gerne vil have til at gå bedre. Du behøver ikke at vide, hvilken støtte der er den rigtige. Det kan I finde ud af sammen. Fagpersonen ved noget om støtten. Du ved mest om dit eget liv.',
        en: 'Write what is hard, or what you would like to go better. You do not need to know which help is the right one. You can find that out together. The professional knows about the help. You know the most about your own life.',
      },
      examples: {
        da: [
          'Jeg vil gerne have hjælp til at sove om natten.',
          'Jeg vil gerne have hjælp til at åbne mine breve. De gør mig bange.',
          'Jeg vil gerne have hjælp til at komme ud, når jeg har en dårlig dag.',
        ],
        en: [
          'I would like help with sleeping at night.',
          'I would like help with opening my letters. They scare me.',
          'I would like help with getting out when I have a bad day.',
        ],
      },
      required: true,
      fields: [
        {
          key: 'helpWith',
          type: 'list',
          role: 'helpWith',
          label: { da: 'Jeg vil gerne have hjælp til …', en: 'I would like help with …' },
          hint: { da: 'Skriv én ting på hver linje.', en: 'Write one thing on each line.' },
        },
      ],
    },
    {
      key: 'so-that',
      title: { da: 'Så jeg kan …', en: 'So that I can …' },
      prompt: {
        da: 'Hvad skal støtten gøre muligt for dig?',
        en: 'What should the help make possible for you?',
      },
      help: {
        da: 'Tænk på, hvordan dit liv ser ud, når støtten virker. Skriv også, hvis der er noget, støtten ikke må tage fra dig. Det kan være dit arbejde, dine venner eller dit dyr.',
        en: 'Think about what your life looks like when the help works. Also write if there is something the help must not take from you. It could be your job, your friends or your pet.',
      },
      examples: {
        da: [
          'Så jeg kan hente mit barnebarn i børnehaven igen.',
          'Så jeg kan tage med min nabo ud at fiske.',
          'Støtten må ikke gøre det umuligt for mig at passe min hund.',
        ],
        en: [
          'So that I can pick up my grandchild from nursery again.',
          'So that I can go fishing with my neighbour.',
          'The help must not make it impossible for me to look after my dog.',
        ],
      },
      required: true,
      fields: [
        { key: 'soThat', type: 'longText', role: 'soThat', label: { da: 'Så jeg kan …', en: 'So that I can …' } },
        {
          key: 'mustNotPrevent',
          type: 'list',
          role: 'mustNotPrevent',
          optional: true,
          label: {
            da: 'Støtten må ikke gøre det umuligt for mig at …',
            en: 'The help must not make it impossible for me to …',
          },
          hint: {
            da: 'Du behøver ikke at skrive noget her. Skriv én ting på hver linje.',
            en: 'You do not have to write anything here. Write one thing on each line.',
          },
          heading: {
            da: 'Det må støtten ikke gøre umuligt',
            en: 'What the help must not make impossible',
          },
        },
      ],
    },
  ],
  selfCheck: [
    {
      key: 'person',
      text: { da: 'Fortæller jeg, hvem jeg er som menneske?', en: 'Do I tell who I am as a person?' },
    },
    {
      key: 'matters',
      text: { da: 'Har jeg skrevet, hvad der er vigtigt for mig?', en: 'Have I written what matters to me?' },
    },
    {
      key: 'what-not-which',
      text: {
        da: 'Har jeg skrevet, hvad jeg vil have hjælp til – og ikke hvilken støtte?',
        en: 'Have I written what I want help with – and not which help?',
      },
    },
    {
      key: 'together',
      text: {
        da: 'Inviterer jeg til, at vi finder løsningen sammen?',
        en: 'Do I invite us to find the answer together?',
      },
    },
    {
      key: 'own-words',
      text: { da: 'Er det skrevet med mine egne ord?', en: 'Is it written in my own words?' },
    },
  ],
  composition: {
    title: { da: 'Kort fortalt', en: 'In short' },
    prompt: {
      da: 'Skriv det vigtigste i 2 til 8 korte sætninger. Skriv med »jeg«. Du kan begynde med udkastet og ændre det, som du vil. Du kan også skrive, at du gerne vil finde løsningen sammen med dem, du mødes med.',
      en: 'Write the most important things in 2 to 8 short sentences. Write with "I". You can start with the draft and change it as you like. You can also write that you would like to find the answer together with the people you meet.',
    },
    minSentences: 2,
    maxSentences: 8,
    maxLength: 600,
    frame: {
      da: [
        '{whoIAm}.',
        '{matters}.',
        ['Jeg vil gerne have hjælp til {helpWith}, så jeg kan {soThat}.', 'Jeg vil gerne have hjælp til {helpWith}.', 'Jeg vil gerne kunne {soThat}.'],
        'Støtten må ikke gøre det umuligt for mig at {mustNotPrevent}.',
      ],
      en: [
        '{whoIAm}.',
        '{matters}.',
        ['I would like help with {helpWith}, so that I can {soThat}.', 'I would like help with {helpWith}.', 'I would like to be able to {soThat}.'],
        'The help must not make it impossible for me to {mustNotPrevent}.',
      ],
    },
    closing: {
      da: 'Jeg vil gerne samarbejde med dig om at finde den hjælp, der passer til mig.',
      en: 'I would like to work with you to find the help that is right for me.',
    },
  },
};

const motivationGoalInput: SheetTemplateInput = {
  key: 'motivation-goal',
  // 2: the draft keeps whole thoughts and ends with an invitation, so it may be longer; and the
  // help the citizen gets is "støtten", as in the glossary.
  version: 2,
  title: { da: 'Motivationsmål', en: 'Motivation goal' },
  intro: {
    da: 'Et motivationsmål er et mål, du selv vælger. Her skriver du, hvem du er, hvad der betyder noget for dig, og hvad du gerne vil arbejde hen imod. Så kan dem, der hjælper dig, se, hvad du selv vil. Du kan altid ændre det senere.',
    en: 'A motivation goal is a goal you choose yourself. Here you write who you are, what matters to you, and what you want to work towards. Then the people who help you can see what you want. You can always change it later.',
  },
  steps: [
    {
      key: 'who',
      title: { da: 'Hvem er jeg?', en: 'Who am I?' },
      prompt: {
        da: 'Fortæl lidt om dig selv som menneske.',
        en: 'Tell a little about yourself as a person.',
      },
      help: {
        da: 'Skriv om dig – ikke om en diagnose eller et problem. Hvad kan du lide? Hvad er du god til?',
        en: 'Write about you – not about a diagnosis or a problem. What do you like? What are you good at?',
      },
      examples: {
        da: [
          'Jeg hedder Ali og er 27 år. Jeg laver den bedste linsesuppe i opgangen.',
          'Jeg er Birthe. Jeg har to katte og en altan fuld af tomater.',
          'Jeg er en rolig type, som godt kan lide at løse krydsord.',
        ],
        en: [
          'My name is Ali, and I am 27. I make the best lentil soup in our building.',
          'I am Birthe. I have two cats and a balcony full of tomatoes.',
          'I am a calm person who likes doing crosswords.',
        ],
      },
      required: true,
      fields: [{ key: 'whoIAm', type: 'longText', role: 'whoIAm', label: { da: 'Om mig', en: 'About me' } }],
    },
    {
      key: 'matters',
      title: { da: 'Det er vigtigt for mig', en: 'What matters to me' },
      prompt: { da: 'Hvad betyder mest for dig?', en: 'What matters most to you?' },
      help: {
        da: 'Tænk på det, der giver dig lyst til at stå op om morgenen. Det kan være mennesker, dyr eller noget, du gør.',
        en: 'Think of what makes you want to get up in the morning. It can be people, animals or something you do.',
      },
      examples: {
        da: ['At min bror og jeg taler sammen igen.', 'At have en fast dag, hvor jeg kommer ud.', 'Musik. Når jeg spiller guitar, bliver jeg rolig.'],
        en: ['That my brother and I talk again.', 'Having a set day when I get out of the house.', 'Music. When I play the guitar, I calm down.'],
      },
      required: true,
      fields: [
        {
          key: 'matters',
          type: 'longText',
          role: 'matters',
          label: { da: 'Det vigtigste for mig', en: 'What matters most to me' },
        },
      ],
    },
    {
      key: 'help',
      title: { da: 'Den hjælp, jeg gerne vil have', en: 'The help I would like' },
      prompt: { da: 'Hvad vil du gerne have hjælp til?', en: 'What would you like help with?' },
      help: {
        da: 'Skriv, hvad der er svært, og hvad der kunne gøre det lettere. Du behøver ikke at vide, hvilken støtte der er den rigtige. Det kan I finde ud af sammen.',
        en: 'Write what is hard and what could make it easier. You do not need to know which help is the right one. You can find that out together.',
      },
      examples: {
        da: [
          'Jeg vil gerne have hjælp til at lave en plan for ugen.',
          'Jeg vil gerne have hjælp til at tage bussen alene.',
          'Jeg vil gerne have hjælp til at sige fra, når det bliver for meget.',
        ],
        en: [
          'I would like help with making a plan for the week.',
          'I would like help with taking the bus on my own.',
          'I would like help with saying no when it gets too much.',
        ],
      },
      required: true,
      fields: [
        {
          key: 'helpWith',
          type: 'list',
          role: 'helpWith',
          label: { da: 'Jeg vil gerne have hjælp til …', en: 'I would like help with …' },
          hint: { da: 'Skriv én ting på hver linje.', en: 'Write one thing on each line.' },
        },
      ],
    },
    {
      key: 'goal',
      title: { da: 'Det vil jeg arbejde hen imod', en: 'What I want to work towards' },
      prompt: { da: 'Hvad er dit mål?', en: 'What is your goal?' },
      help: {
        da: 'Vælg et mål, der er dit eget. Det må gerne være lille. Skriv også et første skridt, hvis du kan.',
        en: 'Choose a goal that is your own. It is fine if it is small. Also write a first step if you can.',
      },
      examples: {
        da: [
          'Mit mål er at få et fritidsjob i en cykelforretning.',
          'Mit mål er at synge i et kor igen.',
          'Et første lille skridt kan være at ringe til koret og spørge, hvornår de øver.',
        ],
        en: [
          'My goal is to get a part-time job in a bike shop.',
          'My goal is to sing in a choir again.',
          'A first small step could be to call the choir and ask when they practise.',
        ],
      },
      required: true,
      fields: [
        { key: 'goal', type: 'longText', role: 'workTowards', label: { da: 'Mit mål er …', en: 'My goal is …' } },
        {
          key: 'firstStep',
          type: 'shortText',
          optional: true,
          label: { da: 'Et første lille skridt kan være …', en: 'A first small step could be …' },
        },
      ],
    },
  ],
  selfCheck: [
    {
      key: 'person',
      text: { da: 'Fortæller jeg, hvem jeg er som menneske?', en: 'Do I tell who I am as a person?' },
    },
    {
      key: 'own-goal',
      text: {
        da: 'Er målet mit eget – noget, jeg selv gerne vil?',
        en: 'Is the goal my own – something I really want?',
      },
    },
    {
      key: 'next-step',
      text: {
        da: 'Vil jeg kunne mærke, når jeg er kommet et skridt nærmere?',
        en: 'Will I be able to tell when I am a step closer?',
      },
    },
    {
      key: 'what-not-which',
      text: {
        da: 'Har jeg skrevet, hvad jeg vil have hjælp til – og ikke hvilken støtte?',
        en: 'Have I written what I want help with – and not which help?',
      },
    },
    {
      key: 'own-words',
      text: { da: 'Er det skrevet med mine egne ord?', en: 'Is it written in my own words?' },
    },
  ],
  composition: {
    title: { da: 'Mit mål kort fortalt', en: 'My goal in short' },
    prompt: {
      da: 'Skriv dit mål og det vigtigste om dig i 2 til 8 korte sætninger. Skriv med »jeg«. Du kan begynde med udkastet og ændre det, som du vil.',
      en: 'Write your goal and the most important things about you in 2 to 8 short sentences. Write with "I". You can start with the draft and change it as you like.',
    },
    minSentences: 2,
    maxSentences: 8,
    maxLength: 600,
    frame: {
      da: [
        '{whoIAm}.',
        '{matters}.',
        ['Mit mål er {goal}, og jeg vil gerne have hjælp til {helpWith}.', 'Mit mål er {goal}.', 'Jeg vil gerne have hjælp til {helpWith}.'],
        'Et første lille skridt kan være {firstStep}.',
      ],
      en: [
        '{whoIAm}.',
        '{matters}.',
        ['My goal is {goal}, and I would like help with {helpWith}.', 'My goal is {goal}.', 'I would like help with {helpWith}.'],
        'A first small step could be {firstStep}.',
      ],
    },
    closing: {
      da: 'Jeg vil gerne samarbejde med dig om at nå mit mål.',
      en: 'I would like to work with you on reaching my goal.',
    },
  },
};

// "Det hjælper mig": what helps, the first signs that things are getting hard, what others should
// and should not do, and whom to call. Others call this a crisis plan; here it is the person's
// own words about their own life, to share with the people they choose.
const whatHelpsMeInput: SheetTemplateInput = {
  key: 'what-helps-me',
  version: 1,
  title: { da: 'Det hjælper mig', en: 'What helps me' },
  intro: {
    da: 'Her skriver du, hvad der hjælper dig, og hvad andre kan gøre, når det bliver svært. Nogle kalder det en kriseplan. Du bestemmer selv, hvad der står. Du kan give arket til dem, du stoler på, eller tage det med til et møde. Du kan altid ændre det.',
    en: 'Here you write what helps you, and what others can do when things get hard. Some people call it a crisis plan. You decide what it says. You can give the sheet to people you trust, or bring it to a meeting. You can always change it.',
  },
  steps: [
    {
      key: 'helps',
      title: { da: 'Det hjælper mig', en: 'What helps me' },
      prompt: {
        da: 'Hvad hjælper dig, når du har det svært? Og hvad hjælper, før det bliver svært?',
        en: 'What helps you when things are hard? And what helps before they get hard?',
      },
      help: {
        da: 'Det kan være små ting. En gåtur, en sang, en ven eller en god nats søvn. Skriv det, du ved virker for dig.',
        en: 'It can be small things. A walk, a song, a friend or a good night’s sleep. Write what you know works for you.',
      },
      examples: {
        da: [
          'At gå en tur med min hund, også når jeg ikke har lyst.',
          'At ringe til min søster. Hun får mig til at grine.',
          'Varm te og en film, jeg har set mange gange.',
        ],
        en: [
          'Going for a walk with my dog, even when I do not feel like it.',
          'Calling my sister. She makes me laugh.',
          'Hot tea and a film I have seen many times.',
        ],
      },
      required: true,
      fields: [
        {
          key: 'helps',
          type: 'list',
          label: { da: 'Det hjælper mig', en: 'What helps me' },
          hint: { da: 'Skriv én ting på hver linje.', en: 'Write one thing on each line.' },
        },
      ],
    },
    {
      key: 'signs',
      title: { da: 'Når det er ved at blive svært', en: 'When things are getting hard' },
      prompt: {
        da: 'Hvordan kan du og andre mærke, at det er ved at blive svært?',
        en: 'How can you and others tell that things are getting hard?',
      },
      help: {
        da: 'Tænk på de første små tegn. Måske sover du dårligt, spiser mindre eller holder dig for dig selv. Det er lettere at gøre noget, når man ser tegnene tidligt.',
        en: 'Think of the first small signs. Maybe you sleep badly, eat less or keep to yourself. It is easier to do something when the signs are seen early.',
      },
      examples: {
        da: ['Jeg sover kun få timer og går rundt om natten.', 'Jeg tager ikke telefonen, når min mor ringer.', 'Jeg holder op med at lave mad.'],
        en: ['I only sleep a few hours and walk around at night.', 'I do not answer when my mum calls.', 'I stop cooking.'],
      },
      required: true,
      fields: [
        {
          key: 'signs',
          type: 'list',
          label: { da: 'De første tegn hos mig', en: 'My first signs' },
          hint: { da: 'Skriv ét tegn på hver linje.', en: 'Write one sign on each line.' },
        },
      ],
    },
    {
      key: 'others',
      title: { da: 'Det vil jeg gerne have, at andre gør', en: 'What I would like others to do' },
      prompt: {
        da: 'Hvad skal folk omkring dig gøre, når du har det svært? Og hvad skal de lade være med?',
        en: 'What should the people around you do when things are hard? And what should they not do?',
      },
      help: {
        da: 'Skriv det så tydeligt, du kan. Det kan være til din familie, dine venner, din nabo eller dem, der hjælper dig til daglig.',
        en: 'Write it as clearly as you can. It can be for your family, your friends, your neighbour or the people who help you every day.',
      },
      examples: {
        da: [
          'Sæt dig ved siden af mig, og tal roligt.',
          'Hjælp mig med at få noget at spise.',
          'Lad være med at skælde ud eller tale om mig, mens jeg hører det.',
        ],
        en: ['Sit next to me and talk calmly.', 'Help me get something to eat.', 'Please do not tell me off or talk about me while I can hear it.'],
      },
      required: true,
      fields: [
        {
          key: 'pleaseDo',
          type: 'list',
          label: { da: 'Det må I gerne gøre', en: 'Please do this' },
          hint: { da: 'Skriv én ting på hver linje.', en: 'Write one thing on each line.' },
        },
        {
          key: 'pleaseDont',
          type: 'list',
          optional: true,
          label: { da: 'Det skal I lade være med', en: 'Please do not do this' },
          hint: {
            da: 'Du behøver ikke at skrive noget her. Skriv én ting på hver linje.',
            en: 'You do not have to write anything here. Write one thing on each line.',
          },
        },
      ],
    },
    {
      key: 'call',
      title: { da: 'Dem kan I ringe til', en: 'Who to call' },
      prompt: {
        da: 'Hvem skal andre ringe til, hvis det bliver svært? Og hvem vil du selv gerne ringe til?',
        en: 'Who should others call if things get hard? And who would you like to call yourself?',
      },
      help: {
        da: 'Skriv navnet, hvem personen er for dig, og gerne et telefonnummer. Spørg dem først, om det er i orden.',
        en: 'Write the name, who the person is to you, and a phone number if you can. Ask them first if that is all right.',
      },
      examples: {
        da: ['Min søster Hanne på 12 34 56 78.', 'Min kontaktperson på bostedet i dagtimerne.', 'Min nabo Jens. Han har en nøgle til min lejlighed.'],
        en: ['My sister Hanne on 012 345 678.', 'My key worker at the home in the daytime.', 'My neighbour Jens. He has a key to my flat.'],
      },
      required: true,
      fields: [
        {
          key: 'whoToCall',
          type: 'list',
          label: { da: 'Ring til …', en: 'Call …' },
          hint: { da: 'Skriv én person på hver linje.', en: 'Write one person on each line.' },
          heading: { da: 'Dem kan I ringe til', en: 'Who to call' },
        },
      ],
    },
  ],
  selfCheck: [
    { key: 'own-words', text: { da: 'Er det skrevet med mine egne ord?', en: 'Is it written in my own words?' } },
    {
      key: 'clear',
      text: { da: 'Kan en anden forstå, hvad jeg gerne vil have, at de gør?', en: 'Could someone else understand what I would like them to do?' },
    },
    {
      key: 'asked',
      text: { da: 'Ved dem, der står på arket, at de står der?', en: 'Do the people on the sheet know that they are on it?' },
    },
    {
      key: 'copies',
      text: { da: 'Har jeg tænkt over, hvem der skal have arket?', en: 'Have I thought about who should have the sheet?' },
    },
  ],
  composition: {
    title: { da: 'Kort fortalt', en: 'In short' },
    prompt: {
      da: 'Skriv det vigtigste kort. Så kan en anden hurtigt se, hvad der hjælper dig. Du kan starte med udkastet og rette i det, som du vil.',
      en: 'Write the most important things in a few short sentences, so someone else can quickly see what helps you. You can start with the draft and change it as you like.',
    },
    frame: {
      da: ['Det, der hjælper mig, er {helps}.', '{signs}.', '{pleaseDo}.', '{pleaseDont}.', 'Ring til {whoToCall}.'],
      en: ['What helps me is {helps}.', '{signs}.', '{pleaseDo}.', '{pleaseDont}.', 'Call {whoToCall}.'],
    },
    closing: {
      da: 'Tak, fordi du vil hjælpe mig på den måde, der virker for mig.',
      en: 'Thank you for helping me in the way that works for me.',
    },
  },
};

function defineBuiltin(input: SheetTemplateInput): SheetTemplate {
  const result = validateTemplate(input);
  if (!result.ok) {
    // Our own data: failing loudly at start-up beats shipping a broken sheet.
    throw new Error(`Built-in template '${input.key}' is invalid: ${result.errors.map((e) => `${e.path}: ${e.message.en}`).join('; ')}`);
  }
  return result.template;
}

export const personalStatement: SheetTemplate = defineBuiltin(personalStatementInput);
export const motivationGoal: SheetTemplate = defineBuiltin(motivationGoalInput);

export const whatHelpsMe: SheetTemplate = defineBuiltin(whatHelpsMeInput);

export const builtinTemplates: readonly SheetTemplate[] = [personalStatement, motivationGoal, whatHelpsMe];

export function builtinTemplate(key: string): SheetTemplate | undefined {
  return builtinTemplates.find((t) => t.key === key);
}

/**
 * Sheets in the order they are offered for starting one: the built-in ones as listed above (the
 * personal statement, which the service is for, first, and so chosen when nothing else is), then
 * an organisation's own in the order they came.
 */
export function inOfferOrder<T extends { template: { key: string }; organisationId: string | null }>(templates: readonly T[]): T[] {
  const rank = (t: T) => {
    const builtin = t.organisationId === null ? builtinTemplates.findIndex((b) => b.key === t.template.key) : -1;
    return builtin === -1 ? builtinTemplates.length : builtin;
  };
  return [...templates].sort((a, b) => rank(a) - rank(b));
}
