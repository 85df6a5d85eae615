import { keptFormRoutes } from './kept-forms.ts';
import type { Route } from '../http/types.ts';
import type { Metrics } from '../observability/metrics.ts';
import { guideRoutes } from './guides.ts';
import { assessmentRoutes } from './assessment.ts';
import { accountRoutes } from './accounts.ts';
import { homeRoutes } from './home.ts';
import { accountSecurityRoutes } from './account-security.ts';
import { passkeyRoutes } from './passkeys.ts';
import { organisationRoutes } from './organisation.ts';
import { opsRoutes } from './ops.ts';
import { statementRoutes } from './statements.ts';
import { meetingRoutes } from './meetings.ts';
import { progressRoutes } from './progress.ts';
import { sharedRoutes } from './shared.ts';
import { supportRoutes } from './support.ts';
import { myDataRoutes } from './my-data.ts';
import { peerRoutes } from './peer.ts';
import { aboutMeRoutes } from './about-me.ts';
import { findPeerRoutes } from './find-peer.ts';
import { evaluationRoutes } from './evaluation.ts';
import { roundInvitationRoutes } from './round-invitations.ts';
import { questionnaireEditorRoutes } from './questionnaire-editor.ts';
import { writeRoutes } from './write.ts';
import { templateRoutes } from './templates.ts';
import { eventRoutes } from './events.ts';
import { directoryRoutes } from './directory.ts';
import { newsletterRoutes } from './newsletter.ts';
import { practiceNoteRoutes } from './practice-notes.ts';
import { learningGroupRoutes } from './learning-groups.ts';
import { identityRoutes } from './identity.ts';
import { designRoutes } from './design.ts';

/** Every route of the application, in one list: the authorization matrix test walks it. */
export function allRoutes(metrics: Metrics, state: { shuttingDown: boolean }): Route[] {
  return [
    ...opsRoutes(metrics, state),
    ...homeRoutes,
    ...accountRoutes,
    ...keptFormRoutes,
    ...accountSecurityRoutes,
    ...passkeyRoutes,
    ...identityRoutes,
    ...organisationRoutes,
    ...templateRoutes,
    ...statementRoutes,
    ...writeRoutes,
    ...meetingRoutes,
    ...progressRoutes,
    ...sharedRoutes,
    ...supportRoutes,
    ...myDataRoutes,
    ...peerRoutes,
    ...aboutMeRoutes,
    ...findPeerRoutes,
    ...evaluationRoutes,
    ...roundInvitationRoutes,
    ...questionnaireEditorRoutes,
    ...newsletterRoutes,
    ...practiceNoteRoutes,
    ...learningGroupRoutes,
    ...eventRoutes,
    ...directoryRoutes,
    ...guideRoutes,
    ...assessmentRoutes,
    ...designRoutes,
  ];
}
