backup-failed =
    ⚠️ The scheduled backup of the finance-bot database failed.
    File: { $path }
    Reason: { $error }
    Check free disk space and the backup folder's permissions; the next attempt is in an hour.
backup-owner-only = Only the owner of this finance-bot server can download its backup.
backup-private-only = Send /backup to me in a private chat: the file must not land in a group.
backup-warning =
    This file holds the whole server's books: every family, wallet and transaction on it. Keep it private.

    Send a passphrase to encrypt it (at least 8 characters; the message is deleted at once), or choose a file without one.
backup-passphrase-short = The passphrase must be at least 8 characters. Send another, or choose a file without one.
backup-cancelled = Backup cancelled.
backup-working = Making the backup…
backup-caption-plain = Backup of { $date }. Restore: finance-bot restore FILE
backup-caption-encrypted =
    Encrypted backup of { $date } (OpenSSL AES-256-CBC, PBKDF2-SHA256, 600000 iterations).
    Restore: finance-bot restore FILE (asks for the passphrase).
backup-failed-now = The backup failed: { $error ->
    [too_large] the file is too large for Telegram (50 MB); run finance-bot backup on the server.
   *[failed] the cause is in the server's log.
}
backup-plain-button = Without a passphrase
