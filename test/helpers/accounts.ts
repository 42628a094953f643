import type { Actor } from '../../src/domain/accounts.ts';
import { createAccount } from '../../src/services/accounts.ts';
import type { TestDb } from './databases.ts';

/** A new curator account (of no region), as the actor the services take. */
export async function newCurator(db: TestDb['db'], email: string): Promise<Actor> {
  const password = 'correct horse battery staple';
  const a = await createAccount(db, { email, password, role: 'curator', regions: [] }, 'cli');
  return { kind: 'account', id: a.id, role: 'curator', regions: [] } as Actor;
}
