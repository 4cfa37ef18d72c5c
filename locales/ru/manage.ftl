# Управление (bot-b): кошельки, история, ожидающие, приглашения, участники,
# настройки, /link, отчёт, регулярные операции. Простой текст (без разметки).

manage-cancel = ✖️ Отмена
manage-cancelled = Отменено.
manage-back = « Назад
manage-back-wallets = « Кошельки
manage-back-members = « Участники
manage-page-older = Раньше ▶
manage-page-newest = ⏮ Новые
manage-stale-button = Эта кнопка устарела. Откройте меню заново.
manage-use-buttons = Выберите кнопкой выше или нажмите «Отмена».
manage-approve = ✅ Одобрить
manage-reject = ❌ Отклонить

manage-role = { $role ->
    [owner] Владелец
    [admin] Администратор
    [member] Участник
   *[viewer] Наблюдатель
}


# Операции в списках
manage-tx-no-category = Без категории
manage-tx-opening-balance = Начальный остаток
manage-tx-archived-category = Категория в архиве
manage-tx-former-member = Бывший участник
manage-tx-status-reversal = ↩️ отмена
manage-tx-status = { $status ->
    [pending_approval] ⏳ ждёт одобрения
    [reversed] ↩️ отменена
    [withdrawn] ✋ отозвана
    [executed] ✅ проведена
   *[rejected] ✖️ отклонена
}

# Кошельки
manage-wallets-title = 👛 Кошельки
manage-wallets-empty = Кошельков пока нет.
manage-wallets-line = • { $name }: { $balance }
manage-wallets-line-default = • ★ { $name }: { $balance }
manage-wallets-default-hint = ★ Ваш основной кошелёк: быстрые записи вроде «50 кофе» идут в него. Чтобы сменить, откройте другой кошелёк.
manage-wallets-add = ➕ Добавить кошелёк
manage-wallet-header = 👛 { $name } ({ manage-wallet-type }, { $currency })
    Баланс: { $balance }
manage-wallet-no-transactions = Операций пока нет.
manage-wallet-archived = 🗄 Кошелёк в архиве.
manage-wallet-rename = ✏️ Переименовать
manage-wallet-archive = 🗄 В архив
manage-wallet-make-default = ☆ Сделать основным
manage-wallet-is-default = ★ Основной кошелёк
manage-wallet-default-note = ★ Ваш основной кошелёк для быстрых записей.
manage-wallet-default-set = ★ «{ $name }» теперь ваш основной кошелёк.
manage-wallet-default-already = ★ «{ $name }» уже ваш основной кошелёк.
manage-wallet-type = { $type ->
    [cash] Наличные
    [bank] Банковский счёт
    [card] Карта
    [credit] Кредитная карта
   *[savings] Накопления
}
manage-wallet-ask-name = Как назвать новый кошелёк?
manage-wallet-ask-type = Какой это кошелёк — «{ $name }»?
manage-wallet-ask-currency = В какой валюте «{ $name }»? Нажмите кнопку или пришлите код, например CHF.
manage-wallet-ask-balance = Сколько сейчас в «{ $name }», в { $currency }? Отправьте 0 или нажмите «Пропустить», если пусто.
manage-wallet-ask-balance-credit = Какой сейчас баланс у «{ $name }», в { $currency }? Долг — с минусом, например -120, или «Пропустить» для 0.
manage-wallet-ask-limit = До скольки ниже нуля может уйти «{ $name }»? Отправьте кредитный лимит в { $currency } или нажмите «Без лимита».
manage-wallet-no-limit = Без лимита
manage-wallet-created = ✅ Кошелёк «{ $name }» ({ $currency }) создан.
manage-wallet-ask-rename = Пришлите новое название для «{ $name }».
manage-wallet-renamed = ✅ Кошелёк теперь называется «{ $name }».
manage-wallet-archive-confirm = Отправить «{ $name }» в архив? Он пропадёт из списков, история останется.
manage-confirm-archive = 🗄 Да, в архив
manage-wallet-archived-done = 🗄 «{ $name }» в архиве.
manage-wallet-has-goals = 🎯 «{ $name }» остаётся открытым: в нём копятся деньги на { $count ->
    [one] цель
   *[other] цели ({ $count })
} ({ $goals }), а прогресс цели — это баланс её кошелька.
    Перенесите каждую цель в другой кошелёк или закройте её, потом отправьте кошелёк в архив.
