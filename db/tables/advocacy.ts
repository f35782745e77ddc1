/** Table types of the advocacy module (migration db/migrations/*-advocacy.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AdvocacyTables {}
