import { describe, expect, it } from 'vitest';
import { closeAfterEach } from './close-after-each';

/** The fixture the voice tests rely on to shut their hosts and fakes down between tests, and in order. */
const closed: string[] = [];
const closing = closeAfterEach();

describe('closeAfterEach', () => {
  it('hands back what it is given', () => {
    const fake = { close: async () => void closed.push('fake') };
    expect(closing(fake)).toBe(fake);
    closing({ close: async () => void closed.push('host') });
    closing({ close: () => void closed.push('client') });
  });

  it('closed it after the test, the last opened first, and only once', () => {
    expect(closed).toEqual(['client', 'host', 'fake']);
  });
});
