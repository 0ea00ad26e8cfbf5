"""A TCP proxy between kyodo and PostgreSQL that can fail the way networks and servers do.

- `drop_after_commit()`: the next time the server answers a COMMIT, that answer is thrown
  away and both sides of that connection are closed: the server committed, the client
  never hears of it (an acknowledgement lost on the way back).
- `cut("refuse")`: every connection is closed and new ones are closed as they come (a
  server that went away); `cut("blackhole")`: new connections are accepted and never
  answered (a host that went silent); `restore()` forwards again.
- `exchanges` counts round trips on the wire: each time the server answers after the client
  has sent (a client waiting on several connections counts each). The server answers only at
  a Sync or Flush, so a pipeline of statements is one exchange, and a statement sent on its
  own is one. Opening a connection costs a few: count after the pool is open.

It speaks no SQL: it refuses the client's SSL and GSS encryption requests (so the stream
stays readable) and looks for the CommandComplete message `COMMIT` in what the server sends.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from urllib.parse import urlsplit, urlunsplit

COMMIT = b"C" + struct.pack("!i", 11) + b"COMMIT\x00"
ENCRYPTION_REQUESTS = {80877103, 80877104}  # SSLRequest, GSSENCRequest


class PgProxy:
    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        self.upstream_url = upstream_url
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.mode = "pass"
        self.commits_to_drop = 0
        self.dropped_commits = 0
        self.exchanges = 0
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._closed = False
        self._generation = 0
        """Counts the cuts: a connection forwards only in the generation it was accepted in."""
        threading.Thread(target=self._accept, name="pgproxy", daemon=True).start()

    @property
    def url(self) -> str:
        parts = urlsplit(self.upstream_url)
        netloc = parts.netloc.rsplit("@", 1)
        userinfo = netloc[0] + "@" if len(netloc) == 2 else ""
        return urlunsplit(parts._replace(netloc=f"{userinfo}127.0.0.1:{self.port}"))

    # --- faults ------------------------------------------------------------------------

    def drop_after_commit(self, times: int = 1) -> None:
        with self._lock:
            self.commits_to_drop += times

    def cut(self, mode: str = "refuse") -> None:
        assert mode in ("refuse", "blackhole")
        with self._lock:
            self.mode = mode
            self._generation += 1  # from now on no open connection forwards a byte
            sockets, self._open = self._open, set()
        for s in sockets:
            _close(s)

    def restore(self) -> None:
        with self._lock:
            self.mode = "pass"

    def close(self) -> None:
        self._closed = True
        self.cut()
        _close(self.listener)

    # --- forwarding ----------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:  # decided with cut(): no connection slips in as it cuts
                mode, generation = self.mode, self._generation
                if mode != "refuse":
                    self._open.add(client)
            if mode == "refuse":
                _close(client)
                continue
            if mode == "blackhole":
                continue
            threading.Thread(target=self._connect, args=(client, generation), daemon=True).start()

    def _connect(self, client: socket.socket, generation: int) -> None:
        try:
            if not self._refuse_encryption(client):
                return _close(client)
            server = socket.create_connection(self.upstream, timeout=5)
            server.settimeout(None)
        except OSError:
            return _close(client)
        with self._lock:
            cut_meanwhile = generation != self._generation
            if not cut_meanwhile:
                self._open.add(server)
        if cut_meanwhile:  # cut() came while this one connected
            _close(server)
            return _close(client)
        pair = (client, server)
        last = [False]  # whether the server sent last on this connection
        threading.Thread(
            target=self._pump, args=(client, server, pair, False, last, generation), daemon=True
        ).start()
        self._pump(server, client, pair, True, last, generation)

    def _refuse_encryption(self, client: socket.socket) -> bool:
        """Answer `N` to encryption requests; leave the startup message unread."""
        while True:
            head = client.recv(8, socket.MSG_PEEK)
            if len(head) < 8:
                return False
            length, code = struct.unpack("!ii", head)
            if length != 8 or code not in ENCRYPTION_REQUESTS:
                return True
            client.recv(8)
            client.sendall(b"N")

    def _pump(
        self,
        source: socket.socket,
        target: socket.socket,
        pair: tuple[socket.socket, socket.socket],
        from_server: bool,
        last: list[bool],
        generation: int,
    ) -> None:
        tail = b""
        try:
            while chunk := source.recv(65536):
                if from_server and self._drops(tail + chunk):
                    break
                with self._lock:
                    # Cut meanwhile: not a byte more. cut() closes the sockets one by one
                    # after it decides; a client told of the cut by one of them (the lost
                    # commit's) could otherwise still be answered on another, not yet closed.
                    if generation != self._generation:
                        break
                    self.exchanges += from_server and not last[0]
                    last[0] = from_server
                tail = chunk[-len(COMMIT) :]
                target.sendall(chunk)
        except OSError:
            pass
        for s in pair:
            _close(s)

    def _drops(self, seen: bytes) -> bool:
        if COMMIT not in seen:
            return False
        with self._lock:
            if self.commits_to_drop <= 0:
                return False
            self.commits_to_drop -= 1
            self.dropped_commits += 1
        return True


def _close(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    s.close()
