/**
 * The phone socket (`/api/phone`): JSON messages both ways, reopened with backoff when it drops.
 * `onOpen()` runs on every (re)connection (the page re-registers its number there); `onDown(delayMs)`
 * when the socket closed and the next attempt is scheduled.
 */

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;

export function createPhoneSocket({ url, onOpen, onMessage, onDown }) {
  let socket = null;
  let attempt = 0;
  let timer = 0;

  function connect() {
    clearTimeout(timer);
    timer = 0;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      onOpen();
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message && typeof message.type === 'string') onMessage(message);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt++);
      const delay = Math.round(base * (0.8 + Math.random() * 0.4));
      timer = setTimeout(connect, delay);
      onDown(delay);
    };
  }

  // Back online: try now rather than at the end of the backoff.
  window.addEventListener('online', () => {
    if (!socket) connect();
  });

  connect();

  return {
    /** Sends one message; false when the socket is not open. */
    send(message) {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
    isOpen: () => socket !== null && socket.readyState === WebSocket.OPEN,
  };
}
