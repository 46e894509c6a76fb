// Computes face-api.js reference outputs (SSD MobileNetV1 boxes, 68-point landmarks, 128-d descriptors) on the tfjs
// WASM backend for the PNGs tools/FixtureInputs wrote, and writes the fixture the C# parity tests read
// (tests/FaceCluster.Tests/Fixtures/faceapi/reference.json, see Support/FaceApiReference.cs).
//
// usage: node reference.mjs INDEX_TSV PNG_DIR MODEL_DIR OUT_JSON
//   INDEX_TSV lines: reference<TAB>name<TAB>width<TAB>height<TAB>sha256   (name.png lives in PNG_DIR)
// Normally run through generate.sh, which builds INDEX_TSV from FixtureInputs' output.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
// The node-wasm build requires @tensorflow/tfjs + @tensorflow/tfjs-backend-wasm and re-exports both as faceapi.tf.
// Always use faceapi.tf (never a separate import of tfjs) so that tensors are instances of the same tf.Tensor class.
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const { PNG } = require('pngjs');

const tf = faceapi.tf;
const MIN_CONFIDENCE = 0.5;
const MAX_RESULTS = 100;

function fail(message) {
  console.error(`reference.mjs: ${message}`);
  process.exit(1);
}

const [indexTsv, pngDir, modelDir, outJson] = process.argv.slice(2);
if (!outJson) fail('usage: node reference.mjs INDEX_TSV PNG_DIR MODEL_DIR OUT_JSON');

// ---- backend ----------------------------------------------------------------------------------------------------
const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
tf.setWasmPaths(wasmDir);
// Single-threaded (SIMD) WASM: deterministic and no worker threads; the thread count does not change the math.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
if (!(await tf.setBackend('wasm'))) fail('could not initialise the wasm backend');
await tf.ready();
if (tf.getBackend() !== 'wasm') fail(`backend is ${tf.getBackend()}, expected wasm`);
const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');

const faceApiVersion = faceapi.version;
const tfjsVersion = tf.version.tfjs;
if (faceApiVersion !== '1.7.15') fail(`face-api ${faceApiVersion}, expected 1.7.15`);
if (tfjsVersion !== '4.22.0' || tf.version['tfjs-backend-wasm'] !== '4.22.0') fail(`tfjs ${JSON.stringify(tf.version)}, expected 4.22.0`);

// ---- models: loadFromDisk reads <name>-weights_manifest.json + .bin with fs and tf.io.weightsLoaderFactory ---------
await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);

// ---- helpers ----------------------------------------------------------------------------------------------------
const f7 = (v) => {
  if (!Number.isFinite(v)) fail(`non-finite value ${v}`);
  return Number(v.toPrecision(7));
};
const rectArray = (b) => [b.x, b.y, b.width, b.height];

function readPng(file) {
  const png = PNG.sync.read(readFileSync(file)); // always RGBA 8-bit after decoding
  const { width, height, data } = png;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    rgb[j] = data[4 * i];
    rgb[j + 1] = data[4 * i + 1];
    rgb[j + 2] = data[4 * i + 2];
  }
  return { width, height, rgb };
}

