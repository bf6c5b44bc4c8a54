/** The parts of a request body every kind of record reads alike. */
import { z } from 'zod';
import { textField } from '../text-field.ts';

/** The version the editor saw: a change made on an older one is refused (409), never merged. */
export const versionSeen = z.number().int().positive().optional();

/** Archive or restore: the reason is required, the record stays in the history. */
export const archiveSchema = z.strictObject({
  version: versionSeen,
  reason: textField(500).min(1),
});
export type ArchiveInput = z.infer<typeof archiveSchema>;
