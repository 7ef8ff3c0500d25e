export { answerSettings, type SettingsOverrides } from './answer-settings.js';
