/**
 * The console and the hall screen on AWS (CONTRACT.md §13: "from the same origin as the API"): one
 * CloudFront distribution serves the built assets (web/dist) from a private S3 bucket through Origin
 * Access Control, and sends the API's paths (/v1/*, /health, /openapi.json) to the HTTP API
 * uncached, with every header but Host, so keys and content types reach the functions unchanged.
 * Attendance devices keep talking to the API's own URL (plain HTTP firmware, see README).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CfFunction,
  FunctionCode,
  FunctionEventType,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { REPO_ROOT } from '../functions.js';

/** Paths of the HTTP API behind the distribution (shared/http/routes.ts); the rest are assets. */
export const API_PATHS = ['/v1/*', '/health', '/openapi.json'] as const;

export interface ConsoleSiteProps {
  /** The HTTP API's endpoint (https://{id}.execute-api.{region}.amazonaws.com). */
  apiEndpoint: string;
  accessLogs: IBucket;
  /** web/dist by default; built by `npm install` (postinstall) and `npm run build:web`. */
  assetsDir?: string;
}

/**
 * /screen/{hallId} is the screen page; everything else without a file extension is the console's
 * single page (it routes with the URL hash). CloudFront Functions run JavaScript 2.0 (cloudfront-js-2.0).
 */
const REWRITE = `function handler(event) {
  var r = event.request;
  if (r.uri.indexOf('/screen/') === 0 || r.uri === '/screen') r.uri = '/screen.html';
  else if (r.uri.indexOf('.') === -1) r.uri = '/index.html';
  return r;
}`;

export class ConsoleSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    const assets = props.assetsDir ?? join(REPO_ROOT, 'web', 'dist');
    if (!existsSync(join(assets, 'index.html'))) throw new Error(`infra: ${assets}/index.html is missing: run npm run build:web first`);

    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console-assets/',
      // Rebuilt from web/dist by every deployment: nothing in it is worth keeping.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    const rewrite = new CfFunction(this, 'Rewrite', { code: FunctionCode.fromInline(REWRITE), comment: 'console and hall screen paths → their HTML' });
    const api = new HttpOrigin(Fn.select(2, Fn.split('/', props.apiEndpoint)), { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY, readTimeout: Duration.seconds(30) });
    const apiBehavior: BehaviorOptions = {
      origin: api,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    const s3 = S3BucketOrigin.withOriginAccessControl(this.bucket);

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'hallscore console, hall screen and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL, // the halls are in mainland China: edge locations in Asia
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: s3,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        // The HTML names the hashed bundles: it must never be stale after a deployment.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        functionAssociations: [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // Vite's content-hashed bundles: cached as long as CloudFront allows.
        '/assets/*': { origin: s3, viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS, cachePolicy: CachePolicy.CACHING_OPTIMIZED, responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS },
        ...Object.fromEntries(API_PATHS.map((p) => [p, apiBehavior])),
      },
    });

    // Two uploads: the hashed bundles are immutable (cached a year everywhere); the two HTML pages
    // that name them are revalidated on every load, and invalidated at the edge on each deployment.
    const bundles = new BucketDeployment(this, 'DeployBundles', {
      sources: [Source.asset(join(assets, 'assets'))],
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'assets/',
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      prune: false, // a browser holding yesterday's HTML still finds yesterday's bundles
      memoryLimit: 512,
    });
    const pages = new BucketDeployment(this, 'DeployPages', {
      sources: [Source.asset(assets, { exclude: ['assets', 'assets/*', '.source-digest'] })],
      destinationBucket: this.bucket,
      cacheControl: [CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/screen.html'],
      memoryLimit: 512,
    });
    // The pages go up after the bundles they name.
    pages.node.addDependency(bundles);

    const acks: [string, string][] = [
      [
        'AwsSolutions-CFR1',
        'No geo restriction: the console is used by hall offices and dispatching departments across China and by operators abroad; access is controlled by API keys, not by location.',
      ],
      [
        'AwsSolutions-CFR2',
        'No WAF web ACL by default: every API call needs a Bearer key checked in the functions, API Gateway throttles each route, and a web ACL costs a fixed monthly fee per hall; add one in front for halls that require it.',
      ],
      [
        'AwsSolutions-CFR4',
        'The distribution uses the default *.cloudfront.net certificate, which CloudFront pins to TLSv1 as its minimum; a hall that maps its own domain sets an ACM certificate and TLSv1.2_2021 there.',
      ],
    ];
    for (const [id, reason] of acks) Validations.of(this.distribution).acknowledge({ id, reason });
    this.acknowledgeDeploymentHandler();
  }

  /** BucketDeployment's handler is a CDK-provided singleton at stack level; its findings are the library's. */
  private acknowledgeDeploymentHandler(): void {
    const stack = Stack.of(this);
    for (const c of stack.node.children.filter((x) => x.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      Validations.of(c).acknowledge({
        id: 'AwsSolutions-L1',
        reason: 'The BucketDeployment handler is provided by aws-cdk-lib (Python, with the AWS CLI layer); its runtime is chosen by the library version pinned in package.json, not by this project.',
      });
      Validations.of(c).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The aws-cdk-lib BucketDeployment handler role uses the AWS managed basic execution policy: CloudWatch Logs write only, created by the library; it runs only during deployments.',
      });
      // Its policy is the library's grantRead on the CDK asset bucket and grantReadWrite on the assets
      // bucket (wildcard actions: s3:GetObject*, s3:List*, …) plus cloudfront:CreateInvalidation.
      const read = 'the handler copies the zipped web/dist from the CDK asset bucket (grantRead of aws-cdk-lib, which names these action families)';
      const write = 'the handler writes, replaces and (with prune) deletes the console files of the assets bucket only (grantReadWrite of aws-cdk-lib)';
      const findings: [string, string][] = [
        ['Action::s3:GetBucket*', read],
        ['Action::s3:GetObject*', read],
        ['Action::s3:List*', read],
        ['Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*', `${read}: the asset object's key is a content hash known only at deployment`],
        ['Action::s3:Abort*', write],
        ['Action::s3:DeleteObject*', write],
        [`Resource::<${(stack.resolve(this.bucket.bucketArn) as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]}.Arn>/*`, `${write}: every object of the console assets bucket`],
        ['Resource::*', 'cloudfront:CreateInvalidation (invalidating index.html and screen.html after an upload) supports no resource-level permission in this library version, so AWS requires Resource "*"'],
      ];
      for (const [finding, reason] of findings) Validations.of(c).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: `BucketDeployment handler: ${reason}.` });
    }
  }
}
