// "Goal reached": the whole family hears it once, in each person's language,
// if the wallet still holds the target when it is sent (goalReachStands).
import type { Locale } from '../../config.js';
import { formatMoney, goalReachStands, type OutboxMessage } from '../../domain/index.js';
import { deliverOnce, forEachLimited, type JobContext } from './context.js';
import { familyInfo, membersOf } from './recipients.js';

type Payload = Extract<OutboxMessage, { topic: 'goal.reached' }>['payload'];

export async function goalReached(ctx: JobContext, p: Payload): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  const goal = family ? goalReachStands(ctx.deps, { goalId: p.goalId, familyId: family.id }) : undefined;
  if (!family || !goal) return;
  const targets = membersOf(ctx.deps, family).flatMap((m) => m.chatIds.map((chatId) => ({ chatId, locale: m.locale })));
  const text = (locale: Locale) => ctx.texts.t(locale, 'notify-goal-reached', { name: goal.name, target: formatMoney(goal.targetMinor, goal.currency, locale), family: family.name });
  await forEachLimited(targets, ctx.fanOut, ({ chatId, locale }) =>
    deliverOnce(ctx, `chat:${chatId}`, async () => {
      const message = await ctx.sender.call((api) => api.sendMessage(chatId, text(locale)));
      return { result: `message:${message.message_id}` };
    }),
  );
}
