import {
  decodeGlobalID as pothosDecode,
  encodeGlobalID as pothosEncode,
} from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { decodeGlobalID, encodeGlobalID, InvalidGlobalIdError } from '../src/domain/global-ids.js';

/**
 * The ground codec of relay global ids names objects exactly as the GraphQL API does: webhook
 * payloads carry its ids, and clients pass them back to queries that decode with Pothos.
 */

const SAMPLES: [string, bigint | number | string][] = [
  ['SyncJob', '42'],
  ['SyncRun', 7],
  ['Webhook', 9_007_199_254_740_993n],
  ['Audience', '00000000-0000-4000-8000-000000000000'],
  ['Lead', 'a:b:c'],
  ['List', 'é ü 名'],
  ['_Private', '1'],
];

describe('global ids', () => {
  it('encodes byte for byte as the relay plugin does, and each decodes the other', () => {
    for (const [typename, id] of SAMPLES) {
      const ours = encodeGlobalID(typename, id);
      expect(ours).toBe(pothosEncode(typename, id));
      expect(decodeGlobalID(ours)).toEqual({ typename, id: String(id) });
      expect(pothosDecode(ours)).toEqual(decodeGlobalID(ours));
    }
  });

  it('refuses what the relay plugin refuses, with its message', () => {
    const bad = [
      '',
      'not base64!',
      Buffer.from('NoColon').toString('base64'),
      Buffer.from(':42').toString('base64'),
      Buffer.from('1Type:42').toString('base64'),
      Buffer.from('Type:').toString('base64'),
    ];
    for (const id of bad) {
      expect(() => pothosDecode(id)).toThrow(`Invalid global ID: ${id}`);
      expect(() => decodeGlobalID(id)).toThrow(InvalidGlobalIdError);
      expect(() => decodeGlobalID(id)).toThrow(`Invalid global ID: ${id}`);
    }
  });
});
