// simple-odata-server 1.2.2 (OData v4: $top, $skip, $count=true gives @odata.count; no server-driven paging,
// so no @odata.nextLink), entity set "things" with N objects, ids in "_id" as the server wants them; the
// data layer is an array (the server's own query, insert, update and remove hooks): node odata.js PORT N
const http = require('http');
const ODataServer = require('simple-odata-server');
const [port, count] = process.argv.slice(2).map(Number);
let things = [];
let lastId = count;
for (let i = 1; i <= count; i++) things.push({ _id: String(i), name: 'thing ' + i });
const model = {
  namespace: 'gs',
  entityTypes: { Thing: { _id: { type: 'Edm.String', key: true }, name: { type: 'Edm.String' } } },
  entitySets: { things: { entityType: 'gs.Thing' } }
};
const server = ODataServer('http://127.0.0.1:' + port).model(model)
  .query((col, query, req, cb) => {
    let rows = things;
    if (query.$filter && query.$filter._id !== undefined) rows = rows.filter(t => t._id === query.$filter._id);
    const all = rows.length;
    const skip = Number(query.$skip || 0);
    rows = rows.slice(skip, query.$limit !== undefined ? skip + Number(query.$limit) : undefined);
    cb(null, query.$count || query.$inlinecount ? { count: all, value: rows } : rows);
  })
  // as a database would: the new object gets the next id, and the server's annotations on the
  // answer are not stored with it
  .insert((col, doc, req, cb) => { const made = { ...doc, _id: doc._id || String(++lastId) }; things.push(made); cb(null, { ...made }); })
  .remove((col, query, req, cb) => { things = things.filter(t => t._id !== query._id); cb(null); })
  // PATCH (the server serves no PUT): its properties set on the object, as $set says
  .update((col, query, update, req, cb) => {
    const t = things.find(x => x._id === query._id);
    if (t) Object.assign(t, update.$set, { _id: t._id });
    cb(null);
  });
http.createServer((req, res) => server.handle(req, res)).listen(port, '127.0.0.1', () => console.log('listening on ' + port));
