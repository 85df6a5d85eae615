// Danish texts: common. Danish is the product's first language; English must match its shape.
//
// Ordliste — one word per concept, on pages, in PDFs and in e-mails:
// - personligt statement (flertal: personlige statements): the one-page sheet in the citizen's
//   own words. Not "fortælling", "udsagn" or "erklæring". "Ark" is any sheet, this one included.
// - støtten: the help the citizen gets from psychiatry or the municipality — what it should make
//   possible, and what it must not make impossible (de røde linjer). "Hjælp til" stays in the
//   citizen's own question "Det vil jeg gerne have hjælp til".
// - peer (flertal: peers, bestemt: peeren): someone with lived experience who supports the
//   citizen, paid or volunteer. Not "peer-medarbejder", "ligemand" or "støtteperson".
// - fagperson: the professional the citizen meets (læge, sygeplejerske, sagsbehandler). Not
//   "professionel" or "behandler". Written in lower case inside a sentence.
// - koordinator: the person who runs peer support and evaluation in an organisation.
// - borger: the person who writes; in the interface we say "du".
// - møde, deling (a shared link), adgangsnøgle (not "passkey"), spørgeskema, runde.
// Dates are written by src/server/i18n/dates.ts ("2. september 2026"), never as 2026-09-02.
export const common = {
  lang: 'da',
  appName: 'Egne ord',
  tagline: 'Sig det med dine egne ord — før mødet.',
  skipLink: 'Gå til indholdet',
  nav: {
    label: 'Hovedmenu',
    home: 'Forside',
    write: 'Skriv',
    statements: 'Mine ark',
    account: 'Min konto',
    organisation: 'Organisation',
    admin: 'Drift',
    signIn: 'Log ind',
    signUp: 'Opret konto',
    signOut: 'Log ud',
  },
  language: { label: 'Sprog', switchTo: 'English', switchButton: 'Skift til English' },
  footer: 'Egne ord gemmer ikke noget uden din tilladelse. Ingen reklamer, ingen sporing.',
  form: {
    errorSummaryTitle: 'Der er noget, der skal rettes',
    required: 'Skriv venligst noget her.',
    tooLong: (max: number, length: number) => `Teksten må højst være ${max} tegn. Den er nu ${length} tegn.`,
    optional: '(valgfrit)',
    save: 'Gem',
    continue: 'Fortsæt',
    back: 'Tilbage',
    cancel: 'Annullér',
  },
  home: {
    title: 'Egne ord',
    lead: 'Her kan du forberede dig til et møde med psykiatrien, kommunen eller jobcentret. Du skriver på én side, hvem du er, hvad der betyder mest for dig, og hvad du gerne vil have hjælp til.',
    startWithout: 'Begynd at skrive — uden konto',
    startWithoutHint: 'Det du skriver, bliver kun gemt på din egen telefon eller computer.',
    haveAccount: 'Har du en konto?',
    noPressure: 'Du bestemmer selv tempoet. Der er ingen tidsgrænse, og du kan altid komme tilbage.',
    signedInAs: (name: string) => `Du er logget ind som ${name}.`,
  },
  errors: {
    notFoundTitle: 'Siden findes ikke',
    notFound: 'Vi kan ikke finde den side. Måske er linket gammelt.',
    forbiddenTitle: 'Ikke adgang',
    forbidden: 'Du har ikke adgang til denne side.',
    badRequestTitle: 'Noget gik galt med det sendte',
    badRequest: 'Det, der blev sendt, kunne ikke læses. Gå tilbage og prøv igen.',
    dateInvalid: 'Den dato findes ikke. Vælg dag, måned og år igen.',
    tooLargeTitle: 'For meget tekst på én gang',
    tooLarge: 'Der blev sendt for meget på én gang. Gør teksten kortere, og prøv igen.',
    methodNotAllowedTitle: 'Det kan man ikke her',
    methodNotAllowed: 'Siden kan ikke bruges på den måde.',
    conflictTitle: 'Teksten er ændret et andet sted',
    conflict: 'Teksten er ændret et andet sted, siden du åbnede den.',
    tooManyTitle: 'For mange forsøg',
    serverTitle: 'Der skete en fejl hos os',
    server: 'Der skete en fejl hos os. Det du har skrevet, er ikke gået tabt. Prøv igen om lidt.',
    csrf: 'Siden var for gammel. Vi har hentet den igen — prøv at sende en gang til.',
    goHome: 'Gå til forsiden',
    goneTitle: 'Ikke længere tilgængelig',
    gone: 'Det, du leder efter, er ikke længere tilgængeligt.',
  },
  rateLimited: 'Der har været for mange forsøg. Vent lidt, og prøv så igen.',
  roles: {
    citizen: 'Borger',
    peer: 'Peer',
    professional: 'Fagperson',
    coordinator: 'Koordinator',
    admin: 'Driftsansvarlig',
    volunteer: 'frivillig',
  },
};
