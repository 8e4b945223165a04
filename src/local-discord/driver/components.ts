import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { rolePayload, userPayload } from '../payloads.js';
import type { GuildRecord, StoredMessage } from '../state/records.js';

type Raw = Record<string, unknown>;

const SELECTS = new Set<number>([ComponentType.StringSelect, ComponentType.UserSelect, ComponentType.RoleSelect, ComponentType.MentionableSelect, ComponentType.ChannelSelect]);

/** Every interactive component of a message, in display order (rows, sections' accessories, containers). */
function flatten(components: unknown): Raw[] {
  const out: Raw[] = [];
  const walk = (items: unknown): void => {
    if (!Array.isArray(items)) return;
    for (const item of items as Raw[]) {
      if (item.type === ComponentType.Button || SELECTS.has(Number(item.type))) out.push(item);
      walk(item.components);
      if (item.accessory) walk([item.accessory]);
    }
  };
  walk(components);
  return out;
}

function pick(candidates: Raw[], target: string | number, what: string): Raw {
  const found =
    typeof target === 'number'
      ? candidates[target]
      : (candidates.find((c) => c.custom_id === target) ?? candidates.find((c) => c.label === target));
  if (!found) {
    const names = candidates.map((c) => String(c.label ?? c.custom_id)).join(', ') || 'none';
    throw new Error(`message has no ${what} "${String(target)}" (has: ${names})`);
  }
  if (found.disabled === true) throw new Error(`${what} "${String(target)}" is disabled`);
  return found;
}

/** `data` of a button click. */
export function buttonData(stored: StoredMessage, target: string | number): Record<string, unknown> {
  const button = pick(flatten(stored.message.components).filter((c) => c.type === ComponentType.Button), target, 'button');
  if (button.style === ButtonStyle.Link || button.style === ButtonStyle.Premium) throw new Error('link and premium buttons do not create interactions');
  return { custom_id: button.custom_id, component_type: ComponentType.Button };
}

/** `data` of a select menu choice, with min/max values checked and `resolved` for entity selects. */
export function selectData(core: Core, stored: StoredMessage, target: string | number, values: string[], guild: GuildRecord | null): Record<string, unknown> {
  const select = pick(flatten(stored.message.components).filter((c) => SELECTS.has(Number(c.type))), target, 'select menu');
  const min = typeof select.min_values === 'number' ? select.min_values : 1;
  const max = typeof select.max_values === 'number' ? select.max_values : 1;
  if (values.length < min || values.length > max) throw new Error(`select menu takes ${min}–${max} values, got ${values.length}`);
  const data: Record<string, unknown> = { custom_id: select.custom_id, component_type: select.type, values };
  if (select.type === ComponentType.StringSelect) {
    const allowed = new Set(((select.options as Raw[] | undefined) ?? []).map((o) => o.value));
    for (const value of values) if (!allowed.has(value)) throw new Error(`select menu has no option "${value}"`);
    return data;
  }
  const resolved: Record<string, Record<string, unknown>> = {};
  for (const value of values) {
    const role = guild?.roles.get(value);
    const user = core.state.user(value);
    const channel = core.state.channels.get(value);
    if (role) (resolved.roles ??= {})[value] = rolePayload(role);
    else if (user) (resolved.users ??= {})[value] = userPayload(user);
    else if (channel) (resolved.channels ??= {})[value] = { id: channel.id, name: channel.name, type: channel.type, permissions: '0' };
    else throw new Error(`select value ${value} is not a known user, role or channel`);
  }
  data.resolved = resolved;
  return data;
}

/** `data` of a crafted button or string-select interaction: whatever the client claims. */
export function craftedComponentData(customId: string, values?: string[]): Record<string, unknown> {
  if (values === undefined) return { custom_id: customId, component_type: ComponentType.Button };
  return { custom_id: customId, component_type: ComponentType.StringSelect, values };
}
