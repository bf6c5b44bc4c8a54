/**
 * What each reader sees of a clearance project. Anonymous visitors get the public view: who
 * entered it and what the obstacles say stay inside the office; that it is blocked does not.
 */
import type { ClearanceProject } from '../projects/project.ts';
import type { Permission } from './permissions.ts';

/** A project as a reader with these permissions may see it; the same shape either way. */
export function projectFor<T extends ClearanceProject>(
  project: T,
  permissions: ReadonlySet<Permission>,
): T {
  if (permissions.has('records:read')) return project;
  return { ...project, properties: { ...project.properties, created_by: null, obstacles: [] } };
}
