/** The admin API key, generated into Secrets Manager at deploy time (never in code or template). */
import { Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export class AdminKey extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description:
        'hallscore admin API key (Authorization: Bearer <value>). Read it with ' +
        '`aws secretsmanager get-secret-value`; functions compare SHA-256 digests.',
      generateSecretString: {
        passwordLength: 48,
        excludePunctuation: true,
        includeSpace: false,
      },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The admin key is a bearer credential held by the hall administrator, not a database ' +
        'password a rotation Lambda could change on both ends: automatic rotation would lock the ' +
        'administrator out. Rotation is an operator action: put a new random value ' +
        '(aws secretsmanager put-secret-value) and hand it over.',
    });
  }
}
