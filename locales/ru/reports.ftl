# Отчёты (/reports), выгрузка (/export), бюджеты (/budgets) — задача #11
reports-empty-month = В этом месяце нет ни доходов, ни расходов.
reports-empty-trend = За эти двенадцать месяцев нет ни доходов, ни расходов.
reports-by-member = По участникам:
reports-by-wallet = По кошелькам:
reports-split = потрачено { $spent }, получено { $received }
reports-budgets-of-month = Бюджеты в том месяце:
reports-button-trend = 📈 12 месяцев
reports-button-chart = 🖼 График
reports-button-this-month = ⏺ Этот месяц
reports-button-back-to-month = ◀ К месяцу
reports-trend-title = 📈 { $from } – { $to }
reports-trend-line = { $month }: +{ $income } / −{ $expenses }

export-ask-period = 📤 Выгрузить операции в CSV-файл. За какой период?
export-this-month = Этот месяц
export-last-month = Прошлый месяц
export-this-year = Этот год
export-everything = Всё время
export-caption = Ваши операции (CSV, UTF-8). Файл открывается в любой таблице, его можно загрузить обратно командой /import.

notify-goal-reached = 🎉 Цель достигнута: «{ $name }» — накоплено { $target } ({ $family }).
