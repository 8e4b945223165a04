import { ComponentType } from 'discord-api-types/v10';
import type { APIEmbed, APIMessageTopLevelComponent } from 'discord-api-types/v10';
import type { MessageBody } from '../validation/schemas.js';

type Raw = Record<string, unknown>;

const SELECTS = new Set<unknown>([ComponentType.StringSelect, ComponentType.UserSelect, ComponentType.RoleSelect, ComponentType.MentionableSelect, ComponentType.ChannelSelect]);

/** Discord drops null members from what it echoes back. */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutNulls(v)])) as T;
  }
  return value;
}

/** Embeds as Discord stores them: `type: "rich"`, no nulls, every field with `inline` (false when left out). */
export function storedEmbeds(embeds: MessageBody['embeds']): APIEmbed[] {
  return withoutNulls(embeds ?? []).map((embed) => {
    const stored: APIEmbed = { type: 'rich' as APIEmbed['type'], ...(embed as APIEmbed) };
    if (stored.fields) stored.fields = stored.fields.map((field) => ({ ...field, inline: field.inline ?? false }));
    return stored;
  });
}

/** The children of a component, in the order Discord walks them: a row's or container's components, a section's accessory, a label's component. */
function childrenOf(component: Raw): Raw[] {
  const children: Raw[] = [];
  if (Array.isArray(component.components)) children.push(...(component.components as Raw[]));
  if (component.accessory && typeof component.accessory === 'object') children.push(component.accessory as Raw);
  if (component.component && typeof component.component === 'object') children.push(component.component as Raw);
  return children;
}

/**
 * Components as Discord returns them: no nulls, every component with a numeric `id` (sequential from 1 in
 * display order, skipping ids the bot chose itself), select menus with `min_values` and `max_values` (1 when
 * left out). The request was already checked against Discord's rules and spec; the response check covers the rest.
 */
export function storedComponents(components: MessageBody['components']): APIMessageTopLevelComponent[] {
  const tree = withoutNulls(components ?? []) as Raw[];
  const taken = new Set<number>();
  const walk = (items: readonly Raw[], visit: (component: Raw) => void): void => {
    for (const item of items) {
      visit(item);
      walk(childrenOf(item), visit);
    }
  };
  walk(tree, (component) => {
    if (typeof component.id === 'number') taken.add(component.id);
  });
  let next = 1;
  walk(tree, (component) => {
    if (typeof component.id !== 'number') {
      while (taken.has(next)) next += 1;
      component.id = next;
      taken.add(next);
    }
    if (SELECTS.has(component.type)) {
      component.min_values ??= 1;
      component.max_values ??= 1;
    }
  });
  // The shape was checked on the way in (Discord's rules and spec); what is returned is checked on the way out.
  return tree as unknown as APIMessageTopLevelComponent[];
}
