import type { Route } from '../http/types.ts';
import type { Metrics } from '../observability/metrics.ts';
import { accountRoutes } from './accounts.ts';
import { organisationRoutes } from './organisation.ts';
import { opsRoutes } from './ops.ts';
import { statementRoutes } from './statements.ts';
import { meetingRoutes } from './meetings.ts';
import { sharedRoutes } from './shared.ts';
import { myDataRoutes } from './my-data.ts';
import { peerRoutes } from './peer.ts';
import { evaluationRoutes } from './evaluation.ts';
import { writeRoutes } from './write.ts';
import { templateRoutes } from './templates.ts';

/** Every route of the application, in one list: the authorization matrix test walks it. */
export function allRoutes(metrics: Metrics, state: { shuttingDown: boolean }): Route[] {
  return [...opsRoutes(metrics, state), ...accountRoutes, ...organisationRoutes, ...templateRoutes, ...statementRoutes, ...writeRoutes, ...meetingRoutes, ...sharedRoutes, ...myDataRoutes, ...peerRoutes, ...evaluationRoutes];
}
