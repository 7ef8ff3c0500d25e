import type { JsonObject } from '../../state/types.js';
import { ComponentType } from './components.js';
import {
  checkArray,
  checkString,
  createFormErrors,
  type FieldPath,
  type FormErrors,
  isRecord,
  requireBody,
} from './form-errors.js';

function checkTextInput(errors: FormErrors, path: FieldPath, input: unknown, needsLabel: boolean): void {
  if (!isRecord(input) || input.type !== ComponentType.TextInput) {
    errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (4,).');
    return;
  }
  checkString(errors, [...path, 'custom_id'], input.custom_id, { required: true, min: 1, max: 100 });
  if (input.style !== 1 && input.style !== 2) {
    errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2}.');
  }
  checkString(errors, [...path, 'label'], input.label, { required: needsLabel, min: 1, max: 45 });
  checkString(errors, [...path, 'placeholder'], input.placeholder, { max: 100 });
  checkString(errors, [...path, 'value'], input.value, { max: 4000 });
}

/**
 * Validates a MODAL callback's data: custom_id ≤ 100, title ≤ 45, 1–5 components, each an
 * action row holding one text input, or a label (type 18) wrapping one.
 */
export function parseModal(raw: unknown): JsonObject {
  const data = requireBody(raw);
  const errors = createFormErrors();
  checkString(errors, ['data', 'custom_id'], data.custom_id, { required: true, min: 1, max: 100 });
  checkString(errors, ['data', 'title'], data.title, { required: true, min: 1, max: 45 });
  const components = checkArray(errors, ['data', 'components'], data.components, 5);
  if (components.length === 0)
    errors.add(['data', 'components'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
  components.forEach((component, i) => {
    const path = ['data', 'components', i];
    if (isRecord(component) && component.type === ComponentType.Label) {
      checkString(errors, [...path, 'label'], component.label, { required: true, min: 1, max: 45 });
      if (isRecord(component.component) && component.component.type === ComponentType.TextInput) {
        checkTextInput(errors, [...path, 'component'], component.component, false);
      }
      return;
    }
    if (!isRecord(component) || component.type !== ComponentType.ActionRow) {
      errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 18).');
      return;
    }
    const inputs = checkArray(errors, [...path, 'components'], component.components, 1);
    if (inputs.length === 0)
      errors.add([...path, 'components'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
    inputs.forEach((input, j) => {
      checkTextInput(errors, [...path, 'components', j], input, true);
    });
  });
  errors.throwIfAny();
  return data;
}
