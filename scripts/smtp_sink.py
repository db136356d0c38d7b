#!/usr/bin/env python3
"""A real SMTP server for Longhand's email tests (aiosmtpd): writes each message it accepts
to DIR as NNNN.eml (the raw bytes as received, written to a temporary name and renamed, so a
reader never sees half a file) and prints the port it listens on, on loopback, as its first
line of output.

    python smtp_sink.py DIR

Run it with the python of scripts/notify-test-deps.sh. It serves until it is killed.
"""

import asyncio
import os
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.directory, f"{self.count:04}.eml")
        with open(name + ".tmp", "wb") as out:
            out.write(envelope.original_content)
        os.rename(name + ".tmp", name)
        return "250 Message accepted for delivery"


async def main(directory):
    loop = asyncio.get_running_loop()
    sink = Sink(directory)
    server = await loop.create_server(lambda: SMTP(sink), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: smtp_sink.py DIR")
    asyncio.run(main(sys.argv[1]))
