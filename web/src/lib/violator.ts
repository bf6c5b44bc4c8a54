/** The violator fields of the forms: all optional, but a person's details need their name. */
import type { Violator } from '../../../server/domain/violations/violation.ts';

export interface ViolatorInput {
  name: string;
  id_number: string;
  address: string;
}

/** The violator to send, null when every field is empty, or 'needs-name' when only the name is. */
export function violatorFrom(input: ViolatorInput): Violator | null | 'needs-name' {
  const name = input.name.trim();
  const id_number = input.id_number.trim();
  const address = input.address.trim();
  if (!name) return id_number || address ? 'needs-name' : null;
  return { name, ...(id_number && { id_number }), ...(address && { address }) };
}
