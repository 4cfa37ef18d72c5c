// Members: /members (roles, removal) and /invite (a deep link per role).
import { conceptFeature } from '../shared/concept-feature.js';
import { registerInvite, showInvite } from './invite.js';
import { registerMembers, showMembers } from './members.js';

export const membersFeature = conceptFeature(
  (router) => {
    registerMembers(router);
    registerInvite(router);
  },
  { members: showMembers, invite: showInvite },
);
