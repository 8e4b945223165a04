import { ComponentType, TextInputStyle } from 'discord-api-types/v10';
import { FormErrors } from '../errors.js';
import { checkLength, parseInto } from './form.js';
import { autocompleteDataSchema, modalDataSchema } from './schemas.js';

type Raw = Record<string, unknown>;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export interface AutocompleteChoice {
  name: string;
  value: string | number;
}

/** Autocomplete result: ≤ 25 choices, name 1–100, string value ≤ 100. */
export function validateAutocomplete(data: unknown): AutocompleteChoice[] {
  const errors = new FormErrors();
  const parsed = parseInto(errors, autocompleteDataSchema, data ?? {}, ['data']);
  errors.throwIfAny();
  const choices = parsed?.choices ?? [];
  checkLength(errors, ['data', 'choices'], choices, 0, 25);
  choices.forEach((choice, i) => {
    checkLength(errors, ['data', 'choices', i, 'name'], choice.name, 1, 100);
    if (typeof choice.value === 'string') checkLength(errors, ['data', 'choices', i, 'value'], choice.value, 0, 100);
  });
  errors.throwIfAny();
  return choices.map((c) => ({ name: c.name, value: c.value }));
}

export interface ModalData {
  custom_id: string;
  title: string;
  components: Raw[];
}

/**
 * A modal: custom_id ≤ 100, title ≤ 45, 1–5 top-level components — action rows holding one text input (legacy form),
 * labels (≤ 45) wrapping a text input or select, or text displays. Text inputs: style 1|2, max_length ≤ 4000.
 */
export function validateModal(data: unknown): ModalData {
  const errors = new FormErrors();
  const modal = parseInto(errors, modalDataSchema, data ?? {}, ['data']);
  errors.throwIfAny();
  if (!modal) throw errors.toError();
  checkLength(errors, ['data', 'custom_id'], modal.custom_id, 1, 100);
  checkLength(errors, ['data', 'title'], modal.title, 1, 45);
  checkLength(errors, ['data', 'components'], modal.components, 1, 5);
  const seen = new Set<string>();
  const textInput = (input: Raw, path: (string | number)[], inLabel: boolean): void => {
    const customId = str(input.custom_id) ?? '';
    checkLength(errors, [...path, 'custom_id'], customId, 1, 100);
    if (seen.has(customId)) errors.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
    seen.add(customId);
    if (input.style !== TextInputStyle.Short && input.style !== TextInputStyle.Paragraph) {
      errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2}.');
    }
    if (!inLabel) checkLength(errors, [...path, 'label'], str(input.label) ?? '', 1, 45);
    if (typeof input.max_length === 'number' && (input.max_length < 1 || input.max_length > 4_000)) {
      errors.add([...path, 'max_length'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 4000.');
    }
    if (typeof input.min_length === 'number' && (input.min_length < 0 || input.min_length > 4_000)) {
      errors.add([...path, 'min_length'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 4000.');
    }
    checkLength(errors, [...path, 'value'], str(input.value), 0, 4_000);
    checkLength(errors, [...path, 'placeholder'], str(input.placeholder), 0, 100);
  };
  modal.components.forEach((component, i) => {
    const path = ['data', 'components', i];
    if (component.type === ComponentType.ActionRow) {
      const children = Array.isArray(component.components) ? (component.components as Raw[]) : [];
      if (children.length !== 1 || children[0]?.type !== ComponentType.TextInput) {
        errors.add([...path, 'components'], 'MODAL_ACTION_ROW_INVALID', 'An action row in a modal must hold exactly one text input');
        return;
      }
      textInput(children[0], [...path, 'components', 0], false);
    } else if (component.type === ComponentType.Label) {
      checkLength(errors, [...path, 'label'], str(component.label) ?? '', 1, 45);
      checkLength(errors, [...path, 'description'], str(component.description), 0, 100);
      const inner = component.component as Raw | undefined;
      if (!inner || typeof inner !== 'object') {
        errors.add([...path, 'component'], 'BASE_TYPE_REQUIRED', 'This field is required');
      } else if (inner.type === ComponentType.TextInput) {
        textInput(inner, [...path, 'component'], true);
      } else if (typeof inner.custom_id === 'string') {
        checkLength(errors, [...path, 'component', 'custom_id'], inner.custom_id, 1, 100);
        seen.add(inner.custom_id);
      }
    } else if (component.type !== ComponentType.TextDisplay) {
      errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 10, 18).');
    }
  });
  errors.throwIfAny();
  return { custom_id: modal.custom_id, title: modal.title, components: modal.components };
}
