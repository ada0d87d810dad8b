// What the stage-attached edge features (domain.ts, waf.ts) are created with.
// Its own file, importing nothing of the project, so the edge files and the
// graph that builds the stage can both name it without a circle.
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/** What the custom domain and the WAF are created with (domain.ts, waf.ts): the stage they attach to, and where. */
export interface StageContext {
    readonly name: string;
    /** The component's label, for errors found when values resolve. */
    readonly label: string;
    readonly stackName: string;
    readonly restApi: aws.apigateway.RestApi;
    readonly stage: aws.apigateway.Stage;
    readonly region?: pulumi.Input<string>;
    /** The region the API is created in (its region input, else the provider's). */
    readonly apiRegion: () => pulumi.Output<string>;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    readonly parent: pulumi.Resource;
}
