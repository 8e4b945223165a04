import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { FormErrors } from '../errors.js';
import { checkLength } from './form.js';

type Raw = Record<string, unknown>;

const SELECT_TYPES = new Set<number>([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = (value: unknown): Raw[] => (Array.isArray(value) ? value.filter((v): v is Raw => typeof v === 'object' && v !== null) : []);

/**
 * Classic message components: ≤ 5 action rows, ≤ 5 buttons per row, a select menu alone in its row with ≤ 25
 * options, custom_id ≤ 100 and unique in the message, button label ≤ 80, link buttons carry a url and no custom_id.
 * Components V2 layouts (flag IS_COMPONENTS_V2) only get the custom_id checks.
 */
export function checkMessageComponents(errors: FormErrors, components: readonly Raw[], componentsV2: boolean): void {
  const seen = new Set<string>();
  const checkCustomId = (component: Raw, path: (string | number)[]): void => {
    const customId = str(component.custom_id);
    if (customId === undefined) return;
    checkLength(errors, [...path, 'custom_id'], customId, 1, 100);
    if (seen.has(customId)) errors.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
    seen.add(customId);
  };
  if (componentsV2) {
    const walk = (items: Raw[], path: (string | number)[]): void =>
      items.forEach((c, i) => {
        checkCustomId(c, [...path, i]);
        walk(list(c.components), [...path, i, 'components']);
        if (typeof c.accessory === 'object' && c.accessory !== null) checkCustomId(c.accessory as Raw, [...path, i, 'accessory']);
      });
    walk([...components], ['components']);
    return;
  }
  if (components.length > 5) errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  components.forEach((row, i) => {
    const rowPath = ['components', i];
    if (row.type !== ComponentType.ActionRow) {
      errors.add([...rowPath, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      return;
    }
    const children = list(row.components);
    if (children.length < 1 || children.length > 5) {
      errors.add([...rowPath, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    }
    const hasSelect = children.some((c) => SELECT_TYPES.has(Number(c.type)));
    if (hasSelect && children.length > 1) {
      errors.add([...rowPath, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    }
    children.forEach((child, j) => {
      const path = [...rowPath, 'components', j];
      checkCustomId(child, path);
      if (child.type === ComponentType.Button) checkButton(errors, child, path);
      else if (SELECT_TYPES.has(Number(child.type))) checkSelect(errors, child, path);
      else errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).');
    });
  });
}

function checkButton(errors: FormErrors, button: Raw, path: (string | number)[]): void {
  checkLength(errors, [...path, 'label'], str(button.label), 0, 80);
  const style = Number(button.style);
  if (style === ButtonStyle.Link) {
    if (!str(button.url)) errors.add([...path, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
    if (button.custom_id !== undefined && button.custom_id !== null) {
      errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A link button cannot have a custom id');
    }
  } else if (style === ButtonStyle.Premium) {
    if (!str(button.sku_id)) errors.add([...path, 'sku_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else {
    if (!(style >= ButtonStyle.Primary && style <= ButtonStyle.Danger)) {
      errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
    }
    if (!str(button.custom_id)) errors.add([...path, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    if (button.url !== undefined && button.url !== null) {
      errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'Only link buttons can have a url');
    }
  }
  if (!str(button.label) && !button.emoji && style !== ButtonStyle.Premium) {
    errors.add([...path, 'label'], 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A button needs a label or an emoji');
  }
}

function checkSelect(errors: FormErrors, select: Raw, path: (string | number)[]): void {
  if (!str(select.custom_id)) errors.add([...path, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
  checkLength(errors, [...path, 'placeholder'], str(select.placeholder), 0, 150);
  if (select.type !== ComponentType.StringSelect) return;
  const options = list(select.options);
  checkLength(errors, [...path, 'options'], options, 1, 25);
  options.forEach((option, k) => {
    checkLength(errors, [...path, 'options', k, 'label'], str(option.label) ?? '', 1, 100);
    checkLength(errors, [...path, 'options', k, 'value'], str(option.value) ?? '', 1, 100);
    checkLength(errors, [...path, 'options', k, 'description'], str(option.description), 0, 100);
  });
}
