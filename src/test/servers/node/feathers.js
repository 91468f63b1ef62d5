// A FeathersJS 5 service /things (Koa REST, memory adapter, paginate default 10 max 50), N objects:
// node feathers.js PORT N
const { feathers } = require('@feathersjs/feathers');
const { koa, rest, bodyParser, errorHandler } = require('@feathersjs/koa');
const { MemoryService } = require('@feathersjs/memory');
const [port, count] = process.argv.slice(2).map(Number);
const app = koa(feathers());
app.use(errorHandler());
app.use(bodyParser());
app.configure(rest());
app.use('things', new MemoryService({ paginate: { default: 10, max: 50 } }));
(async () => {
  for (let i = 1; i <= count; i++) await app.service('things').create({ id: i, name: 'thing ' + i });
  await app.listen(port);
  console.log('listening on ' + port);
})();
