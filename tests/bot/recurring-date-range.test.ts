// A recurring rule's first date far ahead (9999-12-31, the last day the app's
// dates hold) in the bot: the core refuses any first date more than two years
// ahead, and the answer says so with the last day it takes; the question is
// asked again and nothing is saved. Before, it said "today or later", which
// 9999-12-31 is. Recurring rules have no end date: the first date is the only
// date a person gives one.
import { describe, expect, it } from 'vitest';
import { errorTranslation } from '../../src/bot/shared/replies.js';
import { createI18n } from '../../src/bot/runtime/i18n.js';
import { isDomainError } from '../../src/domain/index.js';
import { createRecurringRule, listRecurringRules } from '../../src/domain/recurring/index.js';
import { family, press, say, startHarness } from './manage/harness.js';

describe('a recurring rule whose first date is too far ahead', () => {
  it('is refused naming the last day it may be, in both languages, and the next date saves the rule', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    const refusal = () => {
      try {
        createRecurringRule(h.db.deps, f.owner.userId, { familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 100, frequency: 'yearly', startDate: '9999-12-31' });
      } catch (e) {
        if (isDomainError(e)) return e;
        throw e;
      }
      throw new Error('9999-12-31 was taken');
    };
    await say(owner, '/recurring', /No recurring transactions yet/);
    await press(h, owner, '➕ Add recurring');
    await press(h, owner, '➖ Expense');
    await owner.waitForMessage(/How much/, { includeExisting: true });
    await say(owner, '1200', /Which category/);
    await press(h, owner, '🏠 Housing');
    await owner.waitForMessage(/How often/, { includeExisting: true });
    await press(h, owner, 'monthly');
    await owner.waitForMessage(/When is the first one/, { includeExisting: true });
    // The harness's today is 2026-11-25: two years (732 days) ahead is 2028-11-26.
    const far = await say(owner, '9999-12-31', /2028-11-26/);
    expect(far.text).toMatch(/^Send a date from today to \S*2028-11-26\S* at the latest \(two years ahead\), written YYYY-MM-DD\.\n\nWhen is the first one/s);
    // A Russian reader gets the same sentence in Russian (the core's reason through the bot's one mapping).
    const ru = errorTranslation(refusal(), 'ru');
    expect(createI18n('en').t('ru', ru.key, ru.vars)).toMatch(/^Пришлите дату не позже \S*2028-11-26\S* \(не дальше двух лет вперёд\) в виде ГГГГ-ММ-ДД\.$/);
    expect(listRecurringRules(h.db.deps, f.owner.userId, f.familyId)).toEqual([]);
    await say(owner, '2028-11-26', /Added: ➖ Expense: \$1,200\.00, 🏠 Housing, Cash, monthly, next Nov 26, 2028/);
  });
});
