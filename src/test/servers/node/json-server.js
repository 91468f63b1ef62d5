// json-server 0.17.4 as its own CLI serves it, on /things with N objects: node json-server.js PORT N
const jsonServer = require('json-server');
const [port, count] = process.argv.slice(2).map(Number);
const things = [];
for (let i = 1; i <= count; i++) things.push({ id: i, name: 'thing ' + i });
const app = jsonServer.create();
app.use(jsonServer.defaults({ logger: false }));
app.use(jsonServer.router({ things }));
app.listen(port, '127.0.0.1', () => console.log('listening on ' + port));
