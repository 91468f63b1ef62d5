// Fortune.js with its JSON:API serializer (fortune-http, fortune-json-api), type "things", N objects:
// node fortune.js PORT N. maxLimit 25: a listing without page[limit] gets 25 objects, meta.count and no
// links.next (as Elide: links MAY be given); with page[offset]/page[limit] in the URL it gives links.next.
const http = require('http');
const fortune = require('fortune');
const fortuneHTTP = require('fortune-http');
const jsonApiSerializer = require('fortune-json-api');
const [port, count] = process.argv.slice(2).map(Number);
const store = fortune({ thing: { name: String } });
const listener = fortuneHTTP(store, { serializers: [[jsonApiSerializer, { maxLimit: 25 }]] });
(async () => {
  await store.connect();
  const things = [];
  for (let i = 1; i <= count; i++) things.push({ id: 't' + i, name: 'thing ' + i });
  await store.create('thing', things);
  http.createServer((req, res) => listener(req, res).catch(() => {})).listen(port, '127.0.0.1',
    () => console.log('listening on ' + port));
})();
