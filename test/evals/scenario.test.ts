import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, loadScenarios, parseScenario, ScenarioError } from '../../evals/scenario';
import { makeTempDir } from '../support/tmp';

/** The scenario files: every one in evals/scenarios/ validates; a bad one is refused with its path and field. */

const SCENARIOS = resolve(__dirname, '../../evals/scenarios');
const tmp = makeTempDir('evals-scenario-');
afterAll(() => tmp.remove());

/** A valid scenario, to break one field at a time. */
const VALID = `
description: A caller gives their name.
caller:
  phone: '+14255550100'
calls:
  - lines:
      - My name is Jane Doe.
expect:
  claim:
    policyholder_name: Jane Doe
  end: still open
`;

/** The problems reported for a file with this content. */
function problems(source: string, file = 'broken.yaml'): string[] {
  const path = join(tmp.dir, file);
  writeFileSync(path, source);
  try {
    loadScenario(path);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).path).toBe(path);
    expect((error as ScenarioError).message.startsWith(`${path}:\n`)).toBe(true);
    return [...(error as ScenarioError).problems];
  }
  throw new Error('the file was accepted');
}

describe('the scenario files', () => {
  it('all validate, named after their files, covering the issue list in at least four languages', () => {
    const scenarios = loadScenarios(SCENARIOS);
    const names = scenarios.map((s) => s.name);
    expect(names.length).toBeGreaterThanOrEqual(24);
    for (const name of [
      'asks-for-human',
      'callback-later',
      'car-accident-fr',
      'corrections-it',
      'emergency',
      'emergency-gas-de',
      'es-car-accident',
      'it-support-laptop',
      'it-support-one-sentence',
      'jailbreak',
      'jailbreak-es',
      'noisy-line',
      'questions',
      'rambler',
      'volunteer-everything',
    ]) {
      expect(names).toContain(name);
    }
    const languages = new Set(scenarios.map((s) => s.initiate.lang.default_short_code.slice(0, 2)));
    expect(languages.size).toBeGreaterThanOrEqual(4);
    // The first scenarios can be played by every agent: scripted replies and a simulated caller for each.
    for (const scenario of scenarios.filter((s) => s.calls[0]?.lines[0]?.scripted)) {
      expect(scenario.simulate, scenario.name).toBeDefined();
      expect(
        scenario.calls.every((call) => call.lines.every((line) => line.scripted)),
        scenario.name,
      ).toBe(true);
    }
  });

  it('the commented example of evals/README.md is a valid scenario', () => {
    const readme = readFileSync(resolve(__dirname, '../../evals/README.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const scenario = parseScenario(example, 'README.md');
    expect(scenario.calls).toHaveLength(2);
    expect(scenario.calls[0]?.lines[2]?.scripted?.[0]?.tools).toHaveProperty('end_call');
  });

  it('fills in the defaults: the inbound bot, the default claim, English, the clock', () => {
    const scenario = parseScenario(VALID, 'valid.yaml');
    expect(scenario).toMatchObject({
      name: 'valid',
      now: '2026-11-23T10:00:00Z',
      lang: 'en-US',
      calls: [{ placed_by: 'caller', after: 0, lines: [{ say: 'My name is Jane Doe.' }] }],
      expect: { never_stored: [], tools: { called: [], not_called: [] }, end: 'still open' },
    });
    expect(scenario.initiate).toMatchObject({ bot_company: 'Contoso', phone_number: '+14255550100' });
    expect(scenario.initiate.claim.map((f) => f.name)).toContain('incident_datetime');
  });
});

describe('a bad scenario file is refused with its path and the field', () => {
  it('a missing field', () => {
    expect(problems(VALID.replace('  end: still open\n', ''))).toEqual([
      'expect.end: must be one of transferred, ended, still open',
    ]);
  });

  it('a phone number YAML read as a number', () => {
    expect(problems(VALID.replace("'+14255550100'", '+14255550100'))).toEqual([
      'caller.phone: expected a phone number (YAML read a number: put the value in quotes)',
    ]);
  });

  it('a caller line that YAML read as "key: value"', () => {
    expect(problems(VALID.replace('- My name is Jane Doe.', '- Name: Jane Doe'))).toEqual([
      'calls[0].lines[0]: expected a caller line (YAML read "key: value": put text containing ": " in quotes)',
    ]);
  });

  it('a claim field the call does not have, and a value its type can never take', () => {
    const source = VALID.replace(
      '    policyholder_name: Jane Doe\n',
      "    policyholder_nam: Jane Doe\n    policyholder_phone: '0612'\n",
    );
    expect(problems(source)).toEqual([
      expect.stringMatching(
        /^expect\.claim\.policyholder_nam: not a field of this claim \(policyholder_name, /,
      ),
      expect.stringMatching(
        /^expect\.claim\.policyholder_phone: "0612" must start with \+ .* \(a phone_number field\)$/,
      ),
    ]);
  });

  it('an unknown tool, in the expectations or in a script', () => {
    const source = VALID.replace(
      '  end: still open',
      '  tools:\n    not_called: [talk_to_humans]\n  end: still open',
    );
    expect(problems(source)).toEqual([
      expect.stringMatching(
        /^expect\.tools\.not_called\[0\]: no tool named talk_to_humans \(updated_claim, /,
      ),
    ]);
    const scripted = VALID.replace(
      '      - My name is Jane Doe.',
      '      - say: My name is Jane Doe.\n        scripted:\n          - tools: { update_claim: {} }',
    );
    expect(problems(scripted)).toEqual([
      expect.stringMatching(
        /^calls\[0\]\.lines\[0\]\.scripted\[0\]\.tools\.update_claim: no tool named update_claim/,
      ),
    ]);
    expect(problems(scripted.replace('tools: { update_claim: {} }', 'store: { nmae: Jane }'))).toEqual([
      'calls[0].lines[0].scripted[0].store.nmae: not a field of this claim',
    ]);
    // Arguments the tool would refuse: a mistake in the script.
    expect(problems(scripted.replace('update_claim: {}', "speech_lang: { lang: 'xx-XX' }"))).toEqual([
      expect.stringMatching(/^calls\[0\]\.lines\[0\]\.scripted\[0\]\.tools\.speech_lang\.lang: /),
    ]);
  });

  it('an invalid call request, named where the scenario says it', () => {
    const source = VALID.replace(
      'calls:',
      'request:\n  claim:\n    - { name: Bad Name, type: text }\ncalls:\n  - placed_by: bot',
    ).replace('  - placed_by: bot\n  - lines:', '  - placed_by: bot\n    lines:');
    expect(problems(source)).toEqual([
      'request.claim[0].name: must be 1 to 64 characters of lowercase letters, digits and _, starting with a letter',
    ]);
  });

  it('a custom claim on a call the caller dials (inbound calls get the default claim)', () => {
    const source = VALID.replace('calls:', 'request:\n  claim:\n    - { name: device, type: text }\ncalls:');
    expect(problems(source)).toEqual([
      expect.stringMatching(/^calls\[0\]\.placed_by: a caller dialling in gets the inbound default claim/),
    ]);
    expect(() =>
      parseScenario(source.replace('  - lines:', '  - placed_by: bot\n    lines:'), 'ok.yaml'),
    ).not.toThrow();
  });

  it('scripted replies on some lines only, an expected failure without its reason, an end on the last call', () => {
    const source = `${VALID.replace(
      '      - My name is Jane Doe.',
      '      - say: Hello\n        scripted: [{ say: Hi }]\n      - My name is Jane Doe.\n    end: ended',
    )}offline: expected_to_fail\n`;
    expect(problems(source)).toEqual([
      'calls[0].end: the last call ends as expect.end says',
      'offline_reason: say why the offline agent fails',
      'calls[0].lines[1].scripted: some lines are scripted: script every line, or none',
    ]);
  });

  it('a YAML syntax error, with its line', () => {
    expect(problems('description: [unclosed\n')).toEqual([expect.stringMatching(/^YAML: .*line 2/s)]);
  });
});
