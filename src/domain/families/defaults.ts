// What a new family starts with, in its language. Keywords feed quick entry's
// category guess ("50 coffee" → Cafes).
// Each default name has a key (stored in name_key) so every reader sees it in
// their own language; see names.ts.
export type DefaultCategory = { kind: 'expense' | 'income'; key: string; emoji: string; name: Record<'en' | 'ru', string>; keywords: string };

export const DEFAULT_WALLET_KEY = 'default-wallet-cash';
export const DEFAULT_WALLET_NAME: Record<'en' | 'ru', string> = { en: 'Cash', ru: 'Наличные' };

export const DEFAULT_CATEGORIES: DefaultCategory[] = [
  { kind: 'expense', key: 'default-category-groceries', emoji: '🛒', name: { en: 'Groceries', ru: 'Продукты' }, keywords: 'groceries grocery food supermarket market milk bread продукты еда магазин рынок молоко хлеб' },
  { kind: 'expense', key: 'default-category-cafes', emoji: '☕', name: { en: 'Cafes', ru: 'Кафе' }, keywords: 'coffee cafe restaurant lunch dinner pizza кофе кафе ресторан обед ужин пицца' },
  { kind: 'expense', key: 'default-category-transport', emoji: '🚌', name: { en: 'Transport', ru: 'Транспорт' }, keywords: 'taxi bus metro train fuel gas petrol parking uber такси автобус метро поезд бензин парковка' },
  { kind: 'expense', key: 'default-category-housing', emoji: '🏠', name: { en: 'Housing', ru: 'Жильё' }, keywords: 'rent mortgage repair аренда ипотека ремонт квартира' },
  { kind: 'expense', key: 'default-category-utilities', emoji: '💡', name: { en: 'Utilities', ru: 'Коммуналка' }, keywords: 'electricity water internet phone mobile utilities свет вода интернет телефон связь коммуналка' },
  { kind: 'expense', key: 'default-category-health', emoji: '💊', name: { en: 'Health', ru: 'Здоровье' }, keywords: 'pharmacy doctor medicine dentist аптека врач лекарства стоматолог' },
  { kind: 'expense', key: 'default-category-entertainment', emoji: '🎬', name: { en: 'Entertainment', ru: 'Развлечения' }, keywords: 'cinema movie games concert netflix кино игры концерт' },
  { kind: 'expense', key: 'default-category-shopping', emoji: '🛍', name: { en: 'Shopping', ru: 'Покупки' }, keywords: 'clothes shoes shopping gift одежда обувь покупки подарок' },
  { kind: 'expense', key: 'default-category-kids', emoji: '🧸', name: { en: 'Kids', ru: 'Дети' }, keywords: 'kids school toys kindergarten дети школа игрушки садик' },
  { kind: 'expense', key: 'default-category-other', emoji: '📦', name: { en: 'Other', ru: 'Другое' }, keywords: '' },
  { kind: 'income', key: 'default-category-salary', emoji: '💼', name: { en: 'Salary', ru: 'Зарплата' }, keywords: 'salary paycheck wage bonus зарплата зп аванс премия' },
  { kind: 'income', key: 'default-category-gifts', emoji: '🎁', name: { en: 'Gifts', ru: 'Подарки' }, keywords: 'gift present подарок' },
  { kind: 'income', key: 'default-category-other-income', emoji: '💰', name: { en: 'Other income', ru: 'Другой доход' }, keywords: 'cashback refund interest кэшбэк возврат проценты' },
];

// The default approval limit depends on the currency: default-threshold.ts.
