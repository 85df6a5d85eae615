import type { Messages } from './messages.ts';
import { common } from './en/common.ts';
import { accounts } from './en/accounts.ts';
import { organisation } from './en/organisation.ts';
import { statements } from './en/statements.ts';
import { meetings } from './en/meetings.ts';
import { peer } from './en/peer.ts';
import { evaluation } from './en/evaluation.ts';
import { network } from './en/network.ts';
import { identity } from './en/identity.ts';
import { design } from './en/design.ts';
import { aboutMe } from './en/about-me.ts';
import { learning } from './en/learning.ts';
import { findPeer } from './en/find-peer.ts';

export const en: Messages = {
  ...common,
  ...accounts,
  ...organisation,
  ...statements,
  ...meetings,
  ...peer,
  ...evaluation,
  ...network,
  ...identity,
  ...design,
  ...aboutMe,
  ...learning,
  ...findPeer,
};
