/** What middleware puts on a request's context. */
export interface AppEnv {
  Variables: {
    /** The signed-in user's id; null while the API has no accounts. */
    user: string | null;
  };
}
