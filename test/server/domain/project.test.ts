import { describe, expect, test } from 'vitest';
import { DomainError } from '../../../server/domain/errors.ts';
import {
  areaHectares,
  checkProjectGeometry,
  wardCodesOf,
} from '../../../server/domain/projects/project-geometry.ts';
import { checkStageDates } from '../../../server/domain/projects/project-checks.ts';
import { moveStage } from '../../../server/domain/projects/project-record.ts';
import { newProject } from '../../../server/domain/projects/project-changes.ts';
import {
  projectCreateSchema,
  projectStageMoveSchema,
  projectUpdateSchema,
} from '../../../server/domain/projects/project.ts';
import { MAX_VERTICES } from '../../../server/domain/geometry.ts';
import { HANOI_POINT, insideWard, reference, refusal } from '../helpers.ts';
import { DUC_XUAN_SQUARE, gridSquare, projectBody } from '../project-fixtures.ts';

const AREA = reference.wards.serviceArea;
const NAME = reference.areaName;
const AT = { now: '2026-03-10T03:00:00.000Z', today: '2026-03-10', user: null };

describe('a project boundary', () => {
  test('a square of 100 m × 100 m in VN-2000 metres is 1.00 ha', () => {
    expect(Math.abs(areaHectares(DUC_XUAN_SQUARE) - 1)).toBeLessThanOrEqual(0.01);
    expect(
      Math.abs(areaHectares(gridSquare(insideWard('2025-01843'), 250)) - 6.25),
    ).toBeLessThanOrEqual(0.04);
  });

  test('is a Polygon or a MultiPolygon inside the service area', () => {
    expect(checkProjectGeometry(DUC_XUAN_SQUARE, AREA, NAME)).toEqual(DUC_XUAN_SQUARE);
    const multi = { type: 'MultiPolygon', coordinates: [DUC_XUAN_SQUARE.coordinates] };
    expect(checkProjectGeometry(multi, AREA, NAME)).toEqual(multi);
    expect(refusal(() => checkProjectGeometry(gridSquare(HANOI_POINT, 100), AREA, NAME)).code).toBe(
      'OUT_OF_AREA',
    );
    const point = refusal(() =>
      checkProjectGeometry({ type: 'Point', coordinates: [105.8, 22.1] }, AREA, NAME),
    );
    expect([point.code, point.text.en]).toEqual([
      'INVALID_GEOMETRY',
      'The geometry must be a GeoJSON Polygon or MultiPolygon.',
    ]);
  });

  test('a bad part of a MultiPolygon is named', () => {
    const open = DUC_XUAN_SQUARE.coordinates[0]!.slice(0, 4);
    const error = refusal(() =>
      checkProjectGeometry(
        { type: 'MultiPolygon', coordinates: [DUC_XUAN_SQUARE.coordinates, [open]] },
        AREA,
        NAME,
      ),
    );
    expect(error.code).toBe('INVALID_GEOMETRY');
    expect(error.details).toMatchObject({ polygon: 1 });
  });

  test('parts of a MultiPolygon may not overlap', () => {
    const big = gridSquare(insideWard('2025-01840'), 200);
    const error = refusal(() =>
      checkProjectGeometry(
        { type: 'MultiPolygon', coordinates: [big.coordinates, DUC_XUAN_SQUARE.coordinates] },
        AREA,
        NAME,
      ),
    );
    expect([error.code, error.details]).toEqual(['INVALID_GEOMETRY', { reason: 'parts_overlap' }]);
  });

  test('the vertex limit holds for the whole MultiPolygon', () => {
    const ring = DUC_XUAN_SQUARE.coordinates[0]!;
    const parts = Array.from({ length: Math.ceil(MAX_VERTICES / ring.length) + 1 }, () => [ring]);
    expect(
      refusal(() => checkProjectGeometry({ type: 'MultiPolygon', coordinates: parts }, AREA, NAME))
        .code,
    ).toBe('TOO_MANY_VERTICES');
  });

  test('names the wards it shares ground with, not the one it only touches', () => {
    expect(wardCodesOf(DUC_XUAN_SQUARE, reference.wards)).toEqual(['2025-01840']);
  });
});

describe('what clients send', () => {
  test.each([
    ['an area', { area_ha: 3 }],
    ['a ward', { ward_codes: ['2025-01840'] }],
    ['a version', { version: 4 }],
    ['an obstacle with an unknown field', { obstacles: [{ text: 'x', severity: 'high' }] }],
    [
      'households with a fraction',
      { households: { total: 2.5, counted: 0, agreed: 0, paid: 0, handed_over: 0 } },
    ],
    [
      'households with paid above total',
      { households: { total: 2, counted: 2, agreed: 2, paid: 3, handed_over: 0 } },
    ],
    ['a stage date that is not a date', { stage_dates: { announced: '2026-02-30' } }],
    ['a date for an unknown stage', { stage_dates: { demolished: '2026-02-01' } }],
  ])('a create with %s is refused', (_, extra) => {
    expect(projectCreateSchema.safeParse(projectBody(extra)).success).toBe(false);
  });

  test('an update and a stage move are strict too', () => {
    expect(projectUpdateSchema.safeParse({ properties: { area_ha: 2 } }).success).toBe(false);
    expect(projectUpdateSchema.safeParse({ properties: { stage: 'counting' } }).success).toBe(true);
    expect(projectStageMoveSchema.safeParse({ to: 'counting', by: 'me' }).success).toBe(false);
  });
});

describe('stages and their dates', () => {
  const project = () =>
    newProject(
      projectCreateSchema.parse(projectBody()),
      { geometry: DUC_XUAN_SQUARE, area_ha: 1, ward_codes: [] },
      AT,
    );

  test('a new project starts announced today unless told otherwise', () => {
    expect(project().properties).toMatchObject({
      stage: 'announced',
      stage_dates: { announced: '2026-03-10' },
    });
  });

  test('moves forward one stage at a time', () => {
    const moved = moveStage(project(), { to: 'counting' }, AT);
    expect(moved.properties).toMatchObject({ stage: 'counting', version: 2 });
    const error = refusal(() => moveStage(moved, { to: 'plan_approved' }, AT));
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.details).toEqual({
      from: 'counting',
      to: 'plan_approved',
      allowed: ['plan_posted'],
    });
  });

  test('the last stage has no next', () => {
    const p = project();
    const done = { ...p, properties: { ...p.properties, stage: 'handed_over' as const } };
    expect(refusal(() => moveStage(done, { to: 'handed_over' }, AT)).details).toMatchObject({
      allowed: [],
    });
  });

  test.each([
    [
      'the current stage without a date',
      'counting',
      { announced: '2026-03-01' },
      'properties.stage_dates.counting',
    ],
    [
      'a date after today',
      'announced',
      { announced: '2026-03-11' },
      'properties.stage_dates.announced',
    ],
    [
      'a stage dated before the one before it',
      'plan_posted',
      { announced: '2026-03-05', plan_posted: '2026-03-04' },
      'properties.stage_dates.plan_posted',
    ],
  ] as const)('refuses %s', (_, stage, dates, field) => {
    const error = refusal(() => checkStageDates(stage, dates, '2026-03-10'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.details).toEqual({ field });
  });
});
