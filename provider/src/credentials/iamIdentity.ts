// The identity allowed to call an IAMSecureRestApi: an IAM user whose access
// key pair is kept in Secrets Manager (rotated by accessKeyRotation.ts),
// allowed execute-api:Invoke on this API's stage only — directly, or (useRole)
// only by assuming a role that holds the permission. Its settings, checks,
// policy documents and console link live here so the component only wires.
// policyRoutes limits the invoke policy to some routes (edge/routeGrants.ts):
// full method ARNs arn:{partition}:execute-api:{region}:{account}:{apiId}/
// {stage}/{METHOD}/{path}. IAM refuses a managed policy over 6,144 characters,
// whitespace not counted ("IAM and AWS STS quotas", managed policy size); the
// account, API id and region are known only at deploy, so the document is
// measured at construction with the longest each can be (a 12-digit account, a
// 10-character API id, the region when it is a plain input, else the longest
// region name), never shorter than the one IAM will get.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../shared/awsContext";
import type { InputChecker } from "../shared/inputErrors";
import { fitName, NAME_LIMITS } from "../shared/names";
import type { IAMSecureRestApiArgs } from "../shared/schema-types";
import { createAccessKeys } from "./accessKeyRotation";
import { RotationSettings, rotationSettings } from "./keyRotation";
import { IamRoute, RouteGrant, routeGrants } from "../edge/routeGrants";

/** What the identity needs of the shared settings (sharedInputs.ts), without importing components/. */
export interface IdentityContext {
    readonly stageName: string;
    readonly region?: pulumi.Input<string>;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export const DEFAULT_MAX_SESSION_DURATION = 10800;
const SESSION_RANGE = { min: 3600, max: 43200 } as const;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]+$/;
const IAM_NAME = /^[A-Za-z0-9_+=,.@-]+$/;
// What Secrets Manager's KmsKeyId takes: a key ARN, a key id (a UUID or a multi-Region mrk- id), an alias name or an alias ARN.
const KMS_KEY =
    /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)|alias\/[A-Za-z0-9/_-]+|(mrk-)?[A-Fa-f0-9-]{32,36})$/;

export interface IdentitySettings {
    readonly secretName: string;
    readonly secretRecoveryWindowInDays: number;
    readonly useRole: boolean;
    readonly roleName: string;
    readonly trustAccountRoot: boolean;
    readonly maxSessionDuration: number;
    readonly userName: string;
    readonly policyName: string;
    /** false: no user, access key or secret (callers are invokers or roles of the account). */
    readonly createUser: boolean;
    readonly accessKeyRotation?: RotationSettings;
    /** The routes the invoke policy allows; undefined: the whole stage. */
    readonly policyRoutes?: readonly RouteGrant[];
    /** The whole stage in an invoke ARN after {stage}/: "*\/*" (REST: {METHOD}/{path}), "*" (HTTP APIs: also $default). */
    readonly stageResource: string;
    /** SecureHttpApi's invokers: principals the invoke role trusts besides the user and the account root. */
    readonly trustedInvokers: readonly string[];
    /** A customer managed KMS key for the secret (checkov CKV_AWS_149); undefined: the account's aws/secretsmanager key. */
    readonly secretKmsKeyId?: pulumi.Input<string>;
}

/** How an API kind's identity differs: which routes IAM decides, what the whole stage is, whether invokers assume the role. */
export interface IdentityRules {
    readonly iamRoute?: IamRoute;
    readonly stageResource?: string;
    /** SecureHttpApi: invokers are principals the role trusts (HTTP APIs have no resource policy). */
    readonly trustedInvokers?: readonly string[];
}

export const MANAGED_POLICY_MAX_CHARS = 6144;
/** The longest values the ARN parts can take, to measure a policy before they are known. */
const LONGEST = { partition: "aws-us-gov", region: "ap-southeast-7", accountId: "123456789012", apiId: "abcdefghij" } as const;

