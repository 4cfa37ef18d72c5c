# Connecting chats and logins to an account (src/bot/binding, src/jobs/handlers/binding.ts)
binding-approval-request = 🔐 Someone logged in as { $email } and wants to connect the Telegram account { $telegram } to your account. It would see and change your families' data.
    Was it you? If not, press Deny and change your password.
binding-allow-button = ✅ Allow
binding-deny-button = ⛔ Deny
binding-allowed = ✅ Allowed: { $telegram } is now connected to your account.
binding-denied = ⛔ Denied: nothing was connected.
binding-new-chat = 🔗 A new Telegram chat was connected to your account: { $telegram }. If this was not you, disconnect it.
binding-new-email = 🔗 The email login { $email } was connected to your account. If this was not you, disconnect it.
binding-disconnect-button = 🔌 Disconnect
binding-disconnected = 🔌 Disconnected.
binding-no-request = This request is not for this account, or it no longer exists.
binding-already-decided = This request was already answered.
binding-expired = This request has expired.
binding-refused = It cannot be connected: { $reason ->
    [both_have_family_data] both this login and the Telegram chat already have their own family data, so they cannot be joined automatically. Leave (or hand over) the families of one of them, or invite one account into the other's family, then try again.
    [chat_has_other_login] this Telegram chat already belongs to another email login. Log in with that email to use it.
    [code_in_use] another login already asked to connect this chat with this code. Send /link to the bot for a new one.
    [has_family_data] an account with family data cannot be joined into another one.
    [both_have_login] both accounts have an email login.
   *[other] it conflicts with how the accounts are connected now.
}
binding-not-connected = That is not connected to your account (any more).
binding-same-chat = This chat cannot disconnect itself; use another chat of the account.
