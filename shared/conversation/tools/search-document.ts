import { z } from 'zod';
import type { DocumentSearch, SearchHit } from '../../providers/search/search';
import { defineTool, type Tool } from '../tool';

/** Hits the model may ask for: each is a paragraph it reads before answering, so a few at most. */
export const MAX_SEARCH_HITS = 5;
/**
 * A search that takes longer is given up: the caller hears the phrase, then waits on the line. The
 * tool context carries no signal of the turn, so a barge-in does not cut it shorter.
 */
export const SEARCH_TIMEOUT_MS = 8_000;

/** One tool per backend: tools are listed every turn, and a tool's spec is generated once per object. */
const toolBySearch = new WeakMap<DocumentSearch, Tool<unknown>>();

/** `search_document`: searches the company's documents (RAG) for what answers the caller's question. */
export function createSearchDocumentTool(search: DocumentSearch): Tool<unknown> {
  let tool = toolBySearch.get(search);
  if (!tool) {
    tool = searchDocumentTool(search);
    toolBySearch.set(search, tool);
  }
  return tool;
}

function searchDocumentTool(search: DocumentSearch): Tool<unknown> {
  return defineTool({
    name: 'search_document',
    description:
      "Search the company's documents (policies, procedures, prices, contacts, FAQ) for facts that " +
      'answer the caller. Use it before answering a question about what is covered, how something ' +
      'works or what it costs, rather than answering from memory; answer from the passages found, ' +
      'and say so when they do not answer. The result lists passages with their title and source.',
    parameters: z.strictObject({
      query: z
        .string()
        .trim()
        .min(1, { error: 'is empty; say what to look for' })
        .max(300)
        .describe(
          'What to look for: the key words of the question, in the language of the documents ' +
            '(e.g. "windshield replacement deductible").',
        ),
      top: z
        .number()
        .int()
        .min(1)
        .max(MAX_SEARCH_HITS)
        .optional()
        .describe(`How many passages at most (1 to ${MAX_SEARCH_HITS}); default 3.`),
    }),
    phrase: 'Let me look that up.',
    async run(args, context) {
      const signal = AbortSignal.timeout(SEARCH_TIMEOUT_MS);
      const hits = await search
        .search(args.query, { lang: context.call.language, top: args.top ?? 3, signal })
        .catch((error: unknown) => {
          if (!signal.aborted) throw error;
          throw new Error(`no answer within ${SEARCH_TIMEOUT_MS / 1000} s`, { cause: error });
        });
      if (hits.length === 0) {
        return (
          `Nothing in the documents matches "${args.query}". Try other words once; if that finds nothing ` +
          'either, tell the caller you could not find it, and do not make up an answer.'
        );
      }
      return `${hits.length} passage${hits.length === 1 ? '' : 's'} found, best first:\n${hits.map(describeHit).join('\n')}`;
    },
  });
}

function describeHit(hit: SearchHit, index: number): string {
  return `[${index + 1}] ${hit.title} (${hit.source}): ${hit.content}`;
}
