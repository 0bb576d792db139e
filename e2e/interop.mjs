// Interop: a JavaScript Automerge client (the npm package @automerge/automerge, as a mobile or web
// client would use) reads a customer document exported by a Suanpan device, and writes a change
// that the device then applies.
//
//   node interop.mjs EXPORT.json CHANGES.json
//
// EXPORT.json is the output of `suanpan call customers.documents.export '{"id": …}'`. Prints what it
// read as JSON; writes {"changes": base64} to CHANGES.json for `customers.documents.apply`.
//
// The Rust side stores text fields as plain (scalar) strings, which this package calls
// ImmutableString; a client writes them the same way (a JS string would become collaborative text).
import * as Automerge from '@automerge/automerge';
import { readFileSync, writeFileSync } from 'node:fs';

const [exportFile, changesFile] = process.argv.slice(2);
if (!exportFile || !changesFile) {
  console.error('usage: node interop.mjs EXPORT.json CHANGES.json');
  process.exit(2);
}
const exported = JSON.parse(readFileSync(exportFile, 'utf8'));
const doc = Automerge.load(new Uint8Array(Buffer.from(exported.bytes, 'base64')));

const text = (value) => (value === null || value === undefined ? null : value.toString());
const read = {
  id: text(doc.id),
  name: text(doc.name),
  email: text(doc.email),
  city: text(doc.address?.city),
  tags: (doc.tags ?? []).map(text),
  archived: doc.archived,
};
console.log(JSON.stringify(read));

const heads = Automerge.getHeads(doc);
const changed = Automerge.change(doc, { message: 'interop client' }, (d) => {
  d.phone = new Automerge.ImmutableString('13912345678');
  d.tags.push(new Automerge.ImmutableString('来自手机'));
});
const changes = Automerge.saveSince(changed, heads);
writeFileSync(changesFile, JSON.stringify({ changes: Buffer.from(changes).toString('base64') }));
