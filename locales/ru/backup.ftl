# $reason: disk_full, folder_not_writable, database_busy или other; сама ошибка — только в журнале сервера.
backup-failed =
    ⚠️ Сегодняшняя плановая резервная копия базы finance-bot не удалась: { $reason ->
        [disk_full] диск заполнен.
        [folder_not_writable] в папку копий нельзя записать.
        [database_busy] база данных была занята.
       *[other] что-то пошло не так.
    }
    Папка копий: { $folder }
    { $reason ->
        [disk_full] Освободите место на этом диске или укажите в BACKUP_DIR диск побольше.
        [folder_not_writable] Проверьте, что папка существует, что это папка и что пользователь finance-bot может в неё писать (BACKUP_DIR).
        [database_busy] Один раз — не страшно; если повторяется, поищите долгую задачу, которая держит базу.
       *[other] Подробности — в журнале сервера («scheduled backup failed»).
    }
    Следующая попытка через час.
backup-owner-only = Скачать резервную копию может только владелец этого сервера finance-bot.
backup-private-only = Пришлите /backup мне в личный чат: файл не должен попасть в группу.
backup-warning =
    В этом файле все данные сервера: каждая семья, кошелёк и операция. Храните его в тайне.

    Пришлите пароль для шифрования (не короче 8 символов; сообщение сразу удалю) или выберите файл без пароля.
backup-passphrase-short = Пароль должен быть не короче 8 символов. Пришлите другой или выберите файл без пароля.
backup-cancelled = Резервное копирование отменено.
backup-working = Делаю резервную копию…
backup-caption-plain = Резервная копия от { $date }. Восстановление: finance-bot restore ФАЙЛ
backup-caption-encrypted =
    Зашифрованная копия от { $date } (OpenSSL AES-256-CBC, PBKDF2-SHA256, 600000 итераций).
    Восстановление: finance-bot restore ФАЙЛ (спросит пароль).
backup-failed-now = Резервная копия не удалась: { $error ->
    [too_large] файл слишком велик для Telegram (50 МБ); запустите finance-bot backup на сервере.
   *[failed] причина записана в журнал сервера.
}
backup-plain-button = Без пароля
