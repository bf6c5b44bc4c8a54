/** What middleware puts on a request's context. */
import type { Permission } from '../domain/access/permissions.ts';
import type { PublicUser } from '../domain/access/user.ts';

export interface AppEnv {
  Variables: {
    /** The signed-in user, or null for an anonymous visitor. */
    user: PublicUser | null;
    /** How the user proved who they are: a session cookie needs a same-origin check on writes. */
    credential: 'session' | 'token' | 'basic' | null;
    permissions: ReadonlySet<Permission>;
    /**
     * The app's own origins (http/public-origin.ts), never read from the Host header: the first
     * writes absolute links; a cookie write's Origin must be one of them.
     */
    origins: readonly string[];
  };
}