/** Defaults and checks for the IAM identity inputs. */
export function identitySettings(
    args: IAMSecureRestApiArgs,
    stackName: string,
    check: InputChecker,
    rules: IdentityRules = {},
): IdentitySettings {
    const stageResource = rules.stageResource ?? "*/*";
    const trustedInvokers = rules.trustedInvokers ?? [];
    const secretName = args.secretName ?? `${stackName}/iam-user-credentials`;
    if (typeof secretName !== "string" || secretName.length === 0 || secretName.length > NAME_LIMITS.secretsManagerSecret) {
        check.fail("secretName", secretName, `must be 1 to ${NAME_LIMITS.secretsManagerSecret} characters`);
    } else if (!SECRET_NAME.test(secretName)) {
        check.fail("secretName", secretName, "may contain only letters, digits and / _ + = . @ - (Secrets Manager's rule)");
    }
    const recovery = args.secretRecoveryWindowInDays ?? 0;
    if (!Number.isSafeInteger(recovery) || (recovery !== 0 && (recovery < 7 || recovery > 30))) {
        check.fail("secretRecoveryWindowInDays", recovery, "must be 0 (delete at once) or a whole number of days from 7 to 30");
    }
    const useRole = args.useRole ?? false;
    if (typeof useRole !== "boolean") check.fail("useRole", useRole, "must be true or false");
    if (args.trustAccountRoot !== undefined && typeof args.trustAccountRoot !== "boolean") {
        check.fail("trustAccountRoot", args.trustAccountRoot, "must be true or false");
    }
    for (const field of ["roleName", "trustAccountRoot", "maxSessionDuration"] as const) {
        if (!useRole && args[field] !== undefined) check.fail(field, args[field], "only applies with useRole: true");
    }
    let roleName = fitName(`${stackName}@api-invoke-role`, NAME_LIMITS.iamRole);
    if (args.roleName !== undefined) {
        roleName = args.roleName;
        if (typeof roleName !== "string" || roleName.length === 0 || roleName.length > NAME_LIMITS.iamRole) {
            check.fail("roleName", roleName, `must be 1 to ${NAME_LIMITS.iamRole} characters (IAM's limit)`);
        } else if (!IAM_NAME.test(roleName)) {
            check.fail("roleName", roleName, "may contain only letters, digits and _ + = , . @ - (IAM's rule)");
        }
    }
    const maxSessionDuration = args.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION;
    if (!Number.isSafeInteger(maxSessionDuration) || maxSessionDuration < SESSION_RANGE.min || maxSessionDuration > SESSION_RANGE.max) {
        check.fail(
            "maxSessionDuration",
            maxSessionDuration,
            `must be a whole number of seconds from ${SESSION_RANGE.min} to ${SESSION_RANGE.max}`,
        );
    }
    const createUser = args.createUser ?? true;
    if (typeof createUser !== "boolean") check.fail("createUser", createUser, "must be true or false");
    if (createUser === false) {
        for (const field of ["secretName", "secretRecoveryWindowInDays", "accessKeyRotation", "secretKmsKeyId"] as const) {
            if (args[field] !== undefined)
                check.fail(field, args[field], "only applies with createUser: true (there is no user, access key or secret)");
        }
        if (useRole && args.trustAccountRoot === false && trustedInvokers.length === 0) {
            check.fail(
                "trustAccountRoot",
                false,
                "with createUser: false and useRole, the account root is the only principal the role can trust",
            );
        }
    }
    const kms = args.secretKmsKeyId;
    if (
        kms !== undefined &&
        !pulumi.Output.isInstance(kms) &&
        (typeof kms !== "string" || !KMS_KEY.test(kms)) &&
        !(kms instanceof Promise)
    ) {
        check.fail("secretKmsKeyId", kms, "must be a KMS key ARN, key id, alias/{name} or alias ARN (what Secrets Manager takes)");
    }
    const policyRoutes = routeGrants("policyRoutes", args.policyRoutes, args.routes, check, rules.iamRoute);
    if (policyRoutes) {
        const region = typeof args.region === "string" ? args.region : LONGEST.region;
        const size = nonWhitespaceLength(
            invokePolicyDocument({ ...LONGEST, region, stageName: stageNameOf(args), routes: policyRoutes, stageResource }),
        );
        if (size > MANAGED_POLICY_MAX_CHARS) {
            check.fail(
                "policyRoutes",
                `${policyRoutes.length} routes`,
                `the invoke policy would be up to ${size} characters (whitespace not counted), more than IAM's limit of ${MANAGED_POLICY_MAX_CHARS} for a managed policy; grant ANY on a path instead of each method, or leave policyRoutes out for the whole stage`,
            );
        }
    }
    return {
        createUser: createUser !== false,
        ...(policyRoutes ? { policyRoutes } : {}),
        ...(kms !== undefined ? { secretKmsKeyId: kms } : {}),
        accessKeyRotation: rotationSettings("accessKeyRotation", args.accessKeyRotation, check),
        secretName,
        secretRecoveryWindowInDays: recovery,
        useRole,
        roleName,
        trustAccountRoot: args.trustAccountRoot ?? true,
        maxSessionDuration,
        userName: fitName(`${stackName}-api-user`, NAME_LIMITS.iamUser),
        policyName: fitName(`${stackName}-api-invoke`, NAME_LIMITS.iamPolicy),
        stageResource,
        trustedInvokers,
    };
}

/** The stage name as the shared inputs will have it (checked there). */
function stageNameOf(args: IAMSecureRestApiArgs): string {
    return typeof args.stageName === "string" ? args.stageName : "prod";
}

function nonWhitespaceLength(text: string): number {
    return text.replace(/\s/g, "").length;
}