function sameArray(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

const flatPoints = (pts) => pts.flatMap((p) => [p.x, p.y]);

// Independent re-implementations of the rect math (src/classes/Box.ts clipAtImageBorders,
// src/classes/FaceLandmarks.ts alignDlib), asserted against face-api's own classes below.
function clipAndFloor([x, y, w, h], imgW, imgH) {
  const cx = Math.max(x, 0);
  const cy = Math.max(y, 0);
  const cw = Math.min(x + w - cx, imgW - cx);
  const ch = Math.min(y + h - cy, imgH - cy);
  return [cx, cy, cw, ch].map(Math.floor);
}

function alignDlib(points, cropW, cropH) {
  const center = (pts) => {
    let sx = 0;
    let sy = 0;
    for (const [px, py] of pts) { sx += px; sy += py; }
    return [sx / pts.length, sy / pts.length];
  };
  const leftEye = center(points.slice(36, 42));
  const rightEye = center(points.slice(42, 48));
  const mouth = center(points.slice(48, 68));
  const dist = (a, b) => Math.sqrt((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2);
  const eyeToMouth = (dist(leftEye, mouth) + dist(rightEye, mouth)) / 2;
  const size = Math.floor(eyeToMouth / 0.45);
  const ref = center([leftEye, rightEye, mouth]);
  const x = Math.floor(Math.max(0, ref[0] - 0.5 * size));
  const y = Math.floor(Math.max(0, ref[1] - 0.43 * size));
  return [x, y, Math.min(size, cropW + x), Math.min(size, cropH + y)];
}

// Independent re-implementation of SsdMobilenetv1.locateFaces after the network (nonMaxSuppression.ts + box mapping),
// from the raw decoded boxes [ymin, xmin, ymax, xmax] (relative to the padded 512 square) and sigmoid scores.
function locateFaces(boxesData, scoresData, imgW, imgH) {
  const iou = (a, b) => {
    const [ay0, ax0, ay1, ax1] = [Math.min(a[0], a[2]), Math.min(a[1], a[3]), Math.max(a[0], a[2]), Math.max(a[1], a[3])];
    const [by0, bx0, by1, bx1] = [Math.min(b[0], b[2]), Math.min(b[1], b[3]), Math.max(b[0], b[2]), Math.max(b[1], b[3])];
    const areaA = (ay1 - ay0) * (ax1 - ax0);
    const areaB = (by1 - by0) * (bx1 - bx0);
    if (areaA <= 0 || areaB <= 0) return 0;
    const inter = Math.max(Math.min(ay1, by1) - Math.max(ay0, by0), 0) * Math.max(Math.min(ax1, bx1) - Math.max(ax0, bx0), 0);
    return inter / (areaA + areaB - inter);
  };
  const candidates = scoresData.map((score, i) => ({ score, i })).filter((c) => c.score > MIN_CONFIDENCE).sort((a, b) => b.score - a.score);
  const selected = [];
  for (const c of candidates) {
    if (selected.length >= Math.min(MAX_RESULTS, boxesData.length)) break;
    if (selected.every((k) => iou(boxesData[c.i], boxesData[k]) <= 0.5)) selected.push(c.i);
  }
  const scale = 512 / Math.max(imgW, imgH);
  const padX = 512 / Math.round(imgW * scale);
  const padY = 512 / Math.round(imgH * scale);
  return selected.map((k) => {
    const [b0, b1, b2, b3] = boxesData[k];
    const top = Math.max(0, b0) * padY;
    const bottom = Math.min(1, b2) * padY;
    const left = Math.max(0, b1) * padX;
    const right = Math.min(1, b3) * padX;
    return { score: scoresData[k], box: [left * imgW, top * imgH, (right - left) * imgW, (bottom - top) * imgH] };
  });
}

// ---- run --------------------------------------------------------------------------------------------------------
const rows = readFileSync(indexTsv, 'utf8').split('\n').filter((l) => l.trim()).map((l) => l.split('\t'));
const images = [];
for (const [reference, name, widthText, heightText, sha] of rows) {
  const { width, height, rgb } = readPng(path.join(pngDir, `${name}.png`));
  if (width !== Number(widthText) || height !== Number(heightText)) fail(`${reference}: PNG is ${width}x${height}, FixtureInputs said ${widthText}x${heightText}`);
  const rgbSha256 = createHash('sha256').update(rgb).digest('hex');
  if (rgbSha256 !== sha) fail(`${reference}: RGB sha256 of the PNG ${rgbSha256} differs from FixtureInputs' ${sha}`);

  const input = tf.tensor3d(Int32Array.from(rgb), [height, width, 3], 'int32');
  const results = await faceapi
    .detectAllFaces(input, new faceapi.SsdMobilenetv1Options({ minConfidence: MIN_CONFIDENCE, maxResults: MAX_RESULTS }))
    .withFaceLandmarks()
    .withFaceDescriptors();

  // Cross-check 0: the documented SSD post-processing reproduces the pipeline's detections exactly.
  const raw = await faceapi.nets.ssdMobilenetv1.forward(input);
  const ownDetections = locateFaces(raw.boxes[0].arraySync(), Array.from(raw.scores[0].dataSync()), width, height);
  raw.boxes.forEach((t) => t.dispose());
  raw.scores.forEach((t) => t.dispose());
  if (ownDetections.length !== results.length) fail(`${reference}: own SSD post-processing found ${ownDetections.length} faces, face-api ${results.length}`);
  results.forEach((r, k) => {
    if (r.detection.score !== ownDetections[k].score || !sameArray(rectArray(r.detection.box), ownDetections[k].box)) {
      fail(`${reference}: own SSD post-processing differs for face ${k}: ${JSON.stringify(ownDetections[k])} vs ${rectArray(r.detection.box)}`);
    }
  });

  const faces = [];
  for (const r of results) {
    const det = r.detection;
    const box = rectArray(det.box);

    // Landmark crop: DetectAllFaceLandmarksTask -> extractFaceTensors(input, detections):
    // det.forSize(imgW, imgH).box.clipAtImageBorders(imgW, imgH) (clip, then floor of x, y, width, height).
    const landmarkCrop = rectArray(det.forSize(width, height).box.clipAtImageBorders(width, height));
    if (!sameArray(landmarkCrop, clipAndFloor(box, width, height))) fail(`${reference}: landmark crop mismatch`);

    const relative = r.unshiftedLandmarks.relativePositions;
    if (r.unshiftedLandmarks.imageWidth !== landmarkCrop[2] || r.unshiftedLandmarks.imageHeight !== landmarkCrop[3]) {
      fail(`${reference}: landmarks are relative to ${r.unshiftedLandmarks.imageWidth}x${r.unshiftedLandmarks.imageHeight}, crop is ${landmarkCrop}`);
    }
    const positions = r.landmarks.positions;

    // Cross-check 1: the landmark net on a slice at landmarkCrop reproduces the pipeline's landmarks exactly.
    const lmSlice = tf.slice(input, [landmarkCrop[1], landmarkCrop[0], 0], [landmarkCrop[3], landmarkCrop[2], 3]);
    const lm = await faceapi.nets.faceLandmark68Net.detectLandmarks(lmSlice);
    lmSlice.dispose();
    if (!sameArray(flatPoints(lm.relativePositions), flatPoints(relative))) fail(`${reference}: landmarks recomputed on landmarkCrop differ from the pipeline's`);
    // Cross-check 1b: the documented landmark post-processing (FaceLandmark68NetBase.postProcess, float32 ops) applied
    // to the raw 136 fc outputs reproduces the relative positions exactly.
    const lmSlice2 = tf.slice(input, [landmarkCrop[1], landmarkCrop[0], 0], [landmarkCrop[3], landmarkCrop[2], 3]);
    const netInput = await faceapi.toNetInput(lmSlice2);
    const rawOut = faceapi.nets.faceLandmark68Net.runNet(netInput);
    const o = Array.from(rawOut.dataSync());
    rawOut.dispose();
    lmSlice2.dispose();
    const [cw, ch] = [landmarkCrop[2], landmarkCrop[3]];
    const s = 112 / Math.max(cw, ch);
    const [sw, sh] = [cw * s, ch * s];
    const [padX, padY] = [sw < sh ? Math.abs(sw - sh) / 2 : 0, sh < sw ? Math.abs(sw - sh) / 2 : 0];
    const F = Math.fround;
    const ownRelative = o.map((v, i) => F(F(F(v) * 112) - F(i % 2 ? padY : padX)) / F(i % 2 ? sh : sw)).map(F);
    if (!sameArray(ownRelative, flatPoints(relative))) fail(`${reference}: own landmark post-processing differs`);
    // landmarks (image pixels) = relative * crop size + detection box (x, y) UNFLOORED (extendWithFaceLandmarks shiftBy).
    const expectedPositions = relative.flatMap((p) => [p.x * landmarkCrop[2] + det.box.x, p.y * landmarkCrop[3] + det.box.y]);
    const maxShiftError = Math.max(...flatPoints(positions).map((v, i) => Math.abs(v - expectedPositions[i])));
    if (maxShiftError > 1e-9) fail(`${reference}: landmarks are not relative*crop + box.xy (max error ${maxShiftError})`);

    // Aligned rect: ComputeAllFaceDescriptorsTask -> landmarks.align(null, { useDlibAlignment: true }) -> a Box (not a
    // FaceDetection), which extractFaceTensors clips and floors with clipAtImageBorders(imgW, imgH).
    const alignBox = r.landmarks.align(null, { useDlibAlignment: true });
    const ownAlign = alignDlib(positions.map((p) => [p.x, p.y]), r.landmarks.imageWidth, r.landmarks.imageHeight);
    if (!sameArray(rectArray(alignBox), ownAlign)) fail(`${reference}: alignDlib re-implementation differs: ${rectArray(alignBox)} vs ${ownAlign}`);
    const alignedRect = rectArray(alignBox.clipAtImageBorders(width, height));
    if (!sameArray(alignedRect, clipAndFloor(ownAlign, width, height))) fail(`${reference}: aligned rect clip mismatch`);
    if (!(alignedRect[2] > 0 && alignedRect[3] > 0)) fail(`${reference}: empty aligned rect ${alignedRect}`);

    // Cross-check 2: the recogniser on a slice at alignedRect reproduces the pipeline's descriptor exactly.
    const recSlice = tf.slice(input, [alignedRect[1], alignedRect[0], 0], [alignedRect[3], alignedRect[2], 3]);
    const descriptor = await faceapi.computeFaceDescriptor(recSlice);
    recSlice.dispose();
    if (!sameArray(Array.from(descriptor), Array.from(r.descriptor))) fail(`${reference}: descriptor recomputed on alignedRect differs from the pipeline's`);
    if (r.descriptor.length !== 128) fail(`${reference}: descriptor length ${r.descriptor.length}`);

    faces.push({
      box: box.map(f7),
      score: f7(det.score),
      landmarkCrop,
      landmarksRelative: relative.map((p) => [f7(p.x), f7(p.y)]),
      landmarks: positions.map((p) => [f7(p.x), f7(p.y)]),
      alignedRect,
      descriptor: Array.from(r.descriptor, f7),
    });
  }
  input.dispose();
  // Order within an image: box x, then box y.
  faces.sort((a, b) => a.box[0] - b.box[0] || a.box[1] - b.box[1]);
  images.push({ file: reference, width, height, rgbSha256, faces });
  console.log(`${reference}\t${width}x${height}\t${faces.length} face(s)`);
}

// ---- write (one face field per line keeps diffs readable and the file small) -------------------------------------
const j = JSON.stringify;
const faceJson = (f) => [
  `        "box": ${j(f.box)}, "score": ${j(f.score)}, "landmarkCrop": ${j(f.landmarkCrop)},`,
  `        "landmarksRelative": ${j(f.landmarksRelative)},`,
  `        "landmarks": ${j(f.landmarks)},`,
  `        "alignedRect": ${j(f.alignedRect)},`,
  `        "descriptor": ${j(f.descriptor)}`,
].join('\n');
const imageJson = (im) => [
  `    { "file": ${j(im.file)}, "width": ${im.width}, "height": ${im.height}, "rgbSha256": ${j(im.rgbSha256)},`,
  `      "faces": [${im.faces.length ? `\n${im.faces.map((f) => `      {\n${faceJson(f)}\n      }`).join(',\n')}\n    ` : ''}] }`,
].join('\n');
const text = [
  '{',
  `  "faceApiVersion": ${j(faceApiVersion)}, "tfjsVersion": ${j(tfjsVersion)}, "backend": ${j(tf.getBackend())}, "minConfidence": ${MIN_CONFIDENCE},`,
  '  "images": [',
  images.map(imageJson).join(',\n'),
  '  ]',
  '}',
  '',
].join('\n');
JSON.parse(text); // must be valid JSON
mkdirSync(path.dirname(outJson), { recursive: true });
writeFileSync(outJson, text);
const total = images.reduce((n, im) => n + im.faces.length, 0);
console.log(`wrote ${outJson}: ${images.length} images, ${total} faces (${(text.length / 1024).toFixed(1)} KiB; wasm simd=${simd})`);
