import { afterAll, beforeAll, it } from 'vitest';
import { Caller, openStore, type OpenedStore } from '../conversation/offline-agent/caller';
let db: OpenedStore;
beforeAll(() => { db = openStore(); });
afterAll(async () => { await db.close(); });
async function run(lines: string[], request: Record<string, unknown> = {}) {
  const c = await Caller.dial(db.store, request as never);
  for (const line of lines) {
    const h = await c.say(line);
    console.log(`> ${line}\n< ${h.text}   ${h.toolCalls.map((t) => t.name + JSON.stringify(t.arguments)).join(' ')}`);
  }
  console.log(JSON.stringify(c.call.claim), c.call.language);
}
it('it', async () => {
  await run(['Hello, I would like to declare a car accident.', 'My name is Jane Doe.', 'jane dot doe at example dot com', 'No, my email is jane dot smith at example dot com.', 'plus thirty-three six twelve thirty-four fifty-six seventy-eight']);
});
