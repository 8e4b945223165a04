import { ComponentType } from 'discord-api-types/v10';
import type { ModalData } from '../validation/callback.js';

type Raw = Record<string, unknown>;

/**
 * The `data.components` of a MODAL_SUBMIT mirroring the modal the bot showed: action rows of text inputs (legacy form)
 * or labels wrapping one component, each carrying the user's value, as Discord sends them.
 */
export function modalSubmitComponents(modal: ModalData, values: Record<string, string | string[]>): Raw[] {
  let nextId = 1;
  const known = new Set<string>();
  const fill = (input: Raw): Raw => {
    const customId = String(input.custom_id);
    known.add(customId);
    const value = values[customId];
    const id = typeof input.id === 'number' ? input.id : nextId++;
    if (input.type === ComponentType.TextInput) {
      const text = Array.isArray(value) ? value.join('') : (value ?? (typeof input.value === 'string' ? input.value : ''));
      if (input.required !== false && text.length === 0) throw new Error(`text input "${customId}" is required`);
      if (typeof input.min_length === 'number' && text.length > 0 && text.length < input.min_length) throw new Error(`text input "${customId}" needs at least ${input.min_length} characters`);
      if (typeof input.max_length === 'number' && text.length > input.max_length) throw new Error(`text input "${customId}" takes at most ${input.max_length} characters`);
      return { type: ComponentType.TextInput, id, custom_id: customId, value: text };
    }
    const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
    return { type: input.type, id, custom_id: customId, values: list };
  };
  const components = modal.components.map((component): Raw => {
    const id = typeof component.id === 'number' ? component.id : nextId++;
    if (component.type === ComponentType.ActionRow) {
      const children = (component.components as Raw[] | undefined) ?? [];
      return { type: ComponentType.ActionRow, id, components: children.map(fill) };
    }
    if (component.type === ComponentType.Label) return { type: ComponentType.Label, id, component: fill(component.component as Raw) };
    return { type: component.type, id };
  });
  for (const key of Object.keys(values)) if (!known.has(key)) throw new Error(`the modal has no input "${key}" (has: ${[...known].join(', ')})`);
  return components;
}

/** `data.components` of a crafted form submission: one text input per field, in action rows, unchecked. */
export function craftedModalComponents(fields: Record<string, string>): Raw[] {
  return Object.entries(fields).map(([customId, value], index) => ({
    type: ComponentType.ActionRow,
    id: index * 2 + 1,
    components: [{ type: ComponentType.TextInput, id: index * 2 + 2, custom_id: customId, value }],
  }));
}
