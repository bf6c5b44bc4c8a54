/** Accounts: who may sign in, with which roles, and the schemas of what clients send. */
import { z } from 'zod';
import { textField } from '../text-field.ts';
import { isCalendarDate } from '../dates.ts';
import { ROLES, type Role } from './permissions.ts';
import { DEFAULT_TOKEN_SCOPE, TOKEN_SCOPES, type TokenScope } from './token-scope.ts';

/** What the store keeps. The password is kept only as a slow hash. */
export interface User {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  /** `scrypt$N$r$p$salt$hash`, or null for an account that signs in only with tokens. */
  password_hash: string | null;
  /** When the password was last set: the audit shows resets without the hash. */
  password_changed_at: string | null;
  /** A disabled account cannot sign in and its tokens stop working; it is never deleted. */
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** What the API and the audit log show of a user. */
export type PublicUser = Omit<User, 'password_hash'>;

export function publicUser(user: User): PublicUser {
  const { password_hash: _, ...rest } = user;
  return rest;
}

/** Lower case letters, digits, dot, dash, underscore: what people type on a phone keyboard. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{2,50}$/, {
    message: '2–50 chữ thường không dấu, số, dấu chấm, gạch ngang / 2–50 of a-z 0-9 . _ -',
  });

export const MIN_PASSWORD_LENGTH = 10;
/** Long passphrases are welcome; the cap only keeps hashing cheap to refuse. */
export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(200);

export const roleSchema = z.enum(ROLES);

export const loginSchema = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(50),
  password: z.string().min(1).max(200),
});

export const userCreateSchema = z.strictObject({
  username: usernameSchema,
  display_name: textField(100).min(1),
  roles: z.array(roleSchema).min(1).max(ROLES.length),
  password: passwordSchema,
});
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z.strictObject({
  version: z.number().int().positive().optional(),
  display_name: textField(100).min(1).optional(),
  roles: z.array(roleSchema).min(1).max(ROLES.length).optional(),
  disabled: z.boolean().optional(),
  reason: textField(500).optional(),
});
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export const passwordChangeSchema = z.strictObject({
  current_password: z.string().min(1).max(200),
  new_password: passwordSchema,
});

export const passwordResetSchema = z.strictObject({
  password: passwordSchema,
  reason: textField(500).optional(),
});

export const tokenCreateSchema = z.strictObject({
  name: textField(100).min(1),
  scope: z.enum(TOKEN_SCOPES).default(DEFAULT_TOKEN_SCOPE),
  /** The last day (office time) the token works; none: until revoked. */
  expires_on: z.string().refine(isCalendarDate, { message: 'YYYY-MM-DD' }).nullable().optional(),
});
export type TokenCreate = z.input<typeof tokenCreateSchema>;

/** A personal API token as listed: never the token itself, which is shown once. */
export interface ApiToken {
  id: string;
  user_id: string;
  name: string;
  scope: TokenScope;
  /** The last calendar day (Asia/Ho_Chi_Minh) the token works, YYYY-MM-DD; null: no expiry. */
  expires_on: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
