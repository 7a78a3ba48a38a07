"""A stand-in for a standard OpenWhisk action image: it serves OpenWhisk's action protocol (POST /init, POST /run) on
TCP port 8080 and knows nothing about Wisp. Actions are Python source defining `main`."""

import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n'
action = {}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = json.loads(self.rfile.read(length) or b'{}')
        if self.path == '/init':
            self.init(body.get('value') or {})
        elif self.path == '/run':
            self.run(body)
        else:
            self.reply(404, {'error': 'no such path'})

    def init(self, value):
        if 'main' in action:
            return self.reply(403, {'error': 'Cannot initialize the action more than once.'})
        scope = {}
        try:
            exec(compile(value.get('code', ''), 'action.py', 'exec'), scope)
            action['main'] = scope[value.get('main') or 'main']
        except Exception as err:
            print('init failed: %r' % err, file=sys.stderr)
            self.sentinels()
            return self.reply(502, {'error': 'The action failed to initialize: %s' % err})
        self.reply(200, {'ok': True})

    def run(self, body):
        for key, value in body.items():
            if key != 'value' and isinstance(value, str):
                os.environ['__OW_%s' % key.upper()] = value
        try:
            result = action['main'](body.get('value') or {})
        except Exception as err:
            result = {'error': str(err)}
        self.sentinels()
        self.reply(200, result)

    def sentinels(self):
        sys.stdout.write(SENTINEL)
        sys.stdout.flush()
        sys.stderr.write(SENTINEL)
        sys.stderr.flush()

    def reply(self, status, body):
        data = json.dumps(body).encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


HTTPServer(('0.0.0.0', 8080), Handler).serve_forever()
