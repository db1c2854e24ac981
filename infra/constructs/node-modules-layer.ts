/**
 * A Lambda layer holding npm packages (and their production dependency closure) copied from the
 * repository's node_modules at synth time: offline, no Docker, no npm install, so the layer runs the
 * exact versions of package-lock.json that the tests ran. The content lands in nodejs/node_modules,
 * which Lambda mounts at /opt/nodejs/node_modules (shared/reports/load-module.ts loads from there).
 *
 * The folder is built in a temporary directory before Code.fromAsset sees it, so the asset hash is
 * the hash of the copied content (same node_modules, same layer version); asset staging copies it
 * into the cloud assembly (cdk.out/asset.<hash>) at once, and the temporary copy is removed. Pure
 * JavaScript only (copyModuleClosure refuses native addons), so the content fits any architecture;
 * the layer is declared for the house runtime and architecture.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { AssetStaging } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { copyModuleClosure, type LayerPackage } from '../layer-modules.js';

export interface NodeModulesLayerProps {
  /** Top-level packages, e.g. ['exceljs', 'nodemailer']. */
  modules: readonly string[];
  /** What uses it; goes into the layer description. */
  usedBy: string;
  runtime: Runtime;
  architecture: Architecture;
}

export class NodeModulesLayer extends Construct {
  readonly layer: LayerVersion;
  readonly modules: readonly string[];
  /** Every package in the layer (the modules and their closure). */
  readonly packages: readonly LayerPackage[];
  /** The staged asset folder (holding nodejs/node_modules), as it will be zipped and uploaded. */
  readonly assetDir: string;
  /** Unzipped size of the layer content. */
  readonly bytes: number;
  readonly files: number;

  constructor(scope: Construct, id: string, props: NodeModulesLayerProps) {
    super(scope, id);
    this.modules = [...props.modules];
    const buildDir = mkdtempSync(join(tmpdir(), 'hallscore-layer-'));
    let keep = false;
    try {
      const copy = copyModuleClosure(this.modules, join(buildDir, 'nodejs', 'node_modules'));
      this.packages = copy.packages;
      this.bytes = copy.bytes;
      this.files = copy.files;

      const top = this.modules.map((m) => `${m}@${copy.packages.find((p) => p.path === m)?.version ?? '?'}`);
      this.layer = new LayerVersion(this, 'Layer', {
        code: Code.fromAsset(buildDir),
        compatibleRuntimes: [props.runtime],
        compatibleArchitectures: [props.architecture],
        description:
          `hallscore ${props.usedBy}: ${top.join(', ')} with their production dependencies ` +
          `(${copy.packages.length} packages), copied from node_modules`,
      });
      const staging = this.layer.node.findAll().find((c): c is AssetStaging => c instanceof AssetStaging);
      if (!staging) throw new Error(`${this.node.path}: the layer code was not staged as an asset`);
      this.assetDir = staging.absoluteStagedPath;
      // With asset staging disabled (context aws:cdk:disable-asset-staging, e.g. for SAM), the
      // assembly points at the build folder itself: keep it then.
      keep = !relative(buildDir, this.assetDir).startsWith('..');
    } finally {
      if (!keep) rmSync(buildDir, { recursive: true, force: true });
    }
  }
}
