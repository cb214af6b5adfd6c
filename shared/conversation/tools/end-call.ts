import { z } from 'zod';
import { defineTool } from '../tool';

/** `end_call`: hangs up once the turn's speech has been said. */
export const endCallTool = defineTool({
  name: 'end_call',
  description:
    'Hang up, after the goodbye you say in the same answer (you will not speak again after it). Use it ' +
    'only when you have said goodbye to the caller, or when the caller asks to end ' +
    'the call. Never use it in the middle of a conversation, or because the caller is silent or ' +
    'unclear: ask again instead.',
  parameters: z.strictObject({}),
  run(_args, context) {
    context.act({ type: 'end_call' });
    return 'The call will end as soon as your last words have been said; do not add anything after your goodbye.';
  },
});
