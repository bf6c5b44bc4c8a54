/**
 * The national grid for the pin's coordinates, from the shared domain module. proj4 is loaded
 * only when a pin is first placed, so it stays out of the first-load bundle.
 */
type Vn2000Module = typeof import('../../../server/domain/vn2000.ts');

let loading: Promise<Vn2000Module> | null = null;

export function loadVn2000(): Promise<Vn2000Module> {
  return (loading ??= import('../../../server/domain/vn2000.ts'));
}
