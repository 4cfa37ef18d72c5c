-- Names the app made from its defaults (before name_key existed) get their key,
-- so every reader sees them in their own language. Only untouched names match:
-- a name someone typed (or renamed to) is left as typed.
UPDATE `wallets` SET `name_key` = 'default-wallet-cash' WHERE `name_key` IS NULL AND `type` = 'cash' AND `name` IN ('Cash', 'Наличные');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-groceries' WHERE `name_key` IS NULL AND `kind` = 'expense' AND `name` IN ('Groceries', 'Продукты');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-cafes' WHERE `name_key` IS NULL AND `kind` = 'expense' AND `name` IN ('Cafes', 'Кафе');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-transport' WHERE `name_key` IS NULL AND `kind` = 'expense' AND `name` IN ('Transport', 'Транспорт');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-housing' WHERE `name_key` IS NULL AND `kind` = 'expense' AND `name` IN ('Housing', 'Жильё');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-utilities' WHERE `name_key` IS NULL AND `kind` = 'expense' AND `name` IN ('Utilities', 'Коммуналка');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-health' WHERE `name_key` IS NULL AND `kind` = 'expense' AND `name` IN ('Health', 'Здоровье');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-entertainment' WHERE `name_key` IS NULL AND `kind` = 'expense' AND `name` IN ('Entertainment', 'Развлечения');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-shopping' WHERE `name_key` IS NULL AND `kind` = 'expense' AND `name` IN ('Shopping', 'Покупки');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-kids' WHERE `name_key` IS NULL AND `kind` = 'expense' AND `name` IN ('Kids', 'Дети');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-other' WHERE `name_key` IS NULL AND `kind` = 'expense' AND `name` IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-salary' WHERE `name_key` IS NULL AND `kind` = 'income' AND `name` IN ('Salary', 'Зарплата');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-gifts' WHERE `name_key` IS NULL AND `kind` = 'income' AND `name` IN ('Gifts', 'Подарки');
--> statement-breakpoint
UPDATE `categories` SET `name_key` = 'default-category-other-income' WHERE `name_key` IS NULL AND `kind` = 'income' AND `name` IN ('Other income', 'Другой доход');
