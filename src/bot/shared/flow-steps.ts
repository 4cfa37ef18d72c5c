// Steps every multi-question flow that ends in one save shares (adding a goal, a wallet, a category, a
// recurring rule, a budget): its start in a family, what to do with an answer the question did not take, and
// the save's check that the person is still in the family it is for.
import type { BotContext, ConversationContext } from '../context.js';
import { scopeInFamily, type FamilyScope } from '../runtime/guards.js';
import { askAbout, type Answer, type Convo, type noticeBoard } from './ask.js';

/**
 * A flow's start: `setupOf` reads what it needs from the outer context (or why it cannot start, which is said:
 * null). The flow's questions are then about the setup's family: an answer from someone no longer in it ends them.
 */
export async function beginInFamily<S extends { ok: false; text: string } | { ok: true; familyId: number }>(
  conversation: Convo,
  ctx: ConversationContext,
  setupOf: (outer: BotContext) => S,
): Promise<Extract<S, { ok: true }> | null> {
  const setup = await conversation.external(setupOf);
  if (!setup.ok) {
    await ctx.reply(setup.text);
    return null;
  }
  askAbout(conversation, setup.familyId);
  return setup as Extract<S, { ok: true }>;
}

/**
 * An answer the step did not take: a cancel ends the flow (true, after "cancelled"); anything else (a
 * button of no use here) asks the same question again under "use the buttons" (false).
 */
export async function endOrAskAgain(ctx: ConversationContext, answer: Answer, notice: ReturnType<typeof noticeBoard>): Promise<boolean> {
  if (answer.type === 'cancel') {
    await ctx.reply(ctx.t('manage-cancelled'));
    return true;
  }
  notice.set(ctx.t('manage-use-buttons'));
  return false;
}

/**
 * Runs a flow's save with the person's role in family `familyId` now (the core checks it again; the list drawn
 * after shows what they may do). Someone no longer in the family is told so and gets null: nothing is left to ask.
 */
export async function saveInFamily<T extends object>(
  conversation: Convo,
  ctx: ConversationContext,
  familyId: number | undefined,
  save: (outer: BotContext, scope: FamilyScope) => T,
): Promise<T | null> {
  // The save's own result is what the replay log keeps (not wrapped): a refusal logged by the release before this
  // helper replays as it was, with no CONVERSATION_STATE_VERSION bump.
  const result = await conversation.external((outer): T | NotInFamily => {
    const scope = scopeInFamily(outer, familyId);
    return scope ? save(outer, scope) : { notInFamily: outer.t('manage-stale-button') };
  });
  if ('notInFamily' in result) {
    await ctx.reply((result as NotInFamily).notInFamily);
    return null;
  }
  return result;
}

type NotInFamily = { notInFamily: string };
