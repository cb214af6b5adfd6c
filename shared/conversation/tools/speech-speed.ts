import { z } from 'zod';
import { defineTool } from '../tool';

export const MIN_SPEECH_RATE = 0.75;
export const MAX_SPEECH_RATE = 1.25;

const rangeError = `must be between ${MIN_SPEECH_RATE} and ${MAX_SPEECH_RATE} (1 is the normal speed)`;

/** `speech_speed`: how fast the bot's voice speaks. */
export const speechSpeedTool = defineTool({
  name: 'speech_speed',
  description:
    'Change how fast you speak. Use it when the caller asks you to speak slower or faster, or clearly ' +
    `struggles to follow. 1 is normal; ${MIN_SPEECH_RATE} is the slowest, ${MAX_SPEECH_RATE} the fastest. ` +
    'Change it in small steps (0.1).',
  parameters: z.strictObject({
    rate: z
      .number({
        error: `must be a number between ${MIN_SPEECH_RATE} and ${MAX_SPEECH_RATE} (1 is the normal speed)`,
      })
      .min(MIN_SPEECH_RATE, { error: rangeError })
      .max(MAX_SPEECH_RATE, { error: rangeError })
      .describe(
        `The speaking rate, from ${MIN_SPEECH_RATE} (slow) to ${MAX_SPEECH_RATE} (fast); 1 is normal.`,
      ),
  }),
  run({ rate }, context) {
    context.act({ type: 'speech_speed', rate });
    return `From your next words on, you speak at rate ${rate} (1 is normal).`;
  },
});
