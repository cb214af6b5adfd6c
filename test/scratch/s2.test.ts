import { it } from 'vitest';
import { cueScore } from '../../shared/conversation/offline-agent/cues';
import { normalizeSpeech } from '../../shared/conversation/offline/numbers';
import { DEFAULT_CLAIM_FIELDS } from '../../shared/domain/claim';
it('x', () => {
  for (const t of ["Une voiture a grillé le feu rouge et m'a percutée sur le côté", 'La porte a été forcée et mon ordinateur a disparu'])
  for (const f of DEFAULT_CLAIM_FIELDS) console.log(f.name, cueScore(f, normalizeSpeech(t)));
});
