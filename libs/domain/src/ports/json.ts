/** A JSON column's value as the database returns it (the same shape Prisma gives its Json fields). */
export type JsonValue = string | number | boolean | JsonObject | JsonArray | null;
export type JsonObject = { [Key in string]?: JsonValue };
export type JsonArray = JsonValue[];
