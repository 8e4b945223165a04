import type { LineSource } from './session.js';

/** One text input of a form the bot showed, with what the bot pre-filled. */
interface FormField {
  readonly customId: string;
  readonly label: string;
  readonly required: boolean;
  readonly prefilled: string | null;
}

/** What a member types to empty a pre-filled field (Enter alone keeps it, as in Discord's form). */
const CLEAR_FIELD = '<clear>';

/** The text inputs of a modal, whether in action rows or (newer API) label components. */
export function formFields(modal: { components: unknown[] }): FormField[] {
  const fields: FormField[] = [];
  const visit = (node: unknown, label?: string) => {
    if (typeof node !== 'object' || node === null) return;
    const component = node as { type?: number; custom_id?: string; label?: string; required?: boolean; value?: string; components?: unknown[]; component?: unknown };
    if (component.type === 4 && component.custom_id) {
      const prefilled = typeof component.value === 'string' && component.value.length > 0 ? component.value : null;
      fields.push({ customId: component.custom_id, label: component.label ?? label ?? component.custom_id, required: component.required !== false, prefilled });
      return;
    }
    for (const child of component.components ?? []) visit(child, component.label ?? label);
    if (component.component) visit(component.component, component.label ?? label);
  };
  for (const component of modal.components) visit(component);
  return fields;
}

/**
 * Asks for each field in turn. A pre-filled value is shown first; Enter keeps it and `<clear>`
 * empties it, so editing a title or an answer never loses the text by accident.
 */
export async function fillForm(fields: readonly FormField[], input: LineSource, out: (text: string) => void): Promise<Record<string, string> | null> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    if (field.prefilled !== null) out(`  ${field.label}, pre-filled:\n${field.prefilled.replace(/^/gm, '    │ ')}`);
    const hint = field.prefilled !== null ? ` (Enter keeps it, ${CLEAR_FIELD} empties it)` : field.required ? '' : ' (optional)';
    const prompt = `  ${field.label}${hint}: `;
    const answer = await input.next(prompt);
    if (answer === undefined) return null;
    if (input.echo) out(`${prompt}${answer}`);
    values[field.customId] = answer.trim() === CLEAR_FIELD ? '' : answer === '' && field.prefilled !== null ? field.prefilled : answer;
  }
  return values;
}
