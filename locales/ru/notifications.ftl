# Уведомления, которые отправляют фоновые задачи (src/jobs/handlers). Простой текст, без разметки.

notify-approve-button = ✅ Одобрить
notify-reject-button = ❌ Отклонить

notify-approver-retired = 🔒 Вы больше не можете решать запросы этой семьи.

notify-kind-expense = Расход
notify-kind-income = Доход
notify-kind-transfer = Перевод

notify-line-amount = { $kind }: { $amount }
notify-line-wallet = Кошелёк: { $wallet }
notify-line-transfer = Из «{ $from }» в «{ $to }»
notify-line-received = Зачислено: { $amount }
notify-line-category = Категория: { $category }
notify-line-description = Заметка: { $description }
notify-line-reason = Причина: { $reason }

notify-approval-request = 🔔 { $requester } просит одобрить ({ $family }):
notify-approval-reminder = ⏰ Напоминание: { $requester } всё ещё ждёт решения ({ $family }):
notify-approval-digest = ⏰ Напоминание: { $count ->
    [one] { $count } запрос ждёт
    [few] { $count } запроса ждут
   *[other] { $count } запросов ждут
} вашего решения ({ $family }):
notify-digest-item = { $n }. { $requester } просит:
notify-digest-more = …и ещё { $count }: все они в /pending.
notify-digest-approve = ✅ { $n }
notify-digest-reject = ❌ { $n }
notify-digest-decided = { $n }. { $outcome }
notify-digest-withdrawn = ✋ Запрос отозван
notify-outcome-approved = ✅ Одобрил(а) { $decider }.
notify-outcome-rejected = ❌ Отклонил(а) { $decider }.

notify-requester-approved = ✅ { $decider } одобрил(а) ваш запрос:
notify-requester-rejected = ❌ { $decider } отклонил(а) ваш запрос:

notify-reversed = ↩️ { $actor } отменил(а) вашу операцию ({ $family }):

notify-member-joined = 👋 { $name } присоединяется к «{ $family }», роль: { $role }.
notify-member-removed = 🚪 { $actor } исключил(а) вас из семьи «{ $family }».
notify-member-removed-elsewhere = Быстрый ввод и меню теперь работают в вашей семье «{ $family }»; /family переключает между семьями.
notify-member-removed-none = Теперь вы не состоите ни в одной семье. Отправьте /start, чтобы создать новую, или откройте ссылку-приглашение от члена семьи.
notify-role-owner = владелец
notify-role-admin = администратор
notify-role-member = участник
notify-role-viewer = наблюдатель

notify-binding-confirmed = ✅ Подключено! Этот чат связан с вашим аккаунтом, { $name }. Приложение и бот работают с одними данными.

notify-recurring-created = 🔁 Записан регулярный платёж за { $date } ({ $family }):
notify-recurring-pending = ⏳ Ожидает одобрения.
notify-recurring-caught-up = 🔁 Записано сразу { $count } { $count ->
    [one] повторяющаяся запись
    [few] повторяющиеся записи
   *[many] повторяющихся записей
} ({ $family }), каждая — своим днём:
notify-recurring-caught-up-pending = ⏳ Отмеченные ⏳ ждут одобрения.
notify-recurring-caught-up-open = 🔎 { $date }

notify-budget-threshold = 📊 Бюджет «{ $budget }» израсходован на { $percent } ({ $period }).
notify-budget-limit = Лимит: { $amount } в { $period }
notify-budget-all = Все расходы
notify-budget-spent-by = Кто потратил: { $name }
notify-period-weekly = неделю
notify-period-monthly = месяц
notify-period-yearly = год
