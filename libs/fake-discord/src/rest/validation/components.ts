import type { JsonObject } from '../../state/types.js';
import { checkArray, checkString, type FieldPath, type FormErrors, isRecord } from './form-errors.js';

/** Component types (docs: "Components → Component Types"). */
export const ComponentType = { ActionRow: 1, Button: 2, StringSelect: 3, TextInput: 4, Label: 18 } as const;

const SELECT_TYPES: ReadonlySet<number> = new Set([3, 5, 6, 7, 8]);

/** MessageFlags.IS_COMPONENTS_V2: layout components instead of action rows (not deeply checked). */
export const IS_COMPONENTS_V2 = 1 << 15;

function checkButton(errors: FormErrors, path: FieldPath, button: JsonObject, ids: Set<string>): void {
  const style = button.style;
  if (typeof style !== 'number' || style < 1 || style > 6) {
    errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
    return;
  }
  checkString(errors, [...path, 'label'], button.label, { max: 80 });
  if (style === 5) {
    if (typeof button.url !== 'string')
      errors.add([...path, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
    if (button.custom_id !== undefined) {
      errors.add(
        [...path, 'custom_id'],
        'BUTTON_COMPONENT_CUSTOM_ID_MUST_BE_EMPTY',
        'A link button cannot have a custom id',
      );
    }
    return;
  }
  if (style === 6) return;
  const customId = checkString(errors, [...path, 'custom_id'], button.custom_id, {
    required: true,
    min: 1,
    max: 100,
  });
  checkDuplicate(errors, path, customId, ids);
  if (button.label === undefined && button.emoji === undefined) {
    errors.add([...path, 'label'], 'BASE_TYPE_REQUIRED', 'This field is required');
  }
}

function checkDuplicate(
  errors: FormErrors,
  path: FieldPath,
  customId: string | undefined,
  ids: Set<string>,
): void {
  if (customId === undefined) return;
  if (ids.has(customId)) {
    errors.add(
      [...path, 'custom_id'],
      'COMPONENT_CUSTOM_ID_DUPLICATED',
      'Component custom id cannot be duplicated',
    );
  }
  ids.add(customId);
}

function checkSelect(errors: FormErrors, path: FieldPath, select: JsonObject, ids: Set<string>): void {
  const customId = checkString(errors, [...path, 'custom_id'], select.custom_id, {
    required: true,
    min: 1,
    max: 100,
  });
  checkDuplicate(errors, path, customId, ids);
  checkString(errors, [...path, 'placeholder'], select.placeholder, { max: 150 });
  if (select.type !== ComponentType.StringSelect) return;
  const options = checkArray(errors, [...path, 'options'], select.options, 25);
  if (options.length === 0)
    errors.add([...path, 'options'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
  options.forEach((option, i) => {
    if (!isRecord(option)) return;
    checkString(errors, [...path, 'options', i, 'label'], option.label, { required: true, min: 1, max: 100 });
    checkString(errors, [...path, 'options', i, 'value'], option.value, { required: true, min: 1, max: 100 });
  });
}

function checkRow(errors: FormErrors, path: FieldPath, row: unknown, ids: Set<string>): void {
  if (!isRecord(row) || row.type !== ComponentType.ActionRow) {
    errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
    return;
  }
  const children = checkArray(errors, [...path, 'components'], row.components, 5);
  if (children.length === 0)
    errors.add([...path, 'components'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
  const hasSelect = children.some((c) => isRecord(c) && SELECT_TYPES.has(c.type as number));
  if (hasSelect && children.length > 1) {
    errors.add(
      [...path, 'components'],
      'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      'The specified component exceeds the maximum width',
    );
  }
  children.forEach((child, i) => {
    const childPath = [...path, 'components', i];
    if (!isRecord(child)) {
      errors.add(childPath, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    if (child.type === ComponentType.Button) {
      checkButton(errors, childPath, child, ids);
      return;
    }
    if (SELECT_TYPES.has(child.type as number)) {
      checkSelect(errors, childPath, child, ids);
      return;
    }
    errors.add(
      [...childPath, 'type'],
      'UNION_TYPE_CHOICES',
      'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).',
    );
  });
}

/**
 * Validates message `components`: at most 5 action rows of up to 5 buttons or one select,
 * buttons with a custom_id (or a url for link buttons), custom ids unique within the message.
 */
export function checkComponents(errors: FormErrors, value: unknown, flags: number): JsonObject[] {
  const v2 = (flags & IS_COMPONENTS_V2) !== 0;
  const rows = checkArray(errors, ['components'], value, v2 ? 40 : 5);
  if (!v2) {
    const ids = new Set<string>();
    rows.forEach((row, i) => {
      checkRow(errors, ['components', i], row, ids);
    });
  }
  return rows.filter(isRecord);
}
