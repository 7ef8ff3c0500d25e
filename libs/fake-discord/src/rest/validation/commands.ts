import type { JsonObject } from '../../state/types.js';
import {
  checkArray,
  checkString,
  createFormErrors,
  type FieldPath,
  type FormErrors,
  isRecord,
} from './form-errors.js';

/** Discord's name rule for chat input commands and options (docs: "Application Command Naming"). */
const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkName(
  errors: FormErrors,
  path: FieldPath,
  value: unknown,
  chatInput: boolean,
): string | undefined {
  const name = checkString(errors, path, value, { required: true, min: 1, max: 32 });
  if (name === undefined || !chatInput) return name;
  if (!NAME_PATTERN.test(name) || name !== name.toLowerCase()) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  return name;
}

function checkOptions(errors: FormErrors, path: FieldPath, value: unknown, depth: number): void {
  const options = checkArray(errors, path, value, 25);
  options.forEach((option, i) => {
    const optionPath = [...path, i];
    if (!isRecord(option)) {
      errors.add(optionPath, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    if (typeof option.type !== 'number' || option.type < 1 || option.type > 11) {
      errors.add([...optionPath, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, …, 11}.');
    }
    checkName(errors, [...optionPath, 'name'], option.name, true);
    checkString(errors, [...optionPath, 'description'], option.description, {
      required: true,
      min: 1,
      max: 100,
    });
    checkArray(errors, [...optionPath, 'choices'], option.choices, 25);
    if ((option.type === 1 || option.type === 2) && depth < 2)
      checkOptions(errors, [...optionPath, 'options'], option.options, depth + 1);
  });
}

/**
 * Validates a bulk overwrite body: at most 100 commands, names of 1–32 lower-case characters for
 * chat input commands, descriptions of 1–100, at most 25 options and choices, no duplicate names.
 */
export function parseCommands(raw: unknown): JsonObject[] {
  const errors = createFormErrors();
  if (!Array.isArray(raw)) {
    errors.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    errors.throwIfAny();
  }
  const commands = checkArray(errors, [], raw, 100);
  const seen = new Set<string>();
  commands.forEach((command, i) => {
    checkCommand(errors, [i], command, seen);
  });
  errors.throwIfAny();
  return commands.filter(isRecord);
}

/** Validates one command; `seen` collects "type:name" to find duplicates in a bulk overwrite. */
export function checkCommand(errors: FormErrors, path: FieldPath, command: unknown, seen: Set<string>): void {
  if (!isRecord(command)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  const type = command.type ?? 1;
  const chatInput = type === 1;
  const name = checkName(errors, [...path, 'name'], command.name, chatInput);
  if (chatInput) {
    checkString(errors, [...path, 'description'], command.description, { required: true, min: 1, max: 100 });
    checkOptions(errors, [...path, 'options'], command.options, 0);
  }
  const key = `${String(type)}:${name}`;
  if (name !== undefined && seen.has(key)) {
    errors.add(
      [...path, 'name'],
      'APPLICATION_COMMANDS_DUPLICATE_NAME',
      `Application command names must be unique`,
    );
  }
  seen.add(key);
}

/** Validates a single-command create body. */
export function parseCommand(raw: unknown): JsonObject {
  const errors = createFormErrors();
  checkCommand(errors, [], raw, new Set());
  errors.throwIfAny();
  return raw as JsonObject;
}
