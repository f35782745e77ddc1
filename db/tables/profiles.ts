/** Table types of the profiles module (migration db/migrations/*-profiles.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ProfileTables {}