manage-wallet-goal-move = ↪ Перенести «{ $name }»
manage-wallet-goal-close = 🗑 Закрыть «{ $name }»
manage-wallet-goal-pick = Где теперь копить на «{ $name }»? Прогрессом цели станет баланс этого кошелька.
manage-wallet-goal-no-target = Нет другого кошелька в { $currency }, куда перенести «{ $name }». Добавьте его в /wallets или закройте цель.
manage-wallet-goal-moved = ↪ «{ $goal }» теперь копится в «{ $wallet }».
manage-wallet-goal-closed = 🗑 Цель «{ $goal }» закрыта.

# История
manage-history-title = 🧾 Последние операции
manage-history-open-privately = Открыть операцию и изменить её можно в личном чате: отправьте /history боту @{ $bot }.
manage-history-back = « История
manage-history-empty = Операций пока нет.
manage-history-no-more = Более ранних операций нет.

# Ожидающие одобрения
manage-pending-empty = Ничего не ждёт одобрения.
manage-pending-title = ⏳ Ждут одобрения: { $count }
manage-pending-more = Также ждут:
manage-pending-own = (ваша: решает другой одобряющий)

# Приглашения
manage-invite-choose-role = Кого вы приглашаете? Выберите роль:
manage-invite-created = Ссылка-приглашение в «{ $family }» для роли «{ manage-role }»:
    { $link }

    Отправьте её человеку: по ссылке он вступит в семью. Ссылка одноразовая и действует до { $expires }.

manage-invite-live-title = Действующие ссылки ({ $count }):
manage-invite-live-line = { $n }. { manage-role } · создал(а) { $author } · до { $expires }
manage-invite-revoke = ✖ Отозвать { $n }
manage-invite-revoked = Ссылка отозвана: она больше не действует.
manage-invite-already-revoked = Эта ссылка уже отозвана.
manage-invite-made-before = По этому сообщению ссылка уже создана: она выше. Чтобы получить ещё одну, отправьте /invite снова.

# Участники
manage-members-title = 👥 Участники ({ $count })
manage-members-line = • { $name }: { manage-role }{ $you ->
        [yes] {" "}(вы)
       *[no] {""}
    }
manage-members-member = { $name }: { manage-role }
manage-members-make = Сделать: { manage-role }
manage-members-remove = 🚪 Исключить из семьи
manage-members-remove-confirm = Исключить { $name } из семьи? Доступ пропадёт, операции останутся.
manage-confirm-remove = 🚪 Да, исключить
manage-members-role-changed = Роль изменена.
manage-members-removed = Исключён из семьи.
manage-members-hand-over = 👑 Передать семью
manage-members-hand-over-confirm = Сделать { $name } владельцем семьи? Вы станете администратором; вернуть это может только новый владелец.
manage-members-hand-over-yes = 👑 Да, передать
manage-members-handed-over = Теперь владелец — { $name }.
manage-members-leave = 🚪 Выйти из семьи
manage-members-leave-confirm = Выйти из «{ $family }»? Доступ пропадёт; ваши операции останутся, а ожидающие одобрения запросы будут отозваны.
manage-members-leave-yes = 🚪 Да, выйти
manage-members-left = Вы вышли из «{ $family }».

# Families (/family)
manage-families-title = 👪 Ваши семьи (быстрый ввод и меню работают в отмеченной ●):
manage-families-line = { $current ->
        [yes] ●
       *[no] ○
    } { $name }: { manage-role }
manage-families-switch = Работать в «{ $name }»
manage-families-switched = Теперь работаем в «{ $name }».

# Настройки
manage-language-name = { $locale ->
    [ru] Русский
   *[en] English
}
manage-settings-summary = ⚙️ Настройки
    Язык: { $language }
    Семья: { $family }
    Валюта: { $currency }
    Одобрение нужно свыше: { $threshold }
    Часовой пояс: { $timezone }
    Язык семьи: { $familyLanguage }
