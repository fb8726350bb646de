// The rules for the `gws.inspector.*` settings' values, apart from reading them (settings.ts),
// so that the unit tests check them against package.json without VS Code.
import { DEFAULT_NO_NOTIFICATION_WARNING_MS } from '../../model/operationLinks';
import { DEFAULT_MAX_EVENTS } from '../../model/streamLog';
import type { InspectorSettings } from './protocol';

export const INSPECTOR_SECTION = 'gws.inspector';

/** The package.json bounds of each inspector setting (`gws.inspector.*`). */
export const INSPECTOR_SETTING_BOUNDS = {
  maxEvents: { min: 1000, max: 1_000_000, fallback: DEFAULT_MAX_EVENTS },
  noNotificationWarningMs: { min: 100, max: 600_000, fallback: DEFAULT_NO_NOTIFICATION_WARNING_MS },
} as const;

/**
 * The inspector's settings from `get` (the configuration section), with the package.json
 * defaults when unset or invalid, and a sentence for each value not used.
 */
export function inspectorSettingsFrom(get: (key: keyof InspectorSettings) => unknown): { settings: InspectorSettings; problems: string[] } {
  const problems: string[] = [];
  const read = (key: keyof InspectorSettings): number => {
    const value = get(key);
    const { min, max, fallback } = INSPECTOR_SETTING_BOUNDS[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`The setting ${INSPECTOR_SECTION}.${key} is ${JSON.stringify(value)}: use a whole number from ${min} to ${max}. ${fallback} is used.`);
    return fallback;
  };
  return { settings: { maxEvents: read('maxEvents'), noNotificationWarningMs: read('noNotificationWarningMs') }, problems };
}
