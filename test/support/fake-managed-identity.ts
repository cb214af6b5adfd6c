import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake App Service / Functions managed-identity endpoint, speaking the protocol @azure/identity (through
 * MSAL's `AppService` source) uses when the platform sets `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`:
 * `GET <IDENTITY_ENDPOINT>?api-version=2019-08-01&resource=<audience>[&client_id=<id>]` with header
 * `X-IDENTITY-HEADER: <IDENTITY_HEADER>`, answered with `{access_token, expires_on, resource, token_type}`
 * (expires_on in epoch seconds). A request without the right header gets the platform's 400.
 */

export interface TokenRequest {
  readonly resource: string | null;
  readonly apiVersion: string | null;
  readonly clientId: string | null;
  readonly identityHeader: string | undefined;
}

export class FakeManagedIdentity {
  readonly requests: TokenRequest[] = [];
  readonly secret = 'fake-identity-header-secret';
  private server: http.Server | undefined;

  /** The token issued for `resource` (an audience with or without `/.default`). */
  static tokenFor(resource: string): string {
    return `mi-token-for-${resource.replace(/\/\.default$/, '').replace(/[^A-Za-z0-9]+/g, '-')}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const identityHeader = request.headers['x-identity-header'] as string | undefined;
      const resource = url.searchParams.get('resource');
      this.requests.push({
        resource,
        apiVersion: url.searchParams.get('api-version'),
        clientId: url.searchParams.get('client_id'),
        identityHeader,
      });
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (identityHeader !== this.secret || url.pathname !== '/msi/token') {
        answer(400, { error: 'invalid_request', error_description: 'bad identity header or path' });
        return;
      }
      if (url.searchParams.get('api-version') !== '2019-08-01' || !resource) {
        answer(400, { error: 'invalid_request', error_description: 'api-version 2019-08-01 and resource' });
        return;
      }
      answer(200, {
        access_token: FakeManagedIdentity.tokenFor(resource),
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource,
        token_type: 'Bearer',
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** The environment the platform sets for the app (what @azure/identity reads). */
  get env(): Record<string, string> {
    const { port } = this.server?.address() as AddressInfo;
    return { IDENTITY_ENDPOINT: `http://127.0.0.1:${port}/msi/token`, IDENTITY_HEADER: this.secret };
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
