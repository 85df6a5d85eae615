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
/** "1 minut", "4 minutter": one wording for every wait and duration in minutes. */
export const minutesDa = (n: number): string => (n === 1 ? '1 minut' : `${n} minutter`);
/** How long a professional can read a shared sheet: the same words on the home page and the list. */
export const readableUntilDa = (day: string): string => `kan læses til og med ${day}`;

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
    menu: 'Menu',
    more: 'Mere',
    myPeers: 'Mine peers',
    myCitizens: 'Mine borgere',
    conversations: 'Samtaler',
    reflections: 'Refleksioner',
    directory: 'Peer-oversigt',
    newsletterIssues: 'Skriv nyhedsbrev',
    users: 'Konti',
    footerNewsletter: 'Nyhedsbrev fra peernetværket',
    roles: { citizen: 'borger', peer: 'peer', professional: 'fagperson', coordinator: 'koordinator', admin: 'administrator' },
    roleNow: (role: string) => `Som ${role}`,
    roleSwitchLabel: 'Skift rolle',
    roleSwitchTo: (role: string) => `Skift til ${role}`,
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
    copy: 'Kopiér',
    copied: 'Kopieret. Du kan sætte det ind, hvor du vil.',
    copyFailed: 'Det kunne ikke kopieres her. Markér teksten, og kopiér den selv.',
  },
  home: {
    title: 'Egne ord',
    lead: 'Her kan du forberede dig til et møde med psykiatrien, kommunen eller jobcentret. Du skriver på én side, hvem du er, hvad der betyder mest for dig, og hvad du gerne vil have hjælp til.',
    startWithout: 'Begynd at skrive — uden konto',
    startWithoutHint: 'Det, du skriver, bliver kun gemt på din egen telefon eller computer.',
    haveAccount: 'Har du en konto?',
    noPressure: 'Du bestemmer selv tempoet. Der er ingen tidsgrænse, og du kan altid komme tilbage.',
    signedInAs: (name: string) => `Du er logget ind som ${name}.`,
    greeting: (name: string) => `Hej ${name}`,
    seeAll: 'Se alle',
    citizen: {
      lead: 'Her er dine ark, dine møder og det nye, der er sket.',
      sheets: 'Mine ark',
      sheetCount: (n: number) => (n === 1 ? 'Du har 1 ark.' : `Du har ${n} ark.`),
      sheetsEmpty: 'Du har ikke skrevet et ark endnu. Begynd med et personligt statement: hvem du er, og hvad der betyder mest for dig.',
      sheetsStart: 'Skriv dit første personlige statement',
      otherSheets: 'Se de andre slags ark',
      sheetsNew: 'Skriv et nyt ark',
      suggestionsWaiting: (n: number): string => (n === 1 ? '1 forslag fra din peer venter på dig.' : `${n} forslag fra din peer venter på dig.`),
      suggestionsOn: (purpose: string, n: number): string => (n === 1 ? `${purpose}: se forslaget` : `${purpose}: se de ${n} forslag`),
      changed: (day: string) => `ændret ${day}`,
      meetings: 'Mine møder',
      nextMeeting: (when: string, withWhom: string) => `Dit næste møde er ${when} med ${withWhom}.`,
      noUpcoming: 'Du har ikke et møde i kalenderen. Når du ved, hvornår dit næste møde er, kan du skrive det ind og tage dit ark med.',
      meetingsLink: 'Se og planlæg møder',
      peer: 'Min peer',
      peerLinked: (name: string, organisation: string) => `Du er forbundet med ${name} fra ${organisation}.`,
      noPeer:
        'Du er ikke forbundet med en peer. En peer har selv erfaring og kan hjælpe dig med at skrive. Har du fået en kode af en peer, kan du skrive den her.',
      peerLink: 'Forbind dig med en peer',
      peersLink: 'Se dine peers',
    },
    peer: {
      title: 'I dag',
      meetingsToday: 'Møder i dag',
      meetingToday: (time: string, name: string) => `${time}: ${name} har møde`,
      noMeetingsToday: 'Ingen af dine borgere har møde i dag.',
      conversationsToday: (n: number) =>
        n === 0 ? 'Du har ikke skrevet en samtale ind i dag.' : n === 1 ? 'Du har skrevet 1 samtale ind i dag.' : `Du har skrevet ${n} samtaler ind i dag.`,
      logConversation: 'Skriv en samtale ind',
      citizens: 'Mine borgere',
      citizenCount: (n: number) => (n === 1 ? 'Du er forbundet med 1 borger.' : `Du er forbundet med ${n} borgere.`),
      noCitizens: 'Du er ikke forbundet med nogen borgere endnu. Lav en kode på siden om dit peer-arbejde, og giv den til borgeren.',
      makeCode: 'Lav en kode til en borger',
      network: 'Netværk',
      nextEvent: (title: string, day: string) => `Næste arrangement: ${title}, ${day}.`,
      noEvent: 'Der er ingen kommende arrangementer i netværket lige nu.',
      networkLink: 'Se netværkets arrangementer',
    },
    professional: {
      title: 'Delt med dig',
      lead: 'Borgere kan dele deres ark med dig før et møde. Her er dem, der er delt med dig nu.',
      shared: (name: string, day: string) => `${name} — ${readableUntilDa(day)}`,
      none: 'Ingen har delt et ark med dig lige nu. Når en borger deler sit ark med dit brugernavn, kommer det her.',
    },
    coordinator: {
      title: 'Koordinator',
      organisations: 'Organisation',
      people: (members: number, invitations: number) =>
        `${members === 1 ? '1 person' : `${members} personer`}${invitations > 0 ? `, ${invitations === 1 ? '1 invitation' : `${invitations} invitationer`} venter` : ''}`,
      noOrganisation: 'Du er ikke koordinator for en organisation endnu.',
      rounds: 'Evaluering',
      roundCount: (n: number) => (n === 1 ? '1 runde' : `${n} runder`),
      noRounds: 'Der er ingen runder endnu. Start en aktionslæringsrunde under evaluering.',
      roundsLink: 'Gå til evaluering',
      peopleTitle: 'Personer',
      peopleHint: 'Invitér peers og fagpersoner, og se hvem der er med, på organisationens side.',
    },
    admin: {
      title: 'Drift',
      organisations: 'Organisationer',
      organisationCount: (n: number) => (n === 1 ? 'Der er 1 organisation.' : `Der er ${n} organisationer.`),
      noOrganisations: 'Der er ingen organisationer endnu. Opret den første på driftssiden.',
      organisationsLink: 'Se og opret organisationer',
      operations: 'Drift',
      mailOn: 'E-mail er slået til.',
      mailOff: 'E-mail er slået fra: ingen får mails fra Egne ord.',
      accountsLink: 'Find en konto',
    },
  },
  notices: {
    title: 'Nyt',
    navLabel: (n: number) => `Nyt (${n})`,
    none: {
      citizen:
        'Der er ikke noget nyt. Når din peer foreslår tekst, når der er skrevet en plan til et møde, eller når et ark, du har delt, bliver åbnet, kommer det her.',
      network: 'Der er ikke noget nyt. Når nogen svarer på dit opslag i Del praksis, kommer det her.',
    },
    unseen: 'Ny',
    /** Before a line: the day it happened, or, for several, the day the newest did (not the meeting's day). */
    when: (day: string, count: number) => (count === 1 ? `Den ${day}:` : `Senest den ${day}:`),
    markAllSeen: 'Markér alt som set',
    kinds: {
      suggestion: 'Din peer har foreslået tekst til et af dine ark.',
      plan: 'Fagpersonen har skrevet i jeres beslutninger fra et af dine møder.',
      share_viewed: 'Et ark, du har delt, er blevet åbnet.',
      note_answer: 'Nogen har svaret på dit opslag i Del praksis.',
      support_comment: 'En pårørende eller bisidder har skrevet en kommentar til et af dine møder.',
      support_share: 'Nogen har delt et møde med dig som pårørende, bisidder eller peer.',
      peer_offer: 'Du har fået tilbudt en peer. Se tilbuddet, og svar når du vil.',
      session_comment: 'En borger har skrevet en kommentar til en samtale, du har skrevet ned.',
      group_reply: 'Nogen har svaret på din refleksion i en læringsgruppe.',
      group_join: 'Nogen vil være med i en læringsgruppe, du er vært for.',
      assessment_round: 'Teamet har fået en ny runde af selvevalueringen. Du kan svare, så længe den er åben.',
    },
    /** Several notices of one kind about one thing by one person, on one line. */
    several: {
      suggestion: (n: number, name: string | null) => `${n} nye forslag fra ${name ?? 'din peer'} til et af dine ark.`,
      plan: (n: number) => `Fagpersonen har skrevet ${n} gange i jeres beslutninger fra et af dine møder.`,
      share_viewed: (_n: number) => 'Et ark, du har delt, er blevet åbnet.',
      note_answer: (n: number, name: string | null) => `${n} nye svar${name ? ` fra ${name}` : ''} på dit opslag i Del praksis.`,
      support_comment: (n: number, name: string | null) => `${n} nye kommentarer${name ? ` fra ${name}` : ''} til et af dine møder.`,
      support_share: (_n: number) => 'Nogen har delt et møde med dig som pårørende, bisidder eller peer.',
      peer_offer: (_n: number) => 'Du har fået tilbudt en peer. Se tilbuddet, og svar når du vil.',
      session_comment: (n: number, name: string | null) => `${n} nye kommentarer${name ? ` fra ${name}` : ''} til samtaler, du har skrevet ned.`,
      group_reply: (n: number, name: string | null) => `${n} nye svar${name ? ` fra ${name}` : ''} på din refleksion i en læringsgruppe.`,
      group_join: (n: number) => `${n} vil være med i en læringsgruppe, du er vært for.`,
      assessment_round: (_n: number) => 'Teamet har fået en ny runde af selvevalueringen. Du kan svare, så længe den er åben.',
    },
    open: {
      suggestion: 'Se forslaget',
      plan: 'Se planen',
      share_viewed: 'Se mødet',
      note_answer: 'Læs svaret',
      support_comment: 'Læs kommentaren',
      support_share: 'Se mødet',
      peer_offer: 'Se tilbuddet',
      session_comment: 'Se samtalerne',
      group_reply: 'Læs svaret',
      group_join: 'Se gruppen',
      assessment_round: 'Se runden',
    },
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
    typedCopy: 'Her er det, du skrev, så du har det, mens du prøver igen:',
    serverTitle: 'Der skete en fejl hos os',
    server: 'Der skete en fejl hos os. Det, du har skrevet, er ikke gået tabt. Prøv igen om lidt.',
    csrf: 'Siden var for gammel. Vi har hentet den igen — prøv at sende en gang til.',
    goHome: 'Gå til forsiden',
    goneTitle: 'Ikke længere tilgængelig',
    gone: 'Det, du leder efter, er ikke længere tilgængeligt.',
  },
  rateLimited: 'Der har været for mange forsøg. Vent lidt, og prøv så igen.',
  /** How long a refused try must wait, from the limit's own Retry-After. */
  rateLimitedWait: (seconds: number) =>
    seconds < 60
      ? 'Der har været for mange forsøg. Vent et øjeblik, og prøv så igen.'
      : `Der har været for mange forsøg. Vent ${minutesDa(Math.ceil(seconds / 60))}, og prøv så igen.`,
  roles: {
    citizen: 'Borger',
    peer: 'Peer',
    professional: 'Fagperson',
    coordinator: 'Koordinator',
    admin: 'Driftsansvarlig',
    volunteer: 'frivillig',
  },
};
