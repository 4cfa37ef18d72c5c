# Отчёты (/reports), выгрузка (/export), бюджеты (/budgets) — задача #11
reports-empty-month = В этом месяце нет ни доходов, ни расходов.
reports-chart-busy-person = Вы только что запросили много графиков. Попробуйте снова через { $seconds } с.
reports-chart-busy-server = Сервер сейчас рисует другие графики. Попробуйте через несколько секунд.
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
export-sent-twice = Вы нажали дважды; файл отправлен один раз — он чуть выше.
reports-chart-sent-twice = Вы нажали дважды; график отправлен один раз — он чуть выше.

notify-goal-reached = 🎉 Цель достигнута: «{ $name }» — накоплено { $target } ({ $family }).

budgets-title = 💰 Бюджеты
budgets-title-month = 💰 Бюджеты — { $month }
budgets-empty = Бюджетов пока нет. Бюджет — это месячный лимит на все расходы или на одну категорию.
budgets-line = { $name }: { $spent } из { $limit } · осталось { $left }
budgets-days-left = { $days ->
    [0] месяц закончился
    [one] остался { $days } день
    [few] осталось { $days } дня
   *[other] осталось { $days } дней
}
budgets-add = ➕ Добавить бюджет
budgets-removed = Бюджет удалён
budgets-change-privately = Добавить или изменить бюджеты можно в личном чате: отправьте /budgets боту @{ $bot }.
budgets-ask-scope = На что будет бюджет?
budgets-ask-amount = Месячный лимит для «{ $name }» в { $currency }?
budgets-created = ✅ Бюджет для «{ $name }» добавлен.
budgets-changed = ✅ Бюджет для «{ $name }» изменён.
budgets-all-covered = У всех категорий расходов уже есть бюджет.

cmd-budgets = Бюджеты: месячные лимиты и остаток
cmd-export = Выгрузить операции в CSV-файл

