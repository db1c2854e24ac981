/**
 * cdk-nag AwsSolutions over the whole app: no unacknowledged finding, and every acknowledgement
 * is one we meant (listed here) with a reason a reviewer can check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, cdkJsonContext, type HallscoreApp } from '../../infra/hallscore-app.js';

let h: HallscoreApp;
let outdir: string;

beforeAll(() => {
  // An own output folder, removed after the tests: it receives the staged layer asset (~37 MB).
  outdir = mkdtempSync(join(tmpdir(), 'hallscore-nag-test-'));
  h = buildApp({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** Every acknowledgement in the tree: construct path → { rule id → reason }. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  const out: { path: string; id: string; reason: string }[] = [];
  for (const c of root.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(m.data as Record<string, string>)) {
        out.push({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return out;
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding (errors or warnings)', () => {
    const report = h.nag.validateScope(h.app);
    const summary = report.violations.map(
      (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(summary.filter((s) => s.startsWith('error'))).toEqual([]);
    expect(summary).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges only the findings we chose, each with a specific reason', () => {
    const acks = acknowledgements(h.app);
    const byRule = new Map<string, number>();
    for (const a of acks) byRule.set(a.id.replace(/\[.*$/, ''), (byRule.get(a.id.replace(/\[.*$/, '')) ?? 0) + 1);
    expect(Object.fromEntries(byRule)).toEqual({
      // X-Ray on each of the 8 function roles (publish and refresh included); invoke close:* on the scheduler role;
      // the mail archive's mails/* prefix on the query and publish roles; the 8 findings of
      // aws-cdk-lib's BucketDeployment handler (console assets).
      'AwsSolutions-IAM5': 8 + 1 + 2 + 8,
      'AwsSolutions-L1': 8 + 1, // nodejs22.x pinned on each function; the BucketDeployment handler's runtime is the library's
      'AwsSolutions-IAM4': 1, // the BucketDeployment handler's basic execution role (the library's)
      'AwsSolutions-S1': 1, // the log bucket does not log into itself
      'AwsSolutions-CFR1': 1, // no geo restriction
      'AwsSolutions-CFR2': 1, // no WAF by default
      'AwsSolutions-CFR4': 1, // default CloudFront certificate
      'AwsSolutions-APIG4': 1, // authorization in the functions
      'AwsSolutions-SMG4': 1, // admin key rotation is an operator action
      'AwsSolutions-SQS3': 4, // the schedules DLQ, the refresher's on-failure queue and each bus rule's DLQ are themselves DLQs
    });
    for (const a of acks) {
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(80);
    }
    // Wildcard acknowledgements are granular (one finding), never the whole IAM5 rule.
    // (Action:: wildcards only on the library-provided BucketDeployment handler.)
    for (const a of acks.filter((x) => x.id.startsWith('AwsSolutions-IAM5'))) {
      if (a.path.includes('Custom::CDKBucketDeployment')) expect(a.id).toMatch(/^AwsSolutions-IAM5\[(Resource|Action)::.+\]$/);
      else expect(a.id).toMatch(/^AwsSolutions-IAM5\[Resource::.+\]$/);
    }
  });

  it('does catch findings (the check above can fail)', () => {
    const app = new App();
    const stack = new Stack(app, 'Probe');
    new Queue(stack, 'Plain', { enforceSSL: false });
    const nag = new AwsSolutionsChecks(app);
    const rules = nag.validateScope(app).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});
