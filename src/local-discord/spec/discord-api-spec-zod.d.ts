// discord-api-spec ships its zod schemas as JavaScript without declarations. The emulator reads them by
// name through the route table (schemas.ts checks at load time that every name is a zod schema).
declare module 'discord-api-spec/zod' {
  export function setStrictObject(strict: boolean): void;
}
