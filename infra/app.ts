/** CDK app entry (cdk.json: `npx tsx infra/app.ts`). Settings come from context, see infra/config.ts. */
import { buildApp } from './hallscore-app.js';

buildApp().app.synth();
