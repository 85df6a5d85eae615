import type { Annotation, Bundle, BundleEntry, CarePlan, CarePlanActivity, Goal, QuestionnaireResponseItem, Reference } from 'fhir/r4.js';
import type { Decision, Party, Stance } from '../../domain/decisions/record.ts';
import type { MeetingDetail } from './meetings.ts';

// FHIR R4: the statement brought to a meeting as a DocumentReference carrying its PDF, and
// the after-meeting check-in as a QuestionnaireResponse, and the decision record as a CarePlan
// with one Goal per decision, in one collection Bundle. Who wrote what stays visible: each
// note and each answer to a decision names its author, the citizen for their own parts.

const CHECK_IN_ITEMS = [
  ['heard', 'Følte du dig hørt? / Did you feel heard?'],
  ['saidWhatMattered', 'Fik du sagt det, der betyder mest? / Did you say what matters most?'],
  ['sharedPreferences', 'Fik du sagt, hvad du foretrækker? / Did you say what you prefer?'],
  ['decidedTogether', 'Besluttede I sammen? / Did you decide together?'],
] as const;

export function meetingBundle(detail: MeetingDetail, pdf: Buffer | null, exportedAt: Date, baseUrl: string): Bundle {
  const entries: BundleEntry[] = [];
  const patientRef = { display: detail.snapshot?.ownerName ?? detail.decisions.versions.find((v) => v.by === 'citizen')?.name ?? 'Egne ord' };
  if (detail.snapshot && pdf) {
    entries.push({
      fullUrl: `urn:uuid:${detail.snapshot.id}`,
      resource: {
        resourceType: 'DocumentReference',
        id: detail.snapshot.id,
        status: 'current',
        docStatus: 'final',
        type: { text: detail.snapshot.template.title.da },
        subject: patientRef,
        date: detail.snapshot.createdAt.toISOString(),
        description: detail.snapshot.purpose,
        content: [
          {
            attachment: {
              contentType: 'application/pdf',
              language: 'da',
              data: pdf.toString('base64'),
              title: 'egne-ord.pdf',
              creation: detail.snapshot.createdAt.toISOString(),
            },
          },
        ],
        context: { period: { start: detail.meeting.startsAt.toISOString() } },
      },
    });
  }
  if (detail.followUp) {
    const c = detail.followUp.content;
    const items: QuestionnaireResponseItem[] = [];
    if (c.agreed) items.push({ linkId: 'agreed', text: 'Hvad aftalte I? / What did you agree?', answer: [{ valueString: c.agreed }] });
    for (const [key, text] of CHECK_IN_ITEMS) {
      const v = c.checkIn[key];
      if (v !== undefined) items.push({ linkId: `checkIn.${key}`, text, answer: [{ valueInteger: v }] });
    }
    if (c.disagreement) items.push({ linkId: 'disagreement', text: 'Uenighed / Disagreement', answer: [{ valueString: c.disagreement }] });
    entries.push({
      fullUrl: `urn:uuid:${detail.meeting.id}`,
      resource: {
        resourceType: 'QuestionnaireResponse',
        id: detail.meeting.id,
        questionnaire: `${baseUrl}/fhir/Questionnaire/after-meeting-check-in`,
        status: 'completed',
        subject: patientRef,
        authored: detail.followUp.updatedAt.toISOString(),
        item: items,
      },
    });
  }
  entries.push(...decisionEntries(detail, patientRef));
  return { resourceType: 'Bundle', type: 'collection', timestamp: exportedAt.toISOString(), entry: entries };
}

const STANCE = { agree: 'Enig / Agrees', disagree: 'Ikke enig / Does not agree', '': 'Har ikke svaret / Has not answered' } as const;

function decisionEntries(detail: MeetingDetail, citizen: Reference): BundleEntry[] {
  const view = detail.decisions;
  const latest = view.versions[0];
  if (!latest) return [];
  const r = view.record;
  const professional: Reference = { display: r.professionalName || 'Fagperson / Professional' };
  const by = (party: Party) => (party === 'citizen' ? citizen : professional);
  const note = (party: Party, text: string, at?: Date): Annotation => ({ authorReference: by(party), text, ...(at ? { time: at.toISOString() } : {}) });
  const stanceNote = (party: Party, s: Stance): Annotation[] =>
    s.answer || s.words ? [note(party, s.words ? `${STANCE[s.answer]}: ${s.words}` : STANCE[s.answer])] : [];
  const goal = (d: Decision): Goal => {
    const notes = [
      ...(d.who ? [note(d.addedBy, `Hvem gør hvad / Who does what: ${d.who}`)] : []),
      ...(d.review ? [note(d.addedBy, `Ses på igen / Review: ${d.review}`)] : []),
      ...stanceNote('citizen', d.stances.citizen),
      ...stanceNote('professional', d.stances.professional),
    ];
    return {
      resourceType: 'Goal',
      id: d.id,
      // Agreed by both, or still a proposal: a disagreement is kept in the notes, never resolved here.
      lifecycleStatus: d.stances.citizen.answer === 'agree' && d.stances.professional.answer === 'agree' ? 'accepted' : 'proposed',
      description: { text: d.what },
      subject: citizen,
      expressedBy: by(d.addedBy),
      ...(d.byWhen ? { target: [{ dueDate: d.byWhen }] } : {}),
      ...(notes.length ? { note: notes } : {}),
    };
  };
  const activity = (d: Decision): CarePlanActivity => ({
    detail: {
      status: 'not-started',
      description: d.who ? `${d.what} (${d.who})` : d.what,
      goal: [{ reference: `urn:uuid:${d.id}` }],
      ...(d.byWhen ? { scheduledPeriod: { end: d.byWhen } } : {}),
    },
  });
  const notes: Annotation[] = [
    ...(r.heard ? [note('professional', `Det, jeg hørte / What I heard: ${r.heard}`)] : []),
    ...(r.preferences ? [note('citizen', `Det, der betyder noget for mig / What matters to me: ${r.preferences}`)] : []),
    ...(r.knowledge ? [note('professional', `Viden og bekymringer / Knowledge and concerns: ${r.knowledge}`)] : []),
    ...r.options.map((o) => note(o.by, `Mulighed / Option: ${o.title}${o.involves ? ` — ${o.involves}` : ''}`)),
  ];
  const carePlan: CarePlan = {
    resourceType: 'CarePlan',
    id: latest.id,
    status: 'active',
    intent: 'plan',
    title: 'Det, vi besluttede sammen / What we decided together',
    subject: citizen,
    created: view.versions.at(-1)!.at.toISOString(),
    // The record is the citizen's; both wrote in it.
    author: citizen,
    contributor: [citizen, professional],
    ...(r.decisions.length ? { goal: r.decisions.map((d) => ({ reference: `urn:uuid:${d.id}` })), activity: r.decisions.map(activity) } : {}),
    ...(notes.length ? { note: notes } : {}),
  };
  return [
    { fullUrl: `urn:uuid:${latest.id}`, resource: carePlan },
    ...r.decisions.map((d): BundleEntry => ({ fullUrl: `urn:uuid:${d.id}`, resource: goal(d) })),
  ];
}
