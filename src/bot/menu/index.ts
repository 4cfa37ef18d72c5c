// The main menu, /help, /menu, /cancel and the fallback for anything nobody handled.
export { createBasicsFeature, fallbackFeature } from './basics.js';
export { createMainMenu, sendMainMenu, startTransaction, MainMenu } from './main-menu.js';
