# Семейный групповой чат (#13)
groups-welcome = Привет! Я веду семейный бюджет прямо здесь: напишите /e 50 кофе (или упомяните меня), и запись будет на того, кто написал.
    Владелец или администратор семьи привязывает группу кнопкой ниже.
groups-link-button = 🔗 Привязать к моей семье
groups-link-not-allowed = Привязать группу может только владелец или администратор семьи. Если ещё не начинали, сначала запустите меня в личном чате.
groups-linked = Эта группа теперь семья «{ $family }» (привязал(а) { $name }).
    Запись: /e 50 кофе, @{ $bot } 50 кофе или ответ на моё сообщение. Пошагово: /expense, /income, /transfer. Ещё: /balance, /report, /budgets, /goals, /history, /undo, /pending, /unlink.
groups-linked-short = Привязано к «{ $family }»
groups-linked-elsewhere = Эта группа уже привязана к другой семье.
groups-family-has-group = Ваша семья уже привязана к другой группе. Сначала отправьте там /unlink.
groups-unlinked = { $name } отвязал(а) группу от семьи. Здесь ничего не записывается, пока её снова не привяжут.
groups-not-linked = Группа ещё не привязана к семье. Владелец или администратор может привязать её кнопкой.
groups-not-linked-short = Группа ещё не привязана к семье.
groups-already-member = Вы уже в семье «{ $family }».
groups-join-offer = Вы ещё не в семье «{ $family }». Попросите вступить — владелец или администратор впустит.
groups-join-ask-button = 🙋 Попросить вступить
groups-join-first = Сначала вступите в семью: попросите кнопкой под моим сообщением.
groups-join-waiting = Ваша просьба вступить ждёт решения владельца или администратора.
groups-join-asked = Попросили. Решит владелец или администратор.
groups-join-request = { $name } просит вступить в семью.
groups-join-approve-button = ✅ Впустить
groups-join-decline-button = ❌ Отказать
groups-join-approved = ✅ { $name } в семье (впустил(а) { $decider }).
groups-join-declined = ❌ Отказал(а) { $decider }.
groups-join-done = Готово.
groups-join-already = Уже решено.
groups-someone = кто-то
groups-only-admins = Это может решить только владелец или администратор семьи.
groups-not-your-button = Эти кнопки — для { $name }.
groups-not-your-question = Этот вопрос — для { $name }: ваш ответ я не принял и ничего не записал. Чтобы добавить свою запись, напишите, например, /e 50 кофе или @{ $bot } 50 кофе.
groups-private-command = /{ $command } работает в личном чате: откройте @{ $bot } и отправьте там.
groups-entry-hint = Не вижу суммы. Напишите, например, /e 50 кофе или @{ $bot } 50 кофе.
groups-sent-privately = Отправил вам в личный чат: эта семья не показывает балансы и отчёты в группе.
groups-start-private-first = Эта семья не показывает балансы и отчёты в группе, а написать вам лично я пока не могу: откройте @{ $bot }, нажмите «Старт» и спросите снова.
groups-summary-title = 📌 { $month }
groups-summary-today = { $day }: { $amount }
groups-summary-month = За месяц: { $amount }
groups-summary-budget = Бюджет: { $spent } из { $limit } ({ $percent })
groups-summary-today-count = { $day }: { $count ->
    [one] { $count } расход
    [few] { $count } расхода
   *[other] { $count } расходов
}
groups-summary-month-count = За месяц: { $count ->
    [one] { $count } расход
    [few] { $count } расхода
   *[other] { $count } расходов
}
groups-summary-private = Суммы в этой группе не показываются (так настроена группа семьи).
groups-settings = Настройки группы для семьи:
    Запросы на одобрение: { $approvals }
    Группа видит: { $visibility }
    Закреплённая сводка: { $pinned }
    Владелец или администратор меняет их кнопками.
groups-settings-approvals-group = только в группу
groups-settings-approvals-private = в личные чаты одобряющих
groups-settings-approvals-both = в группу и в личные чаты одобряющих
groups-settings-visibility-entries = записи и одобрения (балансы и отчёты — в личке)
groups-settings-visibility-everything = записи, одобрения, балансы и отчёты
groups-settings-on = вкл.
groups-settings-off = выкл.
groups-settings-approvals-button = Одобрения: { $value }
groups-settings-visibility-button = Группа видит: { $value }
groups-settings-pinned-button = Сводка: { $value }
groups-settings-admins-only = Менять это может только владелец или администратор семьи.
groups-button-private = Эта кнопка работает в личном чате: откройте @{ $bot } и нажмите её там.
