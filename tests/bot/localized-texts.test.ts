// A Russian reader gets Russian words for what the core refuses, never its
// English message or a raw status code: a request already withdrawn, the bad
// rows of an imported CSV, a connection of a chat that is refused; and a
// withdrawn request is labelled withdrawn (not rejected) in /history.
import { describe, expect, it } from 'vitest';
import {
  confirmBinding, createBindingCode, createFamily, createTransaction, ensureTelegramUser, listCategories,
  pendingTransactions, previewBinding, setUserLocale, withdrawTransaction,
} from '../../src/domain/index.js';
import { family, forgePress, person, say, startHarness } from './manage/harness.js';

// Words a Russian reader must not see: the core's English and the raw statuses.
const ENGLISH = /withdrawn|reversed|executed|rejected|is not a date|decimal places|already belongs|Telegram chat|family data/i;

describe('texts a Russian reader gets', () => {
  it('a request already withdrawn: the alert says so in Russian; /history labels it withdrawn, in each reader’s language', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const max = f.people.member!;
    setUserLocale(h.db.deps, max.userId, 'ru');
    const income = listCategories(h.db.deps, f.owner.userId, f.familyId, { kind: 'income' })[0]!;
    createTransaction(h.db.deps, f.owner.userId, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 1000_00, categoryId: income.id });

    const card = await say(max.tg, '600 телевизор', /Ждёт согласования/);
    const [pending] = pendingTransactions(h.db.deps, max.userId, f.familyId);
    // Withdrawn meanwhile (from another chat of Max's, the web app…): the card's button is out of date.
    withdrawTransaction(h.db.deps, max.userId, pending!.id);
    const answer = await h.tg.waitForCallbackAnswer(max.tg.press('✋ Отозвать', { messageId: card.message_id }));
    expect(answer.text).toBe('Этот запрос уже отозван; ничего не изменилось.');

    const ru = await say(max.tg, '/history', /Последние операции/);
    expect(ru.text).toContain('✋ отозвана');
    expect(ru.text).not.toContain('отклонена');
    const en = await say(f.owner.tg, '/history', /Recent transactions/);
    expect(en.text).toContain('✋ withdrawn');
    expect(en.text).not.toContain('rejected');
  });

  it('the bad rows of an imported CSV, each with its line, in Russian', async () => {
    const h = await startHarness();
    const f = family(h);
    setUserLocale(h.db.deps, f.owner.userId, 'ru');
    const csv = [
      'id,date,kind,status,amount,currency,from_wallet,to_wallet,to_amount,to_currency,category,note,author,reversal_of,reversed_by',
      '1,12.03.2024,income,executed,50.00,USD,,Cash,,,Salary,,Olga,,',
      '2,2026-11-03T10:00:00+00:00,expense,executed,12.345,USD,Cash,,,,Groceries,,Olga,,',
      '3,2026-11-03T11:00:00+00:00,expense,executed,1.00,USD,Wallet X,,,,Groceries,,Olga,,',
      '4,2026-11-03T12:00:00+00:00,expense,executed,1.00',
    ].join('\r\n');
    const answer = f.owner.tg.waitForMessage(/нельзя загрузить/);
    f.owner.tg.sendDocument({ filename: 'export.csv', content: csv, mimeType: 'text/csv' });
    const text = (await answer).text!;
    expect(text).toContain('строка 2: «12.03.2024» — не дата вида 2026-03-31T12:00:00+02:00.');
    expect(text).toContain('строка 3: не больше 2 знаков после запятой.');
    expect(text).toContain('строка 4: нет активного кошелька с названием «Wallet X».');
    expect(text).toContain('строка 5: ожидалось столбцов: 15, а их 5.');
    expect(text).not.toMatch(ENGLISH);
  });

  it('a connection the core refuses: the reason in Russian, not the core’s English', async () => {
    const h = await startHarness();
    // Olga's account (this chat) has a family; the chat 5555 belongs to another account.
    const olga = person(h, 'Olga', 'ru');
    setUserLocale(h.db.deps, olga.userId, 'ru');
    createFamily(h.db.deps, olga.userId, { name: 'Дом', baseCurrency: 'USD' });
    const other = ensureTelegramUser(h.db.deps, { chatId: 5555, telegramUserId: 5555, firstName: 'Kit' }).user;
    const { code } = createBindingCode(h.db.deps, { chatId: 5555 });
    const { codeId } = previewBinding(h.db.deps, olga.userId, { code, chatId: 5555 });
    expect(confirmBinding(h.db.deps, olga.userId, { code, chatId: 5555 }).status).toBe('approval_requested');
    // Before Olga's chat allows it, the other account gets family data of its own: joining them is refused.
    createFamily(h.db.deps, other.id, { name: 'Kit', baseCurrency: 'USD' });

    await say(olga.tg, '/help', /./);
    const answer = await h.tg.waitForCallbackAnswer(forgePress(h, olga.tg, `bind:${codeId}:a`));
    expect(answer.text).toMatch(/^Подключить нельзя: и у этого входа, и у чата Telegram уже есть свои семейные данные/);
    expect(answer.text).not.toMatch(ENGLISH);
  });
});
