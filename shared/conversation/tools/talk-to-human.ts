import { z } from 'zod';
import { defineTool } from '../tool';

/** `talk_to_human`: transfers the caller to the agent number of the call's request. */
export const talkToHumanTool = defineTool({
  name: 'talk_to_human',
  description:
    'Transfer the caller to a human agent. Use it when the caller asks to speak to a person, or when ' +
    'you cannot help them (a request outside your task, a complaint you cannot handle). Do not use it ' +
    'just because a question is hard: try to help first. Tell the caller a colleague will take over in ' +
    'the same answer as this call: the call with you ends with the transfer, you will not speak again.',
  parameters: z.strictObject({}),
  phrase: 'Let me transfer you to a colleague, please hold on.',
  run(_args, context) {
    const to = context.call.initiate.agent_phone_number;
    context.act({ type: 'transfer', to });
    return `The caller is being transferred to a human agent (${to}).`;
  },
});
