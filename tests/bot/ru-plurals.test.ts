// Counts in Russian take the noun's form for the number (Fluent's plural
// categories for ru): 1 запрос, 2 запроса, 5 запросов, 21 запрос.
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/bot/runtime/i18n.js';

const i18n = createI18n('en');
const ru = (key: string, count: number) => i18n.t('ru', key, { count, family: 'Семья' });

describe('Russian plurals', () => {
  it('the approval reminder digest: "2 запроса ждут", "5 запросов ждут", "21 запрос ждёт"', () => {
    const cases: Array<[number, string]> = [
      [1, '1 запрос ждёт'],
      [2, '2 запроса ждут'],
      [4, '4 запроса ждут'],
      [5, '5 запросов ждут'],
      [11, '11 запросов ждут'],
      [21, '21 запрос ждёт'],
      [22, '22 запроса ждут'],
      [25, '25 запросов ждут'],
    ];
    for (const [count, words] of cases) expect(ru('notify-approval-digest', count)).toBe(`⏰ Напоминание: ${words} вашего решения (Семья):`);
    expect(i18n.t('en', 'notify-approval-digest', { count: 1, family: 'F' })).toBe('⏰ Reminder: 1 request is waiting for your decision (F):');
    expect(i18n.t('en', 'notify-approval-digest', { count: 3, family: 'F' })).toBe('⏰ Reminder: 3 requests are waiting for your decision (F):');
  });

  it('the Mini App\'s "more than N waiting": больше 1 операции, больше 21 операции, больше 100 операций', () => {
    expect(ru('webapp-pending-many', 1)).toBe('Больше 1 операции ждут одобрения');
    expect(ru('webapp-pending-many', 21)).toBe('Больше 21 операции ждут одобрения');
    expect(ru('webapp-pending-many', 100)).toBe('Больше 100 операций ждут одобрения');
    expect(ru('webapp-pending-count', 2)).toBe('2 операции ждут одобрения');
  });
});
