/**
 * A rule set of urban-classification criteria (NQ 111/2025 Table 2A now, NQ 26/2022 for the past)
 * as data. Each shipped file is parsed with `ruleSetFileSchema` at start, so a broken file stops
 * the server with the path of what is wrong instead of scoring with it.
 */
import { z } from 'zod';

/** The urban classes a rule set scores; Table 2A scores classes II and III. */
export const URBAN_CLASSES = ['II', 'III'] as const;
export type UrbanClass = (typeof URBAN_CLASSES)[number];

const localized = z.strictObject({ vi: z.string().min(1), en: z.string().min(1) });

/** A rule set's id: lower-case ASCII, used in URLs (`/api/criteria/nq111-2025-table2a`). */
export const ruleSetIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'e.g. nq111-2025-table2a');
/** A standard's code as the law numbers it: group in Roman numerals, then two digits ("III.09"). */
export const standardCodeSchema = z.string().regex(/^[IVX]+\.\d{2}$/, 'e.g. III.09');

/** One step of an ordinal scale: a level id the values use, and its labels. */
const levelSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  label: localized,
});

/** Levels from lowest to highest: a value scores by its rank, not by a number. */
const scaleSchema = z.strictObject({
  label: localized,
  levels: z.array(levelSchema).min(2),
});
export type OrdinalScale = z.infer<typeof scaleSchema>;

/** A level is a number for a measured standard, a level id for an ordinal one. */
const boundSchema = z.union([z.number().finite(), z.string().min(1)]);
const classLevelsSchema = z.strictObject({ min: boundSchema, max: boundSchema });
export type ClassLevels = z.infer<typeof classLevelsSchema>;

export const standardSchema = z.strictObject({
  code: standardCodeSchema,
  /** Vietnamese working name, English name. */
  name: localized,
  /** The unit a value is written in; null for ordinal standards and bare counts. */
  unit: localized.nullable(),
  /** The id of an ordinal scale of the rule set; absent for a measured standard. */
  scale: z.string().optional(),
  class_III: classLevelsSchema,
  class_II: classLevelsSchema,
  points_min: z.number().nonnegative(),
  points_max: z.number().nonnegative(),
});
export type Standard = z.infer<typeof standardSchema>;

export const ruleSetFileSchema = z
  .strictObject({
    id: ruleSetIdSchema,
    title: localized,
    /** The legal instrument, as cited. */
    legal_basis: z.string().min(1),
    /** The first day the rule set applies; reports about earlier days use an older one. */
    valid_from: z.iso.date(),
    valid_to: z.iso.date().nullable(),
    source: z.string().min(1),
    /** Why the Vietnamese names are not to be quoted as the official wording. */
    names_note: z.string().min(1),
    recognition: z.strictObject({
      total_points_at_least: z.number().positive(),
      every_standard_at_least_its_minimum: z.boolean(),
    }),
    scoring: z.string().min(1),
    scales: z.record(z.string().regex(/^[a-z0-9_]+$/), scaleSchema),
    standards: z.array(standardSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    for (const [id, scale] of Object.entries(file.scales)) {
      const ids = scale.levels.map((l) => l.id);
      if (new Set(ids).size !== ids.length) issue(['scales', id], 'level ids must differ');
    }
    const codes = new Set<string>();
    file.standards.forEach((s, i) => {
      const at = (...path: (string | number)[]) => ['standards', i, ...path];
      if (codes.has(s.code)) issue(at('code'), `duplicate ${s.code}`);
      codes.add(s.code);
      if (s.points_min > s.points_max) issue(at('points_min'), 'points_min > points_max');
      const scale = s.scale === undefined ? undefined : file.scales[s.scale];
      if (s.scale !== undefined && !scale) return issue(at('scale'), `no scale ${s.scale}`);
      for (const cls of URBAN_CLASSES) {
        const levels = s[`class_${cls}`];
        const where = at(`class_${cls}`);
        if (!scale) {
          if (typeof levels.min !== 'number' || typeof levels.max !== 'number') {
            issue(where, 'a measured standard needs numbers');
          } else if (levels.min >= levels.max) {
            issue(where, 'min must be below max');
          }
          continue;
        }
        // An ordinal standard's levels are ids of its scale, compared by rank.
        const [min, max] = [levels.min, levels.max].map((b) =>
          scale.levels.findIndex((l) => l.id === b),
        ) as [number, number];
        if (min < 0) issue([...where, 'min'], `not a level of ${s.scale}`);
        if (max < 0) issue([...where, 'max'], `not a level of ${s.scale}`);
        if (min >= 0 && max >= 0 && min >= max) issue(where, 'min must be below max');
      }
    });
  });
export type RuleSet = z.infer<typeof ruleSetFileSchema>;

/** The standard of a rule set with this code, if it has one. */
export function findStandard(ruleSet: RuleSet, code: string): Standard | undefined {
  return ruleSet.standards.find((s) => s.code === code);
}

/** The scale an ordinal standard is measured on; undefined for a measured one. */
export function scaleOf(ruleSet: RuleSet, standard: Standard): OrdinalScale | undefined {
  return standard.scale === undefined ? undefined : ruleSet.scales[standard.scale];
}

/** The rule set in force on a day: the latest one that had begun and had not ended. */
export function ruleSetOn(ruleSets: readonly RuleSet[], date: string): RuleSet | undefined {
  return ruleSets
    .filter((r) => r.valid_from <= date && (r.valid_to === null || date <= r.valid_to))
    .sort((a, b) => b.valid_from.localeCompare(a.valid_from))[0];
}
