# The bot's doors to the Telegram Mini App (/app, the menu button).
cmd-app = Open the family dashboard
miniapp-open-text = Your family's dashboard: balances, the month by category, history, budgets and approvals.
miniapp-open-button = 📊 Open the dashboard
miniapp-menu-button = Dashboard
miniapp-needs-https = The dashboard opens inside Telegram only from an https address, and this server's PUBLIC_URL is { $url }. Ask whoever runs the bot to set PUBLIC_URL to its https address (see the README, "Telegram Mini App").
miniapp-signed-only = The dashboard is off on this server: it accepts signed requests only (REQUIRE_HMAC_VERIFICATION), which a browser cannot make. Everything the dashboard shows is here in the chat too: /reports, /history, /wallets.
miniapp-private-only = The dashboard opens in a private chat with me: message @{ $username } and send /app.
