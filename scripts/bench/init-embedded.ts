// `tsx scripts/bench/init-embedded.ts <DATA_DIR>`: the embedded database's first initdb in a short-lived process
// (what scripts/prestart.mjs does before `npm start`), so the app under test opens an existing database.
import { initEmbeddedDatabase } from '../../lib/db/embedded';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: tsx scripts/bench/init-embedded.ts <DATA_DIR>');
  process.exit(2);
}
initEmbeddedDatabase(dataDir).then(
  (created) => console.log(created ? `[bench] embedded database created in ${dataDir}` : `[bench] embedded database already in ${dataDir}`),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
