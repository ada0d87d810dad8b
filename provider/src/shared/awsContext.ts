// Account, region and partition as the AWS provider the component actually
// uses sees them: the invokes run with the component as parent, so an explicit
// provider (another region, another account, aws-cn) is honoured.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AwsContext {
    readonly accountId: pulumi.Output<string>;
    readonly region: pulumi.Output<string>;
    readonly partition: pulumi.Output<string>;
}

/** Each invoke runs on first use only, so a caller pays for just what it reads. */
export function awsContext(parent: pulumi.Resource, region?: pulumi.Input<string>): AwsContext {
    const opts = { parent };
    let accountId: pulumi.Output<string> | undefined;
    let resolvedRegion: pulumi.Output<string> | undefined;
    let partition: pulumi.Output<string> | undefined;
    return {
        get accountId() {
            return (accountId ??= aws.getCallerIdentityOutput({}, opts).accountId);
        },
        // An explicit region input wins over the provider's (v7 resources take a region each).
        get region() {
            return (resolvedRegion ??= region !== undefined ? pulumi.output(region) : aws.getRegionOutput({}, opts).region);
        },
        get partition() {
            return (partition ??= aws.getPartitionOutput({}, opts).partition);
        },
    };
}