import-send-file = 📥 Пришлите CSV-файл (или текст с табуляциями, .txt или .tsv: подойдёт «Текст в Юникоде» из Excel): выгрузку этого бота или выписку банка (вы укажете, в каких столбцах дата и сумма). Перед записью вы увидите, что будет записано.
import-too-large = Файл слишком большой для загрузки (не больше 5 МБ).
import-download-failed = Не удалось скачать файл. Пришлите его ещё раз.
import-file-error = { $reason ->
    [bad_csv] Не получается прочитать файл как CSV: кавычки в строке { $line } не закрыты или стоят не на месте. Ничего не записано.
    [empty] В файле нет строк под заголовком. Ничего не записано.
    [too_many_rows] За один раз можно загрузить не больше { $max } строк: разделите файл на части. Ничего не записано.
    [too_large] Файл слишком большой для загрузки (не больше 5 МБ).
    [not_utf8] Файл не в кодировке UTF-8, и буквы в нём исказились бы. Сохраните его из таблицы как «CSV UTF-8» (или «Текст в Юникоде» в Excel) и пришлите ещё раз. Ничего не записано.
   *[import_has_errors] Некоторые строки уже нельзя записать (с предпросмотра операции изменились), поэтому ничего не записано. Пришлите файл ещё раз, чтобы увидеть какие.
}
import-ask-date = В каком столбце дата?
import-ask-format = Как записаны даты?
import-ask-amount = В каком столбце сумма? (Отрицательные суммы — расходы, положительные — доходы.)
import-ask-description = В каком столбце описание?
import-ask-wallet = К какому кошельку относится выписка?
import-preview = 📥 Строк: { $rows }. Будет записано: { $record }, уже записаны (пропущены): { $duplicates }, без движения денег (пропущены): { $skipped }.
import-totals = { $currency }: доходы { $income }, расходы { $expenses }, переводы { $transfers }
import-totals-balance = { $currency }: доходы { $income }, расходы { $expenses }, переводы { $transfers }, записи баланса { $balance }
import-balance-entries = ⚖️ Из них записей баланса (начальные остатки и корректировки): { $count }. Они задают, сколько денег в кошельках, и не считаются ни доходами, ни расходами.
import-bad-rows = ⚠️ Строк, которые нельзя загрузить: { $count }
import-bad-row = строка { $line }: { $message }
# Почему строку нельзя загрузить, по причине из ядра (src/domain/exports); $message в import-bad-row.
import-row-error = { $reason ->
    [column_count] ожидалось столбцов: { $expected }, а их { $found }.
    [not_a_date] «{ $value }» — не дата в формате { $format }.
    [not_an_instant] «{ $value }» — не дата вида 2026-03-31T12:00:00+02:00.
    [date_out_of_range] «{ $value }» — вне допустимых дат: дата бывает с { $first } по { $last }.
    [unknown_kind] «{ $value }» — не тот вид строки, который выгружает это приложение.
    [unknown_wallet] нет активного кошелька с названием «{ $name }».
    [one_wallet] в строке баланса указан один кошелёк: to_wallet (поступление) или from_wallet (списание).
    [no_category] у строки баланса нет категории.
    [no_to_amount] у строки баланса нет to_amount.
    [currency_mismatch] кошелёк в { $walletCurrency }, а строка в { $rowCurrency }.
    [unknown_category] нет категории с названием «{ $name }».
    [opening_balance_exists] у кошелька уже есть начальный остаток; второй посчитал бы эти деньги дважды. Загрузите в кошелёк без него или уберите эту строку.
    [below_zero] баланс кошелька не может уйти ниже нуля (у кредитной карты может: задайте ей кредитный лимит).
    [below_credit_limit] баланс ушёл бы ниже кредитного лимита карты.
    [insufficient_funds] на ту дату в «{ $wallet }» недостаточно денег.
    [wallet_archived] кошелёк в архиве; сначала восстановите его.
    [empty] сумма пустая.
    [not_a_number] сумма — не число.
    [too_many_decimals] { $exponent ->
        [0] в этой валюте нет копеек: укажите целое число.
       *[other] не больше { $exponent } знаков после запятой.
    }
    [ambiguous] непонятно, тысяча это или дробь; напишите 1234 или { $exponent ->
        [3] 1.234
       *[other] 1,23
    }.
    [negative] сумма должна быть положительной.
    [zero] сумма должна быть больше нуля.
    [too_large] слишком большая сумма.
    [unknown_currency] неизвестная валюта.
    [unsafe_characters] в тексте есть невидимые управляющие символы или символы направления текста.
    [invalid_unicode] текст — не корректный Unicode.
   *[other] эту строку нельзя записать.
}
import-fix-and-resend = Ничего не записано. Исправьте эти строки и пришлите файл снова.
import-nothing-new = Нового для записи нет.
import-record = ✅ Записать { $count }
import-done = ✅ Записано операций: { $count } (пропущено повторов: { $duplicates }).
import-cancelled = Загрузка отменена. Ничего не записано.
cmd-import = Загрузить операции из CSV-файла

goals-title = 🎯 Цели
goals-empty = Целей пока нет. Цель — сумма, которую копите в кошельке, можно со сроком.
goals-line = { $name }: { $saved } из { $target }
goals-monthly = { $amount } в месяц до { $date }
goals-add = ➕ Добавить цель
goals-removed = Цель удалена
goals-change-privately = Добавить или удалить цели можно в личном чате: отправьте /goals боту @{ $bot }.
goals-ask-name = На что копите?
goals-ask-wallet = В каком кошельке копите на «{ $name }»? Учитываются переводы и пополнения.
goals-ask-target = Сколько нужно на «{ $name }», в { $currency }?
goals-ask-date = К какому сроку? Дата вида 2027-06-30 или «Пропустить».
goals-created = ✅ Цель «{ $name }» добавлена.
cmd-goals = Цели: накопления и прогресс

categories-title = 🏷 Категории
categories-expenses = Расходы:
categories-incomes = Доходы:
categories-add = ➕ Добавить категорию
categories-ask-kind = Категория расходов или доходов?
categories-expense = ➖ Расходы
categories-income = ➕ Доходы
categories-ask-name = Как её назвать?
categories-ask-emoji = Пришлите для неё один эмодзи (например, 🛒) или нажмите «Пропустить».
categories-ask-what = Что изменить в «{ $name }»?
categories-rename = ✏️ Переименовать
categories-emoji = 😀 Эмодзи
categories-archive = 🗄 В архив
categories-saved = ✅ Сохранено.
cmd-categories = Категории: добавить, переименовать, эмодзи, архив
