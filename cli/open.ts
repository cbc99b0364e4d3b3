/**
 * Command-line paths -> BundleSource and a loaded Engine, with onnxruntime-node.
 * A bundle is a folder or a .zip of one.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { sourceFromZip } from '../src/bundle/source-zip';
import { fileRange, sourceFromDir } from '../src/bundle/node-source';
import type { BundleSource } from '../src/bundle/source';
import { Engine } from '../src/model/engine';
import type { Device } from '../src/model/runtime';
import { UsageError } from './args';
import { nodeRuntime } from './ort-node';

export async function openSource(path: string): Promise<BundleSource> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new UsageError(`${path}: no such file or folder; expected a bundle folder or a .zip`);
  }
  if (st.isDirectory()) return sourceFromDir(path);
  // Read a piece at a time: a zip of a large bundle need not fit in memory beside what it unpacks to.
  if (path.toLowerCase().endsWith('.zip')) return sourceFromZip(basename(path), await fileRange(path));
  throw new UsageError(`${path}: is a file but not a .zip; expected a bundle folder or a .zip`);
}

export function parseDevice(value: unknown): Device {
  const v = value ?? 'cpu';
  if (v !== 'cpu') throw new UsageError(`--backend is "${String(v)}", expected "cpu" (the CLI runs onnxruntime-node's CPU provider)`);
  return 'cpu';
}

export async function loadEngine(bundlePath: string, device: Device): Promise<Engine> {
  const engine = new Engine(nodeRuntime());
  await engine.load(await openSource(bundlePath), device);
  return engine;
}
