// Words of the binding page in each language the bot speaks. The page picks
// one from ?lang= or the browser's Accept-Language.
export type PageLang = 'en' | 'ru';

const en = {
  title: 'Connect Telegram',
  heading: 'Connect your Telegram chat',
  intro: 'Log in to connect the Telegram chat where you asked the bot for this code. Then you can use the same account in Telegram and on the web.',
  registerIntro: 'Create an account to connect the Telegram chat where you asked the bot for this code.',
  code: 'Code from the bot',
  codeHint: '8 letters and digits, for example K7QM2XPA. It works for 10 minutes.',
  name: 'Your name',
  email: 'Email',
  password: 'Password',
  newPasswordHint: 'At least 10 characters.',
  login: 'Log in and connect',
  register: 'Create account and connect',
  noAccount: 'No account yet?',
  createOne: 'Create one',
  haveAccount: 'Already have an account?',
  logIn: 'Log in',
  doneHeading: 'Connected',
  done: (email: string) => `Your Telegram chat is now connected to ${email}.`,
  merged: 'Your Telegram account and this email login are now one account: the same families, wallets and history in both places.',
  goBack: 'You can close this page and go back to Telegram.',
  confirmHeading: 'Connect this Telegram account?',
  confirmAccount: 'The code connects this Telegram account:',
  confirmTo: (email: string) => `to your login ${email}.`,
  confirmMerge: 'The two become one account: the same families, wallets and history in Telegram and on the web.',
  confirmApproval: 'Your account already has Telegram chats: one of them will be asked to allow this first.',
  confirmWarning: 'Connect it only if it is your own Telegram account. Whoever uses it will see and change your families\' data.',
  confirmButton: (telegram: string) => `Connect ${telegram}`,
  cancel: 'Cancel: do not connect it',
  waitingHeading: 'Waiting for your approval in Telegram',
  waiting: (telegram: string) => `We asked your Telegram chats to allow connecting ${telegram}. Press Allow there; until then nothing is connected. You can close this page.`,
  problem: 'There is a problem',
  tryAgain: 'Try again',
  registrationOff: 'Registration is turned off on this server. Ask its owner for an account, then log in.',
  errors: {
    unknown_code: 'This code is not valid. Send /link to the bot for a new one.',
    code_used: 'This code was already used. Send /link to the bot for a new one.',
    code_expired: 'This code has expired. Send /link to the bot for a new one.',
    too_many_attempts: 'This code was tried too many times. Send /link to the bot for a new one.',
    both_have_family_data:
      'This login and your Telegram chat both have their own family data, so they cannot be joined automatically. Leave (or hand over) the families of one of them, then try again.',
    chat_has_other_login: 'This Telegram chat already belongs to another email login. Log in with that email instead.',
    wrong_login: 'The email or password is not right.',
    rate_limited: 'Too many attempts. Wait a few minutes and try again.',
    email_taken: 'An account with this email already exists. Log in instead.',
    code_in_use: 'Another login already asked to connect this chat with this code. Send /link to the bot for a new one.',
    ticket_expired: 'This page was open too long. Log in again.',
    generic: 'Something went wrong. Please try again.',
    password_checks_busy: 'The server is busy right now. Wait a few seconds and try again.',
  },
};

type Texts = typeof en;

const ru: Texts = {
  title: 'Подключить Telegram',
  heading: 'Подключите чат Telegram',
  intro: 'Войдите, чтобы подключить чат Telegram, в котором вы получили этот код. После этого один и тот же аккаунт будет работать и в Telegram, и на сайте.',
  registerIntro: 'Создайте аккаунт, чтобы подключить чат Telegram, в котором вы получили этот код.',
  code: 'Код от бота',
  codeHint: '8 букв и цифр, например K7QM2XPA. Код действует 10 минут.',
  name: 'Ваше имя',
  email: 'Электронная почта',
  password: 'Пароль',
  newPasswordHint: 'Не короче 10 символов.',
  login: 'Войти и подключить',
  register: 'Создать аккаунт и подключить',
  noAccount: 'Ещё нет аккаунта?',
  createOne: 'Создать',
  haveAccount: 'Уже есть аккаунт?',
  logIn: 'Войти',
  doneHeading: 'Подключено',
  done: (email: string) => `Ваш чат Telegram подключён к ${email}.`,
  merged: 'Ваш аккаунт Telegram и вход по почте теперь один аккаунт: те же семьи, кошельки и история в обоих местах.',
  goBack: 'Эту страницу можно закрыть и вернуться в Telegram.',
  confirmHeading: 'Подключить этот аккаунт Telegram?',
  confirmAccount: 'Код подключает этот аккаунт Telegram:',
  confirmTo: (email: string) => `к вашему входу ${email}.`,
  confirmMerge: 'Они станут одним аккаунтом: те же семьи, кошельки и история в Telegram и на сайте.',
  confirmApproval: 'У вашего аккаунта уже есть чаты Telegram: сначала одному из них придёт запрос на разрешение.',
  confirmWarning: 'Подключайте, только если это ваш собственный аккаунт Telegram. Тот, кто им пользуется, увидит и сможет менять данные ваших семей.',
  confirmButton: (telegram: string) => `Подключить ${telegram}`,
  cancel: 'Отмена: не подключать',
  waitingHeading: 'Ждём вашего разрешения в Telegram',
  waiting: (telegram: string) => `Мы попросили ваши чаты Telegram разрешить подключение ${telegram}. Нажмите там «Разрешить»; до этого ничего не подключено. Эту страницу можно закрыть.`,
  problem: 'Не получилось',
  tryAgain: 'Попробовать снова',
  registrationOff: 'Регистрация на этом сервере выключена. Попросите владельца создать вам аккаунт и войдите.',
  errors: {
    unknown_code: 'Код неверный. Отправьте боту /link, чтобы получить новый.',
    code_used: 'Этот код уже использован. Отправьте боту /link, чтобы получить новый.',
    code_expired: 'Срок действия кода истёк. Отправьте боту /link, чтобы получить новый.',
    too_many_attempts: 'Код вводили слишком много раз. Отправьте боту /link, чтобы получить новый.',
    both_have_family_data:
      'И у этого входа, и у вашего чата Telegram есть свои семьи, поэтому объединить их автоматически нельзя. Выйдите из семей (или передайте их) в одном из аккаунтов и попробуйте снова.',
    chat_has_other_login: 'Этот чат Telegram уже привязан к другому адресу почты. Войдите с ним.',
    wrong_login: 'Неверная почта или пароль.',
    rate_limited: 'Слишком много попыток. Подождите несколько минут и попробуйте снова.',
    email_taken: 'Аккаунт с этой почтой уже есть. Войдите в него.',
    code_in_use: 'С этим кодом уже запросил подключение другой вход. Отправьте боту /link, чтобы получить новый.',
    ticket_expired: 'Страница была открыта слишком долго. Войдите снова.',
    generic: 'Что-то пошло не так. Попробуйте ещё раз.',
    password_checks_busy: 'Сервер сейчас занят. Подождите несколько секунд и попробуйте снова.',
  },
};

export type ErrorKey = keyof Texts['errors'];
export const TEXTS: Record<PageLang, Texts> = { en, ru };

export function pickLang(query: string | undefined, acceptLanguage: string | undefined): PageLang {
  if (query === 'ru' || query === 'en') return query;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('ru') ? 'ru' : 'en';
}
