import { z } from 'zod';
import { emptyClaim } from '../../domain/claim';
import { defineTool } from '../tool';

/** `new_claim`: closes the claim being filled and opens an empty one with the same fields. */
export const newClaimTool = defineTool({
  name: 'new_claim',
  description:
    'Close the current claim (it is kept) and start a new, empty one with the same fields. Use it only ' +
    'when the caller reports a second, different incident. Never use it to correct or complete the ' +
    'current claim: use updated_claim for that.',
  parameters: z.strictObject({}),
  run(_args, context) {
    const filled = Object.values(context.call.claim).some((value) => value != null);
    if (!filled) {
      return 'Nothing done: the current claim is still empty, so fill it with updated_claim instead of opening a new one.';
    }
    context.change((call) => {
      call.previous_claims.push({ ...call.claim });
      call.claim = emptyClaim(call.initiate.claim);
    });
    const count = context.call.previous_claims.length;
    return `The previous claim is closed and kept (${count} closed so far); a new, empty claim is open, so collect its fields from the start.`;
  },
});
