// Fluent sources of the page's messages per language, bundled from locales/ at build time.
declare module 'virtual:messages' {
  const messages: Record<'en' | 'ru', string>;
  export default messages;
}
