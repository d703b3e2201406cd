#!/usr/bin/env python3
# capture-corpus.py: records what stock virsh sends to the RPC server, as
# seeds for the fuzzer corpus (tests/rpc/corpus/).  A UNIX-socket proxy in
# front of a running rpc-test-server: each client connection's bytes towards
# the server are saved as one file (a whole session: a stream of messages,
# which is what the fuzz target consumes).
#
# Usage: capture-corpus.py SERVER_SOCKET PROXY_SOCKET OUTDIR PREFIX
# then run virsh -c 'pseries:///system?socket=PROXY_SOCKET' ...; stop with
# SIGINT.
import os
import selectors
import socket
import sys

server_path, proxy_path, outdir, prefix = sys.argv[1:5]
os.makedirs(outdir, exist_ok=True)
if os.path.exists(proxy_path):
    os.unlink(proxy_path)
lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
lsock.bind(proxy_path)
lsock.listen(16)
sel = selectors.DefaultSelector()
sel.register(lsock, selectors.EVENT_READ, None)
sessions = {}   # client sock -> (server sock, bytearray)
peers = {}      # server sock -> client sock
count = 0


def finish(c):
    global count
    s, data = sessions.pop(c)
    peers.pop(s, None)
    for x in (c, s):
        sel.unregister(x)
        x.close()
    if data:
        count += 1
        with open(os.path.join(outdir, '%s-%03d' % (prefix, count)), 'wb') as f:
            f.write(data)


try:
    while True:
        for key, _ in sel.select():
            sock = key.fileobj
            if sock is lsock:
                c, _ = lsock.accept()
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(server_path)
                sessions[c] = (s, bytearray())
                peers[s] = c
                sel.register(c, selectors.EVENT_READ, None)
                sel.register(s, selectors.EVENT_READ, None)
            elif sock in sessions:
                buf = sock.recv(65536)
                if not buf:
                    finish(sock)
                    continue
                s, data = sessions[sock]
                data += buf
                s.sendall(buf)
            elif sock in peers:
                c = peers[sock]
                buf = sock.recv(65536)
                if not buf:
                    finish(c)
                    continue
                c.sendall(buf)
except KeyboardInterrupt:
    for c in list(sessions):
        finish(c)
