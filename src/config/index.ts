export type { ListenConfig, ListenSettingKey, SettingOrigin } from './listen-config.js';
export { CONFIG_FILE_SETTING, LISTEN_SETTINGS, defaultWorkers, listListenSettings } from './listen-settings.js';
export type { ListenSettingHelp, ListenSettingSpec } from './listen-settings.js';
export { resolveListenConfig } from './resolve-listen-config.js';
export type { ResolveListenConfigInput, ResolvedListenConfig } from './resolve-listen-config.js';
export { readConfigFile } from './config-file.js';
export {
  choiceParser,
  parseNonNegativeIntSetting,
  parsePathListSetting,
  parsePortSetting,
  parsePositiveIntSetting,
  parseStringSetting,
} from './setting-parsers.js';
export type { SettingParser } from './setting-parsers.js';
