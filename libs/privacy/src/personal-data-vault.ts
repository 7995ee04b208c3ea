import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealedPersonalData } from '@redress/domain';
import type { CustomerKeyStore, Erasure } from './customer-key-store';
import { PERSONAL_DATA_FIELDS, type PersonalData, type PersonalDataView } from './personal-data';

const ALGORITHM = 'aes-256-gcm';

/** An envelope that does not open with the key it names: tampered with, or not sealed for this customer. */
export class PersonalDataTamperedError extends Error {
  constructor(customerId: string) {
    super(`the personal data of customer ${customerId} does not open with its key: it was altered`);
    this.name = 'PersonalDataTamperedError';
  }
}

/**
 * Seals and opens customers' personal data with per-customer keys
 * (AES-256-GCM, a fresh IV per envelope; the customer id and key id are
 * authenticated with it, so an envelope moved to another customer does not
 * open). Erasure destroys the keys: crypto-shredding.
 */
export class PersonalDataVault {
  constructor(private readonly keys: CustomerKeyStore) {}

  async seal(customerId: string, data: PersonalData): Promise<SealedPersonalData> {
    const { keyId, key } = await this.keys.currentKey(customerId);
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, key, iv);
    cipher.setAAD(associatedData(customerId, keyId));
    const plaintext = Buffer.from(JSON.stringify(onlyPersonalFields(data)), 'utf8');
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      v: 1,
      keyId,
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /** The data, or `erased` when the key that sealed it is gone. */
  async open(customerId: string, sealed: SealedPersonalData): Promise<PersonalDataView> {
    const key = await this.keys.key(customerId, sealed.keyId);
    if (!key) return { erased: true, erasedAt: await this.keys.erasedAt(customerId) };
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(associatedData(customerId, sealed.keyId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    try {
      const plaintext = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
      return { erased: false, data: JSON.parse(plaintext.toString('utf8')) as PersonalData };
    } catch {
      throw new PersonalDataTamperedError(customerId);
    }
  }

  erase(customerId: string, erasedBy: string): Promise<Erasure> {
    return this.keys.erase(customerId, erasedBy);
  }
}

function associatedData(customerId: string, keyId: string): Buffer {
  return Buffer.from(`redress-personal-data\0${customerId}\0${keyId}`, 'utf8');
}

/** Only the known fields go into an envelope, in a fixed order. */
function onlyPersonalFields(data: PersonalData): PersonalData {
  return Object.fromEntries(
    PERSONAL_DATA_FIELDS.filter((field) => data[field] !== undefined).map((field) => [field, data[field]]),
  );
}
