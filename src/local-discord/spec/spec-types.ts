/** A type in Discord's OpenAPI spec, as the Paths type names it (see generate-operations.ts). */
export type SpecType =
  | { ref: string }
  | { array: SpecType }
  | { anyOf: SpecType[] }
  | { null: true }
  | { unknown: true }
  /** An object type written inline in Paths: the package has no named schema for it. */
  | { inline: string };

export interface SpecOperation {
  /** null: the operation takes no body. */
  body: SpecType | null;
  /** Status ('200', '204', '429', '4XX'…) → the type of the response body. */
  responses: Record<string, SpecType>;
}
