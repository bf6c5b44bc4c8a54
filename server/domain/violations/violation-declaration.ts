/**
 * Violations as the record engine's change path knows them (services/record-engine.ts): named
 * "vi phạm", shown to each reader as `violationFor` allows, their past for staff only. (Their
 * kinds of offence, "violation kinds", are violation-kinds.ts.) How they are stored is not
 * declared here: a store of their own keeps them for a map of a million
 * (store/sqlite/violation-repository.ts).
 */
import { violationFor } from '../access/visibility.ts';
import type { KindIdentity } from '../engine/record-kind.ts';
import type { Violation } from './violation.ts';

export const violationDeclaration: KindIdentity<Violation> = {
  layer: 'violations',
  noun: { vi: 'vi phạm', en: 'violation' },
  redact: (violation, reader) => violationFor(violation, reader.permissions),
  // The past holds texts later edited to take out what should not be public.
  pastForStaff: true,
};
