/** Opening a server database: migrations run once per store, a newer schema is refused clearly. */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/open-store';
import { SERVER_MIGRATIONS } from '../../server/db/migrations';
import { addUser, listUsers } from '../../server/users';
import { storeLocation, STORE_KINDS } from './support';

describe.each(STORE_KINDS)('server store on %s', (kind) => {
  it('reopens an existing database without migrating it again, keeping its data and identity', async () => {
    const where = await storeLocation(kind);
    const first = await openStore(where);
    await addUser(first, { name: 'Amal', role: 'agent', branches: ['cairo'] }, () => new Date());
    const epoch = first.epoch;
    await first.close();

    const again = await openStore(where);
    try {
      expect(again.epoch).toBe(epoch);
      expect((await listUsers(again)).map((u) => u.name)).toEqual(['Amal']);
      expect(await again.db.selectFrom('schema_migrations').select('version').execute()).toEqual(SERVER_MIGRATIONS.map((m) => ({ version: m.version })));
    } finally {
      await again.close();
    }
  });

  it('refuses a database written by a newer server, naming both schema versions', async () => {
    const where = await storeLocation(kind);
    const store = await openStore(where);
    await store.db.insertInto('schema_migrations').values({ version: 99, name: 'from the future', applied_at: new Date().toISOString() }).execute();
    await store.close();
    await expect(openStore(where)).rejects.toThrow(`newer Fieldline server (schema 99; this one knows ${SERVER_MIGRATIONS.length})`);
  });
});
