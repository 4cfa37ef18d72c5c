// Members: /members (roles, removal), /invite (a deep link per role) and /family (which family the bot works in).
import { conceptFeature } from '../shared/concept-feature.js';
import { registerFamilies, showFamilies } from './families.js';
import { registerInvite, showInvite } from './invite.js';
import { registerMembers, showMembers } from './members.js';

export const membersFeature = conceptFeature(
  (router) => {
    registerMembers(router);
    registerInvite(router);
    registerFamilies(router);
  },
  { members: showMembers, invite: showInvite, family: showFamilies },
);
