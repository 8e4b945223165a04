import { TIP_CATEGORIES, type TipCategoryId } from './categories.js';
import type { TipEntry } from './tip-schema.js';
import { found } from '../core/errors.js';

export interface Tip extends TipEntry {
  readonly category: TipCategoryId;
}

/** A tip with its place in the catalogue, for the "Tip 37 of 190" footer. */
export interface NumberedTip {
  readonly tip: Tip;
  readonly number: number;
  readonly total: number;
}

/** Every tip the bot knows, in a fixed order (category list order, then file order). */
export class TipCatalogue {
  readonly #tips: readonly Tip[];
  readonly #index = new Map<string, number>();

  constructor(tips: readonly Tip[]) {
    const categoryRank = new Map<string, number>(TIP_CATEGORIES.map((category, rank) => [category.id, rank]));
    this.#tips = tips
      .map((tip, position) => ({ tip, position }))
      .sort((a, b) => (categoryRank.get(a.tip.category) ?? 0) - (categoryRank.get(b.tip.category) ?? 0) || a.position - b.position)
      .map(({ tip }) => tip);
    this.#tips.forEach((tip, index) => {
      if (this.#index.has(tip.id)) throw new Error(`Duplicate tip id ${tip.id}`);
      this.#index.set(tip.id, index);
    });
  }

  get size(): number {
    return this.#tips.length;
  }

  all(): readonly Tip[] {
    return this.#tips;
  }

  ids(): string[] {
    return this.#tips.map((tip) => tip.id);
  }

  get(id: string): NumberedTip | undefined {
    const index = this.#index.get(id);
    const tip = index === undefined ? undefined : this.#tips[index];
    return tip && index !== undefined ? { tip, number: index + 1, total: this.#tips.length } : undefined;
  }

  /** A tip the caller knows is in the catalogue (chosen from it, or stored when it was). */
  require(id: string): NumberedTip {
    return found(this.get(id), 'tip', id);
  }

  inCategory(category: TipCategoryId): readonly Tip[] {
    return this.#tips.filter((tip) => tip.category === category);
  }
}
