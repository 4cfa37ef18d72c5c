// History: /history, the family's transactions newest first.
import { conceptFeature } from '../shared/concept-feature.js';
import { registerHistory, showHistory } from './history.js';

export { showHistory };

export const historyFeature = conceptFeature(registerHistory, { history: showHistory });
