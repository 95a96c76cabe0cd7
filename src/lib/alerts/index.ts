/** The alerts model and its reports. See README.md in this folder. */
export {
	ALERT_KINDS,
	DEFAULT_ALERT_OPTIONS,
	SEVERITIES,
	buildAlerts,
	compareAlerts,
	dayText,
	flaggedRuns,
	formatCount,
	hourText,
	lastActiveDay,
	weekHour,
	type Alert,
	type AlertKind,
	type AlertOptions,
	type AlertSeverity,
	type AlertView,
	type AlertsInput,
	type StoreTrend
} from './alerts';
export {
	MAILTO_MAX_LENGTH,
	TIME_BASIS,
	alertLine,
	alertWhen,
	alertsCsv,
	alertsFileName,
	alertsJson,
	alertsSummary,
	mailtoHref,
	severityCounts,
	type AlertsMeta
} from './report';
