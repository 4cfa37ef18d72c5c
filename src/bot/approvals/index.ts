// Approvals: [Approve]/[Reject] presses on requests, and /pending.
import type { BotContext } from '../context.js';
import { guarded } from '../shared/replies.js';
import { decideFeature } from './decide.js';
import { showPending } from './pending.js';
import { FlatComposer } from '../runtime/flat-composer.js';

export { showPending };

export const approvalsFeature = new FlatComposer<BotContext>();
approvalsFeature.use(decideFeature);
approvalsFeature.command('pending', (ctx) => guarded(ctx, () => showPending(ctx)));
