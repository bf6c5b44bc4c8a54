/**
 * What each reader sees of a petition. The public map shows where and what, never who: no
 * petitioner, no content, no names of officers. Staff read the case; who sent it needs the
 * complaints permission, and a denouncer's identity stays with the one person handling the case
 * (Luật Tố cáo 2018, Điều 47): its handler, or the officer who received it while none is named.
 */
import type { KindReader } from '../engine/record-kind.ts';
import type { Complaint } from './complaint.ts';

export function mayKnowPetitioner(c: Complaint, reader: KindReader): boolean {
  if (!reader.permissions.has('complaints:private')) return false;
  if (c.properties.type !== 'denunciation') return true;
  const handler = c.properties.handler_id ?? c.properties.created_by;
  return reader.id !== null && reader.id === handler;
}

export function complaintFor<T extends Complaint>(c: T, reader: KindReader): T {
  if (mayKnowPetitioner(c, reader)) return c;
  if (reader.permissions.has('records:read')) {
    return c.properties.petitioner === null
      ? c
      : { ...c, properties: { ...c.properties, petitioner: null } };
  }
  return {
    ...c,
    properties: {
      ...c.properties,
      petitioner: null,
      content: null,
      not_accepted_reason: null,
      handler_id: null,
      created_by: null,
    },
  };
}
