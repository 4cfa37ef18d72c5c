// Preloaded (--import) by bench/bot-cost.ts for a tree given as `<dist>:no-send-http`: the
// process's sendMessage calls get their answer at once, without HTTP. Beside the same tree
// measured as it is, the difference is what the card's sendMessage costs the process over
// HTTP (the request, its socket, reading and parsing its answer). Every other Bot API call
// goes out as usual. For measuring only: the person's answer no longer reaches the stand-in
// Bot API, so only the CPU and allocation figures mean anything for such a tree.
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { EventEmitter } from 'node:events';
import process from 'node:process';
import { URL } from 'node:url';

const request = http.request;
let messageId = 1_000_000_000;

/** A message as Telegram answers sendMessage: the chat and text sent, a new id. */
function sent(body) {
  const p = JSON.parse(body);
  const message = { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: { id: p.chat_id, type: 'private' }, text: p.text };
  return Buffer.from(JSON.stringify({ ok: true, result: message }));
}

http.request = function (options, callback) {
  if (typeof options !== 'object' || options instanceof URL || !String(options.path ?? '').endsWith('/sendMessage')) return request.apply(this, arguments);
  const req = new EventEmitter();
  req.end = (body) => {
    process.nextTick(() => {
      // An answer as small as can be: the response's events, without a stream's machinery.
      const res = new EventEmitter();
      res.statusCode = 200;
      res.headers = { 'content-type': 'application/json' };
      res.resume = () => res;
      callback?.(res);
      res.emit('data', sent(String(body)));
      res.emit('end');
    });
    return req;
  };
  req.destroy = () => req;
  return req;
};
// The app imports `request` by name (ESM): its binding follows the patched property from here.
syncBuiltinESMExports();
