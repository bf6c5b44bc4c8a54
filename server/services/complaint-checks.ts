/**
 * What a petition's fields must name: a place inside the service area (or none), violations and
 * projects that exist, a handler who is a user. The wards it lies in are derived here, never sent.
 */
import { booleanIntersects } from '@turf/turf';
import type { Placed } from '../domain/complaints/complaint-record.ts';
import type { ComplaintGeometry } from '../domain/complaints/complaint.ts';
import { DomainError } from '../domain/errors.ts';
import { checkGeometry, checkInsideArea } from '../domain/geometry.ts';
import type { WardIndex } from '../domain/wards.ts';
import type { Store } from '../store/store.ts';

function invalid(field: string, vi: string, en: string, details: object = {}): DomainError {
  return new DomainError('VALIDATION_FAILED', { vi, en }, { field, ...details });
}

/** A point or an area inside the service area, with the wards it lies in; null: no one place. */
export function placeComplaint(
  input: unknown,
  deps: { wards: WardIndex; areaName: string },
): Placed {
  if (input === null || input === undefined) return { geometry: null, wards: [] };
  const geometry = checkGeometry(input, ['Point', 'Polygon']) as ComplaintGeometry;
  checkInsideArea(geometry, deps.wards.serviceArea, deps.areaName);
  const wards =
    geometry.type === 'Point'
      ? [deps.wards.atPoint(geometry.coordinates)].filter((w) => w !== null)
      : deps.wards.wards.features
          .filter((f) => booleanIntersects(f, geometry))
          .map((f) => ({ code: String(f.id), name: f.properties.name }));
  return { geometry, wards };
}

/** Every linked violation and project exists (archived ones too: the link is history). */
export async function checkLinks(
  store: Store,
  links: { violation_ids?: readonly string[]; project_ids?: readonly string[] },
): Promise<void> {
  for (const id of links.violation_ids ?? []) {
    if (!(await store.violations.get(id))) {
      throw invalid(
        'properties.violation_ids',
        `Không có vụ vi phạm ${id}.`,
        `There is no violation ${id}.`,
        { id },
      );
    }
  }
  for (const id of links.project_ids ?? []) {
    if (!(await store.projects.get(id))) {
      throw invalid(
        'properties.project_ids',
        `Không có dự án ${id}.`,
        `There is no project ${id}.`,
        {
          id,
        },
      );
    }
  }
}

/** The handler named is a user of the office. */
export async function checkHandler(store: Store, id: string | null | undefined): Promise<void> {
  if (!id || (await store.users.get(id))) return;
  throw invalid(
    'properties.handler_id',
    `Không có người dùng ${id} để giao xử lý.`,
    `There is no user ${id} to hand the case to.`,
    { id },
  );
}
