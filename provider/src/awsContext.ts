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

export function awsContext(parent: pulumi.Resource, region?: pulumi.Input<string>): AwsContext {
    const opts = { parent };
    return {
        accountId: aws.getCallerIdentityOutput({}, opts).accountId,
        // An explicit region input wins over the provider's (v7 resources take a region each).
        region: region !== undefined ? pulumi.output(region) : aws.getRegionOutput({}, opts).region,
        partition: aws.getPartitionOutput({}, opts).partition,
    };
}
