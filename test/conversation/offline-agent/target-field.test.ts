import { describe, expect, it } from 'vitest';
import { targetField, type TargetContext } from '../../../shared/conversation/offline-agent/target-field';
import { DEFAULT_CLAIM_FIELDS, withPolicyholderFields, type ClaimField } from '../../../shared/domain/claim';
import { NOW } from './caller';

/** Which field an answer is for: the asked one, a named one, or the one being corrected. */

const FIELDS = withPolicyholderFields(DEFAULT_CLAIM_FIELDS);
const field = (name: string): ClaimField => {
  const found = FIELDS.find((f) => f.name === name);
  if (!found) throw new Error(name);
  return found;
};

function context(
  asked: string | undefined,
  previous?: string,
  claim: Record<string, string> = {},
): TargetContext {
  return {
    fields: FIELDS,
    asked: asked === undefined ? undefined : field(asked),
    previous: previous === undefined ? undefined : field(previous),
    claim,
    setting: { now: NOW, timeZone: 'Europe/Paris', region: 'FR' },
  };
}

const target = (text: string, ctx: TargetContext) => {
  const found = targetField(text, ctx);
  return found && { field: found.field.name, text: found.text };
};

describe('targetField', () => {
  it('is the asked field by default', () => {
    expect(target('jane at example dot com', context('policyholder_email'))).toEqual({
      field: 'policyholder_email',
      text: 'jane at example dot com',
    });
  });

  it.each([
    ['no, my email is jane at x dot com', 'policyholder_phone', 'policyholder_email', 'jane at x dot com'],
    [
      'actually my phone number is 06 12 34 56 78',
      'incident_datetime',
      'policyholder_phone',
      '06 12 34 56 78',
    ],
    ['my policy number is AB-1', 'policyholder_phone', 'policy_number', 'AB-1'],
    ['my number is 06 12 34 56 78', 'policyholder_name', 'policyholder_phone', '06 12 34 56 78'],
    [
      'mon adresse e-mail c’est jean arobase x point fr',
      'policyholder_name',
      'policyholder_email',
      'jean arobase x point fr',
    ],
    ['Hi, my name is Jane Doe', 'policyholder_name', 'policyholder_name', 'Jane Doe'],
  ])('"%s" (asked %s) is for %s', (text, asked, expected, value) => {
    expect(target(text, context(asked))).toEqual({ field: expected, text: value });
  });

  it('names a field only with whole words before the verb: "medical care" is not "medical c" + "are"', () => {
    expect(target('No medical care needed.', context('medical_records'))).toEqual({
      field: 'medical_records',
      text: 'No medical care needed.',
    });
    expect(target("my name's Jane Doe", context('policyholder_email'))).toEqual({
      field: 'policyholder_name',
      text: 'Jane Doe',
    });
  });

  it('lets "my <field> is" win at the start of a later sentence, when the value fits the field', () => {
    expect(target('Fine. My name is Rob Stone.', context('policyholder_email'))).toEqual({
      field: 'policyholder_name',
      text: 'Rob Stone.',
    });
    expect(target('ok whatever, my email is rob at stone dot io', context('policyholder_name'))).toEqual({
      field: 'policyholder_email',
      text: 'rob at stone dot io',
    });
    // "my phone was off" is no phone number: the answer still says when it happened.
    expect(target('Yesterday, my phone was off.', context('incident_datetime'))?.field).toBe(
      'incident_datetime',
    );
    // Without "my", a later sentence is still the story.
    expect(target('A tree fell. The damage is on the roof.', context('incident_description'))?.field).toBe(
      'incident_description',
    );
  });

  it('keeps a story about the incident as the story, even when it mentions a field', () => {
    expect(target('the damage was on the front door', context('incident_description'))?.field).toBe(
      'incident_description',
    );
    expect(target('my phone was broken in the crash', context('incident_description'))?.field).toBe(
      'incident_description',
    );
  });

  it('takes a correction naming no field for the previous turn’s field when it fits that one', () => {
    expect(target('sorry, jane at y dot com', context('policyholder_phone', 'policyholder_email'))).toEqual({
      field: 'policyholder_email',
      text: 'jane at y dot com',
    });
    // "no, nobody was hurt" answers the question; it does not replace the place stored before.
    expect(target('no, nobody was hurt', context('injuries', 'incident_location'))).toEqual({
      field: 'injuries',
      text: 'nobody was hurt',
    });
    // Without the comma, "no" is part of the answer.
    expect(target('no one was hurt', context('injuries', 'incident_location'))).toEqual({
      field: 'injuries',
      text: 'no one was hurt',
    });
    // A date is a date: the previous (datetime) field is corrected rather than the asked text one.
    expect(
      target('no, it was the day before yesterday', context('incident_description', 'incident_datetime'))
        ?.field,
    ).toBe('incident_datetime');
  });

  it('finds the field whose stored value the caller says is wrong', () => {
    const ctx = context('incident_datetime', 'policyholder_phone', { policyholder_name: 'Jane Doe' });
    expect(target("it's not Jane, it's Joan Doe", ctx)).toEqual({
      field: 'policyholder_name',
      text: 'Joan Doe',
    });
  });

  it('is nothing once every field is filled and none is named', () => {
    expect(target('the weather is nice', context(undefined))).toBeUndefined();
  });
});
