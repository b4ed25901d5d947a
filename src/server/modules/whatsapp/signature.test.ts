import twilio from 'twilio';
import { describe, expect, it } from 'vitest';

// Twilio's documented vectors: the official validator is what PRM calls, so these pin its behaviour.
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const docs = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+12349013030',
  Digits: '1234',
  From: '+12349013030',
  To: '+18005551212',
};
const sdk = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};

describe('Twilio signature vectors', () => {
  it("accepts Twilio's documented vector and the SDK's vectors, with and without port", () => {
    expect(twilio.validateRequest('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, docs)).toBe(true);
    expect(twilio.validateRequest('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, sdk)).toBe(true);
    expect(
      twilio.getExpectedTwilioSignature('12345', 'https://mycompany.com:443/myapp.php?foo=1&bar=2', sdk),
    ).toBe('kvajT1Ptam85bY51eRf/AJRuM3w=');
  });
  it('rejects another token, a changed parameter and a changed URL', () => {
    expect(twilio.validateRequest('54321', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, docs)).toBe(false);
    expect(
      twilio.validateRequest('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, { ...docs, Digits: '1235' }),
    ).toBe(false);
    expect(twilio.validateRequest('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', `${url}&x=1`, docs)).toBe(false);
  });
});
