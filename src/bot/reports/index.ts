// Reports: /report (and /reports), this month so far.
import { conceptFeature } from '../shared/concept-feature.js';
import { showReports } from './reports.js';

export { showReports };

export const reportsFeature = conceptFeature(() => undefined, { report: showReports, reports: showReports });
