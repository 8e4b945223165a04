/**
 * The tip categories: one data file each (`data/tips/<id>.yaml`). The list lives in code because the
 * `/tip` command offers them as fixed choices and each has its embed colour.
 */
export const TIP_CATEGORIES = [
  { id: 'strategy', label: 'Strategy', color: 0x6366f1 },
  { id: 'people', label: 'People', color: 0xec4899 },
  { id: 'communication', label: 'Communication', color: 0x0ea5e9 },
  { id: 'delivery', label: 'Delivery', color: 0x22c55e },
  { id: 'hiring', label: 'Hiring', color: 0xf97316 },
  { id: 'culture', label: 'Culture', color: 0xa855f7 },
  { id: 'architecture-and-tech-debt', label: 'Architecture & tech debt', color: 0x64748b },
  { id: 'stakeholders', label: 'Stakeholders', color: 0xeab308 },
  { id: 'self-leadership', label: 'Self-leadership', color: 0x14b8a6 },
  { id: 'operations-and-security', label: 'Operations & security', color: 0xef4444 },
] as const;

export type TipCategoryId = (typeof TIP_CATEGORIES)[number]['id'];
type TipCategory = (typeof TIP_CATEGORIES)[number];

export const TIP_CATEGORY_IDS = TIP_CATEGORIES.map((category) => category.id) as [TipCategoryId, ...TipCategoryId[]];

export function tipCategory(id: TipCategoryId): TipCategory {
  // Every TipCategoryId is in the list by construction.
  return TIP_CATEGORIES.find((category) => category.id === id) as TipCategory;
}
