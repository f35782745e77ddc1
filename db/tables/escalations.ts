/** Table types of the escalations module (migration db/migrations/*-escalations.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EscalationTables {}
