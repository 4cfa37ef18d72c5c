# Подключение чатов и входов к аккаунту (src/bot/binding, src/jobs/handlers/binding.ts)
binding-approval-request = 🔐 Кто-то вошёл как { $email } и хочет подключить к вашему аккаунту Telegram-аккаунт { $telegram }. Он увидит и сможет менять данные ваших семей.
    Это были вы? Если нет, нажмите «Запретить» и смените пароль.
binding-allow-button = ✅ Разрешить
binding-deny-button = ⛔ Запретить
binding-allowed = ✅ Разрешено: { $telegram } подключён к вашему аккаунту.
binding-denied = ⛔ Запрещено: ничего не подключено.
binding-new-chat = 🔗 К вашему аккаунту подключён новый чат Telegram: { $telegram }. Если это были не вы, отключите его.
binding-new-email = 🔗 К вашему аккаунту подключён вход по почте { $email }. Если это были не вы, отключите его.
binding-disconnect-button = 🔌 Отключить
binding-disconnected = 🔌 Отключено.
binding-no-request = Этот запрос не для этого аккаунта или его больше нет.
binding-already-decided = На этот запрос уже ответили.
binding-expired = Срок запроса истёк.
binding-refused = Подключить нельзя: { $reason }
binding-not-connected = Это не подключено к вашему аккаунту (уже).
binding-same-chat = Этот чат не может отключить сам себя; сделайте это из другого чата аккаунта.
