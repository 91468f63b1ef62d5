// FeathersJS 5 (Koa REST, memory adapter) serving /things with fields the server sets on every write, as
// Feathers apps do with hooks: createdAt on create, updatedAt on create, update (PUT) and patch; a PUT
// keeps createdAt. Ids from 100 on. Paged by $skip/$limit: {"total","limit","skip","data"}.
// node feathers-things.js PORT DB.json   (DB.json: {"things":[…]}, stored through the hooks at start)
const { feathers } = require('@feathersjs/feathers');
const { koa, rest, bodyParser, errorHandler } = require('@feathersjs/koa');
const { MemoryService } = require('@feathersjs/memory');
const fs = require('fs');

const [port, file] = process.argv.slice(2);
const app = koa(feathers());
app.use(errorHandler());
app.use(bodyParser());
app.configure(rest());
app.use('things', new MemoryService({ paginate: { default: 10, max: 50 }, startId: 100 }));

let clock = 0;
const now = () => new Date(Date.UTC(2026, 0, 1) + (++clock) * 1000).toISOString();
app.service('things').hooks({
  before: {
    create: [async (context) => {
      const t = now();
      context.data = { ...context.data, createdAt: t, updatedAt: t };
    }],
    update: [async (context) => {
      const current = await context.service.get(context.id);
      context.data = { ...context.data, createdAt: current.createdAt, updatedAt: now() };
    }],
    patch: [async (context) => {
      context.data = { ...context.data, updatedAt: now() };
    }]
  }
});

(async () => {
  for (const thing of JSON.parse(fs.readFileSync(file, 'utf8')).things) {
    await app.service('things').create(thing);
  }
  await app.listen(Number(port));
  console.log('listening on ' + port);
})();
