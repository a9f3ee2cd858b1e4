import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * An answer sent before the request's body has arrived (a refused upload, an unknown route)
 * closes the connection after it. Otherwise Node reads and discards the rest of the body to keep
 * the connection alive, and a refused client could make the server take in any number of bytes.
 */
export function closeIfBodyUnread(request: IncomingMessage | undefined, response: ServerResponse): void {
  if (request && !request.complete && !response.headersSent) response.setHeader('Connection', 'close');
}

/**
 * A client that sends `Expect: 100-continue` (curl does for large uploads) waits for the server's
 * "100 Continue" before the body. Node answers it at once by default; here it is answered only
 * when something starts reading the body, so a request refused on its headers never has its body
 * sent at all.
 */
export function continueWhenBodyIsRead(server: Server): void {
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    const onListener = (event: string | symbol) => {
      if (event !== 'data' && event !== 'readable') return;
      request.off('newListener', onListener);
      if (!response.headersSent) response.writeContinue();
    };
    request.on('newListener', onListener);
    server.emit('request', request, response);
  });
}
