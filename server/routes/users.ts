/** /api/users: accounts managed by admins. Users are disabled, never deleted. */
import { Hono } from 'hono';
import { z } from 'zod';
import { passwordResetSchema, userCreateSchema, userUpdateSchema } from '../domain/access/user.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, pathParams } from '../http/validate.ts';
import type { PasswordChangeService } from '../services/password-changes.ts';
import type { TokenService } from '../services/tokens.ts';
import type { UserService } from '../services/users.ts';

const idParam = z.object({ id: z.string().max(100) });

/** What managing users needs: the users, their passwords and their tokens. */
export interface UserRouteDeps {
  users: UserService;
  passwords: PasswordChangeService;
  tokens: TokenService;
}

export function userRoutes({ users, passwords, tokens }: UserRouteDeps) {
  return new Hono<AppEnv>()
    .use(requirePermission('users:manage'))
    .get('/', async (c) => c.json({ users: await users.list() }))
    .post('/', jsonBody(userCreateSchema), async (c) => {
      const user = await users.create(c.req.valid('json'), c.get('user')!.id);
      c.header('Location', `/api/users/${user.id}`);
      return c.json(user, 201);
    })
    .get('/:id', pathParams(idParam), async (c) => c.json(await users.get(c.req.valid('param').id)))
    .patch('/:id', pathParams(idParam), jsonBody(userUpdateSchema), async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await users.update(id, c.req.valid('json'), c.get('user')!));
    })
    .post('/:id/password', pathParams(idParam), jsonBody(passwordResetSchema), async (c) => {
      const { password, reason } = c.req.valid('json');
      await passwords.reset(c.req.valid('param').id, password, c.get('user')!.id, reason);
      return c.body(null, 204);
    })
    .get('/:id/tokens', pathParams(idParam), async (c) => {
      const { id } = c.req.valid('param');
      // An unknown user is not found, not a user without tokens.
      await users.get(id);
      return c.json({ tokens: await tokens.list(id) });
    });
}
