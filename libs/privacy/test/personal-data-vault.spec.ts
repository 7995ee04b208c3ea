import { PgliteSqlClient } from '../../event-store/src/embedded/pglite-sql-client';
import { PersonalDataTamperedError, PersonalDataVault, SqlCustomerKeyStore } from '../src';

describe('personal data vault (per-customer keys, crypto-shredding)', () => {
  let client: PgliteSqlClient;
  let vault: PersonalDataVault;

  beforeAll(async () => {
    client = await PgliteSqlClient.open(undefined);
    vault = new PersonalDataVault(await SqlCustomerKeyStore.open(client));
  });
  afterAll(() => client.close());

  const personal = {
    name: '张伟',
    phone: '+86 138 0013 8000',
    email: 'zhang.wei@example.com',
    address: '北京市朝阳区',
  };

  it('seals so that nothing of the plaintext shows, and opens it again for the same customer', async () => {
    const sealed = await vault.seal('CUST-1', personal);
    const envelope = JSON.stringify(sealed);
    for (const value of Object.values(personal)) expect(envelope).not.toContain(value);
    expect(await vault.open('CUST-1', sealed)).toEqual({ erased: false, data: personal });
    // Each envelope has its own IV: the same data sealed twice does not look the same.
    expect((await vault.seal('CUST-1', personal)).ciphertext).not.toBe(sealed.ciphertext);
  });

  it('refuses an envelope moved to another customer or altered', async () => {
    const sealed = await vault.seal('CUST-2', personal);
    await vault.seal('CUST-3', { name: 'someone else' });
    await expect(vault.open('CUST-3', { ...sealed, keyId: (await keyIdOf('CUST-3'))! })).rejects.toThrow(
      PersonalDataTamperedError,
    );
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] ^= 1;
    await expect(vault.open('CUST-2', { ...sealed, ciphertext: flipped.toString('base64') })).rejects.toThrow(
      PersonalDataTamperedError,
    );
  });

  it('makes every envelope of an erased customer unreadable, for good, and records who erased when', async () => {
    const before = [await vault.seal('CUST-4', personal), await vault.seal('CUST-4', { name: 'second' })];
    const erasure = await vault.erase('CUST-4', 'key:admin-1');
    expect(erasure).toMatchObject({ customerId: 'CUST-4', erasedBy: 'key:admin-1', keysDestroyed: 1 });
    for (const sealed of before) {
      expect(await vault.open('CUST-4', sealed)).toEqual({ erased: true, erasedAt: erasure.erasedAt });
    }
    // A new intake of the same customer gets a new key, which never opens what the erased one sealed.
    const after = await vault.seal('CUST-4', { name: 'after the erasure' });
    expect(after.keyId).not.toBe(before[0].keyId);
    expect(await vault.open('CUST-4', after)).toEqual({ erased: false, data: { name: 'after the erasure' } });
    expect((await vault.open('CUST-4', before[0])).erased).toBe(true);
    // Erasing again is harmless.
    expect((await vault.erase('CUST-9', 'key:admin-1')).keysDestroyed).toBe(0);
  });

  it('gives concurrent first intakes of one customer the same key', async () => {
    const sealed = await Promise.all(Array.from({ length: 8 }, () => vault.seal('CUST-5', personal)));
    expect(new Set(sealed.map((s) => s.keyId)).size).toBe(1);
  });

  async function keyIdOf(customerId: string): Promise<string | undefined> {
    const { rows } = await client.query<{ key_id: string }>(
      'SELECT key_id FROM redress_customer_keys WHERE customer_id = $1',
      [customerId],
    );
    return rows[0]?.key_id;
  }
});
