import { createContext, useContext } from 'react';
import type { Session } from '../../shared/contract';

export const SessionContext = createContext<Session | null>(null);

/** The signed-in session; components below the sign-in gate always have one. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in view');
  return session;
}
