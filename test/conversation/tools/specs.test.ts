import { describe, expect, it } from 'vitest';
import { runToolCall, toToolSpec } from '../../../shared/conversation/tool';
import { createTools, toolsForCall } from '../../../shared/conversation/tools';
import type { Tool } from '../../../shared/conversation/tool';
import { makeCall, makeTurn } from './context';

interface JsonSchema {
  type?: string;
  description?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  additionalProperties?: boolean;
}

/** Every property, at any depth, with its path. */
function properties(schema: JsonSchema, path = ''): [string, JsonSchema][] {
  const own = Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const at = path === '' ? name : `${path}.${name}`;
    return [[at, property] as [string, JsonSchema], ...properties(property, at)];
  });
  return schema.items ? [...own, ...properties(schema.items, `${path}[]`)] : own;
}

describe('tool specs', () => {
  const call = makeCall();
  const tools = createTools(call, { emergencyContact: '+14255550199' });

  it('lists every tool once', () => {
    expect(tools.map((t) => t.name)).toEqual([
      'updated_claim',
      'new_or_updated_reminder',
      'end_call',
      'talk_to_human',
      'send_sms',
      'speech_speed',
      'speech_lang',
      'new_claim',
      'notify_emergencies',
    ]);
  });

  it.each(tools.map((t) => [t.name, t] as const))(
    '%s: an object schema with a description on every field',
    (_name, tool) => {
      const spec = toToolSpec(tool);
      expect(spec.description.length).toBeGreaterThan(40);
      const schema = spec.parameters as JsonSchema;
      expect(schema.type).toBe('object');
      expect(schema.additionalProperties).toBe(false);
      for (const [path, property] of properties(schema)) {
        expect(property.description, `${tool.name}: ${path}`).toMatch(/\S/);
      }
    },
  );

  it('updated_claim offers exactly the fields of this call’s claim, and describes them', () => {
    const spec = toToolSpec(tools[0]!);
    const field = (spec.parameters as JsonSchema).properties?.updates?.items?.properties?.field;
    expect(field?.enum).toEqual([
      'policyholder_name',
      'policyholder_email',
      'policyholder_phone',
      'incident_description',
      'incident_datetime',
    ]);
    expect(spec.description).toMatch(/incident_datetime \(datetime\)/);
    expect(spec.description).toMatch(/incident_description \(text\): What happened/);

    const other = makeCall({ claim: [{ name: 'hardware_info', type: 'text' }] });
    const otherSpec = toToolSpec(createTools(other)[0]!);
    const otherField = (otherSpec.parameters as JsonSchema).properties?.updates?.items?.properties?.field;
    expect(otherField?.enum).toEqual([
      'policyholder_name',
      'policyholder_email',
      'policyholder_phone',
      'hardware_info',
    ]);
  });

  it('speech_lang offers the call’s languages; notify_emergencies the services', () => {
    const lang = toToolSpec(tools.find((t) => t.name === 'speech_lang')!).parameters as JsonSchema;
    expect(lang.properties?.lang?.enum).toEqual(['en-US', 'fr-FR', 'es-ES', 'zh-CN']);
    const emergencies = toToolSpec(tools.find((t) => t.name === 'notify_emergencies')!)
      .parameters as JsonSchema;
    expect(emergencies.properties?.service?.enum).toEqual([
      'police',
      'firefighters',
      'ambulance',
      'hospital',
      'coast_guard',
    ]);
    expect(emergencies.required).toEqual(['service', 'reason', 'location']);
  });

  it('an unknown tool or broken JSON never runs and says what to fix', async () => {
    const turn = makeTurn(call);
    const unknown = await runToolCall(tools, { id: 'a', name: 'hang_up', arguments: '{}' }, turn.context);
    expect(unknown.result).toMatch(
      /^There is no tool named "hang_up"\. Available: updated_claim, .*end_call/,
    );
    const broken = await runToolCall(
      tools,
      { id: 'b', name: 'send_sms', arguments: '{"message": "hi"' },
      turn.context,
    );
    expect(broken.result).toBe('The arguments of send_sms are not valid JSON; send a JSON object.');
    expect(turn.actions).toEqual([]);
  });

  it('a turn with several tools replays to the same state', async () => {
    const turn = makeTurn(call);
    await turn.run(tools, 'updated_claim', {
      updates: [
        { field: 'policyholder_name', value: 'Jane Doe' },
        { field: 'incident_description', value: 'Flooded basement' },
      ],
    });
    await turn.run(tools, 'new_or_updated_reminder', {
      title: 'Expert visit',
      description: 'Book the expert',
      due_date_time: '2026-03-04T10:00:00+01:00',
      owner: 'assistant',
    });
    await turn.run(tools, 'speech_lang', { lang: 'es-ES' });
    await turn.run(tools, 'new_claim', {});
    await turn.run(tools, 'updated_claim', {
      updates: [{ field: 'incident_description', value: 'Stolen bike' }],
    });
    await turn.run(tools, 'notify_emergencies', {
      service: 'police',
      reason: 'Burglar still inside',
      location: 'Home',
    });
    expect(turn.mutations).toHaveLength(6);
    expect(turn.replayOn(turn.original)).toEqual(turn.draft);
    expect(turn.draft.previous_claims[0]?.incident_description).toBe('Flooded basement');
    expect(turn.draft.claim.incident_description).toBe('Stolen bike');
    expect(turn.actions.map((a) => a.type)).toEqual(['switch_language', 'send_sms']);
  });
});

describe('tools shared between calls (toolsForCall)', () => {
  const claimFieldsOffered = (tools: readonly Tool<unknown>[]) =>
    (toToolSpec(tools.find((t) => t.name === 'updated_claim')!).parameters as JsonSchema).properties!.updates!
      .items!.properties!.field!.enum;

  it('offers each call the fields of its own claim, and the languages of its own request', () => {
    const insurance = toolsForCall(makeCall());
    const itSupport = toolsForCall(
      makeCall({ claim: [{ name: 'device_model', type: 'text' }], lang: { default_short_code: 'fr-FR' } }),
    );
    expect(claimFieldsOffered(insurance)).toContain('incident_datetime');
    expect(claimFieldsOffered(itSupport)).toContain('device_model');
    expect(claimFieldsOffered(itSupport)).not.toContain('incident_datetime');
    // A second call with the first one's schema gets the same (already built) tools.
    expect(toolsForCall(makeCall({ phone_number: '+14255550123' }))).toBe(insurance);
  });

  it('keeps the emergency contact of the settings it was asked with', () => {
    const call = makeCall();
    const names = (emergencyContact?: string) => toolsForCall(call, { emergencyContact }).map((t) => t.name);
    expect(names('+14255550199')).toContain('notify_emergencies');
    expect(toolsForCall(call, { emergencyContact: '+14255550199' })).not.toBe(toolsForCall(call));
  });
});
