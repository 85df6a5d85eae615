import type { Bundle, BundleEntry, QuestionnaireResponseItem } from 'fhir/r4.js';
import type { MeetingDetail } from './meetings.ts';

// FHIR R4: the statement brought to a meeting as a DocumentReference carrying its PDF, and
// the after-meeting check-in as a QuestionnaireResponse, in one collection Bundle.

const CHECK_IN_ITEMS = [
  ['heard', 'Følte du dig hørt? / Did you feel heard?'],
  ['saidWhatMattered', 'Fik du sagt det, der betyder mest? / Did you say what matters most?'],
  ['sharedPreferences', 'Fik du sagt, hvad du foretrækker? / Did you say what you prefer?'],
  ['decidedTogether', 'Besluttede I sammen? / Did you decide together?'],
] as const;

export function meetingBundle(detail: MeetingDetail, pdf: Buffer | null, exportedAt: Date, baseUrl: string): Bundle {
  const entries: BundleEntry[] = [];
  const patientRef = { display: detail.snapshot?.ownerName ?? 'Egne ord' };
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
  return { resourceType: 'Bundle', type: 'collection', timestamp: exportedAt.toISOString(), entry: entries };
}
