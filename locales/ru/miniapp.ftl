# Вход в мини-приложение Telegram из бота (/app, кнопка меню).
cmd-app = Открыть панель семьи
miniapp-open-text = Панель семьи: остатки, месяц по категориям, история, бюджеты и одобрения.
miniapp-open-button = 📊 Открыть панель
miniapp-menu-button = Панель
miniapp-needs-https = Панель открывается в Telegram только по адресу https, а PUBLIC_URL этого сервера — { $url }. Попросите того, кто запускает бота, указать в PUBLIC_URL адрес https (см. README, «Telegram Mini App»).
miniapp-signed-only = Панель на этом сервере выключена: он принимает только подписанные запросы (REQUIRE_HMAC_VERIFICATION), а браузер подписывать не умеет. Всё, что показывает панель, есть и здесь, в чате: /reports, /history, /wallets.
miniapp-private-only = Панель открывается в личном чате со мной: напишите @{ $username } и отправьте /app.
