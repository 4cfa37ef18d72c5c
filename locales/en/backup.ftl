# $reason: disk_full, folder_not_writable, database_busy or other; the error itself is in the server's log only.
backup-failed =
    ⚠️ Today's scheduled backup of the finance-bot database failed: { $reason ->
        [disk_full] the disk is full.
        [folder_not_writable] the backup folder cannot be written.
        [database_busy] the database was busy.
       *[other] something unexpected went wrong.
    }
    Backup folder: { $folder }
    { $reason ->
        [disk_full] Free some space on that disk, or point BACKUP_DIR at a bigger one.
        [folder_not_writable] Check that the folder exists, is a folder and that finance-bot's user may write to it (BACKUP_DIR).
        [database_busy] Once is harmless; if it repeats, look for a long task holding the database.
       *[other] The details are in the server's log ("scheduled backup failed").
    }
    The next attempt is in an hour.
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
