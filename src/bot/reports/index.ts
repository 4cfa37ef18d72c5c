// Reports: /reports (and /report): any month with ◀ ▶, the 12-month view, the chart.
import { conceptFeature } from '../shared/concept-feature.js';
import { registerReports, showReports } from './reports.js';

export { showReports };

export const reportsFeature = conceptFeature(registerReports, { report: showReports, reports: showReports });
