import type { TokenCredential } from '@azure/core-auth';
import { CosmosClient, type Container, type ItemDefinition } from '@azure/cosmos';
import type { CallState } from '../../domain/call';
import { DocumentCache } from './document-cache';
import {
  CallAlreadyExistsError,
  type CallStoreBackend,
  type ListQuery,
  type ReplaceResult,
  type StoredCall,
} from './store';

/**
 * The call store on Azure Cosmos DB (NoSQL API). One item per call, `id` = call_id, partitioned by
 * call_id so that every point read and write goes to one partition; the phone-number lookups are
 * cross-partition queries, which are rare (one per call placed or received).
 * Pagination uses `TOP`, which both Cosmos DB and the offline emulator understand (`OFFSET … LIMIT`
 * is not supported by @vercel/cosmosdb-server).
 */
export class CosmosCallStore implements CallStoreBackend {
  readonly kind = 'cosmos';
  /** The documents this store last wrote, by call, with their etag. */
  private readonly documents = new DocumentCache();

  constructor(
    private readonly container: Container,
    private readonly client?: CosmosClient,
  ) {}

  /** Connects with an account key. */
  static connect(options: { endpoint: string; key: string; database: string; container: string }) {
    const client = new CosmosClient({ endpoint: options.endpoint, key: options.key });
    return CosmosCallStore.open(client, options.database, options.container);
  }

  /**
   * Connects with an Entra ID credential (the app's managed identity, with the data-plane role "Cosmos
   * DB Built-in Data Contributor"). That role cannot create databases or containers, so they must exist
   * (the Bicep creates them); one read of the container checks that, and the access, at start-up.
   */
  static async connectWithIdentity(options: {
    endpoint: string;
    credential: TokenCredential;
    database: string;
    container: string;
  }): Promise<CosmosCallStore> {
    const client = new CosmosClient({ endpoint: options.endpoint, aadCredentials: options.credential });
    const container = client.database(options.database).container(options.container);
    try {
      await container.read();
    } catch (error) {
      client.dispose();
      throw new Error(
        `Cosmos DB container ${options.database}/${options.container} could not be read with the app's identity (it must exist and the identity needs a data-plane role): ${(error as Error).message}`,
        { cause: error },
      );
    }
    return new CosmosCallStore(container, client);
  }

  /** Opens (creating when missing) the database and container. */
  static async open(client: CosmosClient, database: string, container: string): Promise<CosmosCallStore> {
    const { database: db } = await client.databases.createIfNotExists({ id: database });
    const { container: calls } = await db.containers.createIfNotExists({
      id: container,
      partitionKey: { paths: ['/call_id'] },
    });
    return new CosmosCallStore(calls, client);
  }

  async insert(call: CallState, document: string): Promise<StoredCall> {
    try {
      const { etag } = await this.container.items.create({ id: call.call_id, ...call });
      if (etag) this.documents.set(call.call_id, etag, document);
      return { call, etag: etag ?? '' };
    } catch (error) {
      if (statusOf(error) === 409) throw new CallAlreadyExistsError(call.call_id);
      throw error;
    }
  }

  /**
   * A call is read whole several times a turn, mostly right after this store wrote it. So when it keeps
   * the document of its last write, the read is conditional on that etag (`If-None-Match`): Cosmos DB
   * answers 304 without the item when it did not change, and the kept document is parsed; the item
   * travels (and is billed) only when someone else wrote since. Every write changes the etag.
   */
  async read(callId: string): Promise<StoredCall | undefined> {
    const kept = this.documents.latest(callId);
    const response = await this.container
      .item(callId, callId)
      .read<ItemDefinition>(
        kept && { accessCondition: { type: 'IfNoneMatch', condition: String(kept.version) } },
      );
    if (response.statusCode === 304 && kept) {
      return { call: JSON.parse(kept.document) as CallState, etag: String(kept.version) };
    }
    const { resource, etag } = response;
    return resource ? { call: toCall(resource), etag: etag ?? '' } : undefined;
  }

  async replace(call: CallState, etag: string, document: string): Promise<ReplaceResult> {
    try {
      const response = await this.container
        .item(call.call_id, call.call_id)
        .replace({ id: call.call_id, ...call }, { accessCondition: { type: 'IfMatch', condition: etag } });
      if (response.etag) this.documents.set(call.call_id, response.etag, document);
      return { ok: true, etag: response.etag ?? '' };
    } catch (error) {
      const status = statusOf(error);
      if (status === 412) return { ok: false, reason: 'conflict' };
      if (status === 404) return { ok: false, reason: 'not_found' };
      throw error;
    }
  }

  async newestForPhone(phone: string, since: Date): Promise<CallState | undefined> {
    const [call] = await this.query(
      `SELECT TOP 1 * FROM c
       WHERE c.initiate.phone_number = @phone AND c.created_at >= @since
       ORDER BY c.created_at DESC`,
      [
        { name: '@phone', value: phone },
        { name: '@since', value: since.toISOString() },
      ],
    );
    return call;
  }

  async listForPhone(phone: string, limit: number): Promise<CallState[]> {
    return this.query(
      `SELECT TOP @limit * FROM c
       WHERE c.initiate.phone_number = @phone
       ORDER BY c.created_at DESC`,
      [
        { name: '@phone', value: phone },
        { name: '@limit', value: limit },
      ],
    );
  }

  async unendedForPhone(phone: string, limit: number): Promise<CallState[]> {
    return this.query(
      `SELECT TOP @limit * FROM c
       WHERE c.initiate.phone_number = @phone AND c.lifecycle.state != 'ended'
       ORDER BY c.created_at DESC`,
      [
        { name: '@phone', value: phone },
        { name: '@limit', value: limit },
      ],
    );
  }

  async listNewest(query: ListQuery): Promise<CallState[]> {
    // created_at is ISO 8601 in UTC with milliseconds everywhere: its text order is its time order.
    const where = [
      query.phone !== undefined && 'c.initiate.phone_number = @phone',
      query.since && 'c.created_at >= @since',
      query.before && 'c.created_at < @before',
      query.endedOnly && "c.lifecycle.state = 'ended'",
    ].filter(Boolean);
    return this.query(
      `SELECT TOP @limit * FROM c ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY c.created_at DESC`,
      [
        { name: '@limit', value: query.limit },
        ...(query.phone !== undefined ? [{ name: '@phone', value: query.phone }] : []),
        ...(query.since ? [{ name: '@since', value: query.since.toISOString() }] : []),
        ...(query.before ? [{ name: '@before', value: query.before.toISOString() }] : []),
      ],
    );
  }

  async ping(): Promise<void> {
    await this.container.read();
  }

  async close(): Promise<void> {
    this.client?.dispose();
  }

  private async query(
    query: string,
    parameters: { name: string; value: string | number }[],
  ): Promise<CallState[]> {
    const { resources } = await this.container.items.query<ItemDefinition>({ query, parameters }).fetchAll();
    return resources.map(toCall);
  }
}

/** Strips Cosmos DB's own properties (`id`, `_etag`, `_ts`, ...) to get our document back. */
function toCall(item: ItemDefinition): CallState {
  const call: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (key !== 'id' && !key.startsWith('_')) call[key] = value;
  }
  return call as CallState;
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}
