// Settings: /settings (language; the family's currency, approval limit, time zone) and /link.
import { conceptFeature } from '../shared/concept-feature.js';
import { showLink } from './link.js';
import { registerSettings, showSettings } from './settings.js';

export { showSettings };

export const settingsFeature = conceptFeature(registerSettings, { settings: showSettings, link: showLink });
