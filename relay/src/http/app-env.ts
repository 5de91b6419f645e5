import type { SessionClaims } from "../tokens";

/** Hono context variables the relay's middleware sets. */
export interface AppEnv {
  Variables: {
    session: SessionClaims;
    /** Keyed hash of the client address (never the address itself). */
    ipKey: string;
  };
}
