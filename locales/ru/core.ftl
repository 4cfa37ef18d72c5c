# Тексты того, что сообщает ядро: отозванные запросы, исправления, неоплаченные
# повторяющиеся операции и названия, созданные по умолчанию (name_key).
notify-withdrawn = ↩️ Отозвано: { $actor }.
notify-withdrawn-removed = ↩️ Отозвано: { $actor } исключил(а) автора запроса.
notify-withdrawn-left = ↩️ Отозвано: автор запроса вышел из семьи.
notify-withdrawn-corrected = ✏️ Изменено: { $actor }; новая версия ждёт одобрения.
notify-corrected = ✏️ { $actor } изменил(а) вашу операцию ({ $family }):
notify-recurring-unpaid = ⚠️ Повторяющийся платёж { $amount } на { $date } не оплачен: в «{ $wallet }» { $balance }.
notify-recurring-unpaid-alternatives = Могут оплатить: { $wallets }
notify-recurring-unpaid-none = Других кошельков в { $currency }, которые могут оплатить, нет.
notify-recurring-stopped = ⛔ Повторяющийся { $kind ->
    [income] доход
   *[expense] расход
  } { $amount } на { $date } не записан, правило остановлено ({ $family }): { $why }.
notify-recurring-stopped-wallet = кошелёк «{ $wallet }» в архиве
notify-recurring-stopped-category = категория «{ $category }» в архиве
notify-recurring-stopped-creator = { $name }, кто его настроил, больше не может записывать операции
notify-recurring-stopped-other = его больше нельзя записать
notify-recurring-stopped-again = Если платёж ещё нужен, настройте его заново в /recurring.

default-wallet-cash = Наличные
default-category-groceries = Продукты
default-category-cafes = Кафе
default-category-transport = Транспорт
default-category-housing = Жильё
default-category-utilities = Коммуналка
default-category-health = Здоровье
default-category-entertainment = Развлечения
default-category-shopping = Покупки
default-category-kids = Дети
default-category-other = Другое
default-category-salary = Зарплата
default-category-gifts = Подарки
default-category-other-income = Другой доход

notify-kind-opening_balance = Начальный остаток
notify-kind-adjustment = Корректировка остатка