manage-settings-threshold-none = любой суммы
manage-settings-language = 🌐 Язык
manage-settings-currency = 💱 Валюта
manage-settings-threshold = 🔒 Лимит одобрения
manage-settings-timezone = 🕒 Часовой пояс
manage-settings-family-language = 👪 Язык семьи
manage-settings-incomes = { $on ->
    [yes] 📥 Доходы ждут: да
   *[no] 📥 Доходы ждут: нет
}
manage-settings-incomes-changed = { $on ->
    [yes] Доходы участников теперь тоже ждут согласования.
   *[no] Доходы участников записываются сразу.
}
manage-settings-choose-language = Выберите язык:
manage-language-changed = ✅ Язык: русский.
manage-settings-choose-family-language = На языке семьи бот пишет общие сообщения в семейной группе (карточки одобрения и вступления, закреплённую сводку). Выберите его:
manage-family-language-changed = ✅ Язык семьи: { $language }.
manage-settings-ask-currency = Валюта семьи — { $currency }. Выберите новую или пришлите её код:
manage-settings-currency-changed = ✅ Валюта семьи теперь { $currency }.
manage-settings-ask-threshold = Операции участников свыше этой суммы ждут одобрения. Пришлите новый лимит в { $currency } (0 — одобрение для любой суммы):
manage-settings-threshold-changed = ✅ Теперь одобрение нужно для сумм свыше { $amount }.
manage-settings-threshold-none-in = { $currency }: любой суммы
manage-settings-ask-threshold-other = Для { $currencies } добавьте код, например 100 { $example }.
manage-settings-threshold-no-wallet = У семьи нет кошелька в { $named }. Лимит можно задать в { $currencies }.
manage-settings-ask-timezone = Часовой пояс семьи — { $timezone }. Пришлите новый, например Europe/Moscow:
manage-settings-timezone-changed = ✅ Часовой пояс: { $timezone }.

# /link
manage-link-code = Ваш одноразовый код: { $code }
    Войдите на сайте и откройте { $url }
    (или введите код там). Код действует { $minutes } мин.
manage-link-private-only = Отправьте /link в личном чате со мной.

# Отчёт
manage-report-title = 📊 Отчёт: { $month }
manage-report-empty = В этом месяце доходов и расходов пока нет.
manage-report-currency = { $currency }: доходы { $income }, расходы { $expenses }, итог { $net }
manage-report-expenses-by-category = Расходы по категориям:
manage-report-income-by-category = Доходы по категориям:
manage-report-budgets = Бюджеты на месяц:
manage-report-budget-all = Все расходы
manage-report-budget-line = • { $name }: { $spent } из { $limit } ({ $percent })
manage-report-goals = Цели:
manage-report-goal-line = • { $name }: { $saved } из { $target } ({ $percent })

# Регулярные операции
manage-recurring-title = 🔁 Регулярные операции
manage-recurring-empty = Регулярных операций пока нет.
manage-recurring-line = { manage-recurring-kind }: { $amount }, { $category }, { $wallet }, { manage-recurring-frequency }, следующая { $next }
manage-recurring-kind = { $kind ->
    [income] ➕ Доход
   *[expense] ➖ Расход
}
manage-recurring-frequency = { $frequency ->
    [daily] ежедневно
    [weekly] еженедельно
    [yearly] ежегодно
   *[monthly] ежемесячно
}
manage-recurring-add = ➕ Добавить
manage-recurring-stop = ⏹ Остановить { $n }
manage-recurring-stopped = Остановлено.
manage-recurring-ask-kind = Это расход или доход?
manage-recurring-ask-wallet = Какой кошелёк?
manage-recurring-ask-amount = Сколько каждый раз, в { $currency } ({ $wallet })?
manage-recurring-ask-category = Какая категория?
manage-recurring-no-category = Без категории
manage-recurring-ask-frequency = Как часто?
manage-recurring-ask-date = Когда первая? Нажмите кнопку или пришлите дату в виде ГГГГ-ММ-ДД.
manage-recurring-today = Сегодня { $date }
manage-recurring-tomorrow = Завтра { $date }
manage-recurring-created = ✅ Добавлено: { $rule }
recurring-unpaid-paid = ✅ Оплачено.
recurring-unpaid-skipped = ⏭ В этот раз пропущено.
recurring-unpaid-already_paid = Уже оплачено.
recurring-unpaid-already_skipped = Уже пропущено.
recurring-unpaid-pay-from = 💳 Оплатить из «{ $wallet }»
recurring-unpaid-skip = ⏭ Пропустить в этот раз
recurring-unpaid-stopped = ⏹ Эта регулярная операция остановлена; платить или пропускать нечего.
