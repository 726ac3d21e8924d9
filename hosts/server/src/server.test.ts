import { describe, expect, it } from 'vitest';
import { describeListening } from './server.js';

describe('the address the start-up log names', () => {
  it('says every interface when the server listens on the IPv4 wildcard, instead of naming loopback', () => {
    expect(describeListening({ address: '0.0.0.0', family: 'IPv4', port: 3000 })).toBe('0.0.0.0:3000 (every interface)');
  });

  it('says every interface for the IPv6 wildcard, in brackets', () => {
    expect(describeListening({ address: '::', family: 'IPv6', port: 3000 })).toBe('[::]:3000 (every interface)');
  });

  it('names a loopback or other single address as it is', () => {
    expect(describeListening({ address: '127.0.0.1', family: 'IPv4', port: 41234 })).toBe('127.0.0.1:41234');
    expect(describeListening({ address: '::1', family: 'IPv6', port: 8080 })).toBe('[::1]:8080');
  });
});
