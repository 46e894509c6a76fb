// Whole-process speed of face-api.js itself (tfjs WASM backend, single-threaded SIMD, as reference.mjs runs it) on a
// folder of JPEGs: each photo is read, decoded (jpeg-js), and given detectAllFaces + landmarks + descriptors, what
// `facecluster ingest` does for it. Prints one line: photos, faces, seconds (process start to end).
//
// usage: node speed.mjs PHOTO_DIR MODEL_DIR      (normally through speed.sh, which times facecluster side by side)
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const jpeg = require('jpeg-js');
const tf = faceapi.tf;

const [photoDir, modelDir] = process.argv.slice(2);
if (!modelDir) {
  console.error('usage: node speed.mjs PHOTO_DIR MODEL_DIR');
  process.exit(2);
}

tf.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
if (!(await tf.setBackend('wasm'))) {
  console.error('could not initialise the wasm backend');
  process.exit(1);
}
await tf.ready();
await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);

const files = readdirSync(photoDir, { recursive: true })
  .map(f => path.join(photoDir, f.toString()))
  .filter(f => /\.jpe?g$/i.test(f))
  .sort();
const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 });
let faces = 0;
for (const file of files) {
  const { width, height, data } = jpeg.decode(readFileSync(file), { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 2048, maxResolutionInMP: 100 });
  const image = tf.tensor3d(Int32Array.from(data), [height, width, 3], 'int32');
  const found = await faceapi.detectAllFaces(image, options).withFaceLandmarks().withFaceDescriptors();
  faces += found.length;
  image.dispose();
}

console.log(`face-api.js ${files.length} photos, ${faces} faces in ${(performance.now() / 1000).toFixed(1)} s`);
