// Recurring rules: /recurring (list, add, stop).
import { conceptFeature } from '../shared/concept-feature.js';
import { registerRecurring, showRecurring } from './recurring.js';

export const recurringFeature = conceptFeature(registerRecurring, { recurring: showRecurring });
