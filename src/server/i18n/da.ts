// Danish is the product's first language; every other catalogue must match its shape.
// One file per area under da/; en/ mirrors it, and tsc checks that English has every key.
import { common } from './da/common.ts';
import { accounts } from './da/accounts.ts';
import { organisation } from './da/organisation.ts';
import { statements } from './da/statements.ts';
import { meetings } from './da/meetings.ts';
import { peer } from './da/peer.ts';
import { evaluation } from './da/evaluation.ts';
import { network } from './da/network.ts';
import { identity } from './da/identity.ts';
import { design } from './da/design.ts';
import { aboutMe } from './da/about-me.ts';
import { learning } from './da/learning.ts';
import { findPeer } from './da/find-peer.ts';

export const da = {
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
