# Мини-приложение Telegram (/app): попадает в страницу при сборке (scripts/build-webapp.mjs).
webapp-loading = Загрузка…
webapp-open-in-telegram = Откройте эту страницу из бота в Telegram: отправьте боту /app.
webapp-no-family = Вы ещё не в семье. Отправьте боту /start, чтобы создать семью, или откройте ссылку-приглашение.
webapp-error-unknown-user = Сначала отправьте боту /start, затем откройте приложение снова.
webapp-error-stale = Сеанс закончился. Закройте приложение и откройте его снова из бота.
webapp-error-forbidden = Ваша роль этого не позволяет.
webapp-error-already-decided = По этой операции уже приняли решение.
webapp-error-funds = В кошельке недостаточно денег.
webapp-error-network = Нет связи с сервером. Проверьте интернет и попробуйте снова.
webapp-error-generic = На сервере что-то пошло не так. Попробуйте чуть позже.
webapp-family = Семья
webapp-tabs = Разделы
webapp-tab-overview = Главная
webapp-tab-month = Месяц
webapp-tab-history = История
webapp-tab-approvals = Одобрение
webapp-total = Всего
webapp-wallets = Кошельки
webapp-wallets-empty = Кошельков пока нет.
webapp-wallet-cash = Наличные
webapp-wallet-bank = Банковский счёт
webapp-wallet-card = Карта
webapp-wallet-savings = Сбережения
webapp-wallet-other = Кошелёк
webapp-pending-count = { $count ->
    [one] { $count } операция ждёт одобрения
    [few] { $count } операции ждут одобрения
   *[other] { $count } операций ждут одобрения
}
# «Больше 1 операции», «больше 21 операции», но «больше 100 операций».
webapp-pending-many = Больше { $count } { $count ->
    [one] операции
   *[other] операций
} ждут одобрения
webapp-budgets = Бюджеты этого месяца
webapp-budget-total = Все расходы
webapp-budget-left = Потрачено { $percent } · { $days ->
    [one] остался { $days } день
    [few] осталось { $days } дня
   *[other] осталось { $days } дней
}
webapp-goals = Цели
webapp-goal-progress = Накоплено { $percent }{ $deadline ->
    [none] {""}
   *[other] {" "}· к { $deadline }
}
webapp-month-nav = Месяц
webapp-month-previous = Предыдущий месяц
webapp-month-next = Следующий месяц
webapp-month-empty = В этом месяце ничего не записано.
webapp-month-no-expenses = В этом месяце расходов нет.
webapp-currency = Валюта
webapp-income = Доходы
webapp-expenses = Расходы
webapp-by-category = Расходы по категориям
webapp-trend = Последние 12 месяцев
webapp-search = Поиск по описанию
webapp-filter-member = Все участники
webapp-filter-wallet = Все кошельки
webapp-filter-category = Все категории
webapp-filter-kind = Все виды
webapp-filter-clear = Сбросить фильтры
webapp-history-empty = Ничего не найдено.
webapp-history-end = Это всё.
webapp-kind-expense = Расход
webapp-kind-income = Доход
webapp-kind-transfer = Перевод
webapp-kind-other = Корректировка остатка
webapp-status-executed = Проведено
webapp-status-pending_approval = Ждёт
webapp-status-rejected = Отклонено
webapp-status-reversed = Сторнировано
webapp-status-withdrawn = Отозвано
webapp-approvals-title = Ждут одобрения
webapp-approvals-empty = Ничего не ждёт одобрения. 🎉
webapp-show-more = Показать ещё
webapp-approvals-yours = Ваш запрос: решает владелец или администратор.
webapp-approvals-waiting = Решает владелец или администратор.
webapp-approve = Одобрить
webapp-reject = Отклонить
webapp-approved = Одобрено: операция проведена.
webapp-rejected = Отклонено: ничего не записано.
webapp-field-kind = Вид
webapp-field-category = Категория
webapp-field-wallet = Кошелёк
webapp-field-member = Кто
webapp-field-date = Дата
webapp-field-reason = Примечание