/** The policy document allowing only execute-api:Invoke on one stage of one API (or, with routes, on those routes of it). */
export function invokePolicyDocument(p: {
    partition: string;
    region: string;
    accountId: string;
    apiId: string;
    stageName: string;
    routes?: readonly RouteGrant[];
    /** The whole stage after "{stage}/": "*\/*" by default (REST). */
    stageResource?: string;
}): string {
    const stage = `arn:${p.partition}:execute-api:${p.region}:${p.accountId}:${p.apiId}/${p.stageName}`;
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: "execute-api:Invoke",
                Resource: p.routes ? p.routes.map(r => `${stage}/${r.resource}`) : `${stage}/${p.stageResource ?? "*/*"}`,
            },
        ],
    });
}

/** Console link to a secret; the console's host differs per partition. */
export function secretConsoleUrl(partition: string, region: string, secretName: string): string {
    const host =
        partition === "aws-cn"
            ? `${region}.console.amazonaws.cn`
            : partition === "aws-us-gov"
              ? `${region}.console.amazonaws-us-gov.com`
              : `${region}.console.aws.amazon.com`;
    return `https://${host}/secretsmanager/secret?name=${encodeURIComponent(secretName)}&region=${region}`;
}

export interface Identity {
    /** The user, its current access key and the secret holding it: absent with createUser: false. */
    readonly user?: aws.iam.User;
    readonly accessKey?: aws.iam.AccessKey;
    readonly secret?: aws.secretsmanager.Secret;
    readonly secretVersion?: aws.secretsmanager.SecretVersion;
    readonly policy: aws.iam.Policy;
    readonly role?: aws.iam.Role;
}

export function createIdentity(
    name: string,
    s: IdentitySettings,
    ctx: AwsContext,
    apiId: pulumi.Output<string>,
    shared: IdentityContext,
    parent: pulumi.Resource,
): Identity {
    const opts = { parent };
    const { stageName, tags } = shared;
    const user = s.createUser ? new aws.iam.User(name, { name: s.userName, tags }, opts) : undefined;
    const keyPair = user && createKeyPair(name, s, user, shared, parent);
    const policy = new aws.iam.Policy(
        name,
        {
            name: s.policyName,
            description: `Invoke the ${stageName} stage of ${name}`,
            policy: pulumi.all([ctx.partition, ctx.region, ctx.accountId, apiId]).apply(([partition, region, accountId, id]) =>
                invokePolicyDocument({
                    partition,
                    region,
                    accountId,
                    apiId: id,
                    stageName,
                    routes: s.policyRoutes,
                    stageResource: s.stageResource,
                }),
            ),
            tags,
        },
        opts,
    );

    if (!s.useRole) {
        if (user) new aws.iam.UserPolicyAttachment(name, { user: user.name, policyArn: policy.arn }, opts);
        return { user, ...keyPair, policy };
    }

    const principals = pulumi
        .all([user?.arn, ctx.partition, ctx.accountId])
        .apply(([userArn, partition, accountId]) => [
            ...(userArn ? [userArn] : []),
            ...(s.trustAccountRoot ? [`arn:${partition}:iam::${accountId}:root`] : []),
            ...s.trustedInvokers,
        ]);
    const role = new aws.iam.Role(
        name,
        {
            name: s.roleName,
            assumeRolePolicy: principals.apply(aws =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { AWS: aws }, Action: "sts:AssumeRole" }],
                }),
            ),
            maxSessionDuration: s.maxSessionDuration,
            tags,
        },
        opts,
    );
    new aws.iam.RolePolicyAttachment(name, { role: role.name, policyArn: policy.arn }, opts);
    // With a role, the user's only right is to assume that one role.
    if (user) {
        new aws.iam.UserPolicy(
            name,
            {
                user: user.name,
                policy: role.arn.apply(arn =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: arn }],
                    }),
                ),
            },
            opts,
        );
    }
    return { user, ...keyPair, policy, role };
}

/** The user's access key(s) (accessKeyRotation.ts) and the secret holding the current pair. */
function createKeyPair(
    name: string,
    s: IdentitySettings,
    user: aws.iam.User,
    shared: Omit<IdentityContext, "stageName">,
    parent: pulumi.Resource,
): Pick<Identity, "accessKey" | "secret" | "secretVersion"> {
    const opts = { parent };
    const tags = shared.tags;
    const accessKey = createAccessKeys(name, user, s.accessKeyRotation, parent);
    const secret = new aws.secretsmanager.Secret(
        name,
        {
            name: s.secretName,
            description: `Access key pair of the IAM user allowed to invoke ${name}`,
            recoveryWindowInDays: s.secretRecoveryWindowInDays,
            kmsKeyId: s.secretKmsKeyId,
            region: shared.region,
            tags,
        },
        opts,
    );
    const secretVersion = new aws.secretsmanager.SecretVersion(
        name,
        {
            secretId: secret.id,
            region: shared.region,
            secretString: pulumi.secret(pulumi.jsonStringify({ "access-key-id": accessKey.id, "secret-access-key": accessKey.secret })),
        },
        opts,
    );
    return { accessKey, secret, secretVersion };
}
