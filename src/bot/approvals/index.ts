// Approvals: [Approve]/[Reject] presses on requests, and /pending.
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { guarded } from '../shared/replies.js';
import { decideFeature } from './decide.js';
import { showPending } from './pending.js';

export { showPending };

export const approvalsFeature = new Composer<BotContext>();
approvalsFeature.use(decideFeature);
approvalsFeature.command('pending', (ctx) => guarded(ctx, () => showPending(ctx)));
