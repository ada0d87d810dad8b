// Rotation of IAMSecureRestApi's access key (accessKeyRotation: { generation,
// retirePrevious }), using IAM's two access keys per user for the overlap
// (IAM quotas: "Access keys assigned to an IAM user: 2").
//   - generation 0 (or no rotation): the access key as today, resource `{name}`;
//   - bumping to N creates key `{name}-gen{N}` next to N-1 and writes the NEW
//     pair into the secret (a new secret version); N-1 keeps working;
//   - retirePrevious: true drops N-1 from the program, so Pulumi deletes it, in
//     an update after the one that wrote the new secret version (and, within
//     any update, deletes run only after every create and update succeeded).
// Bumping again before retiring would need a third key: IAM rejects the create
// (LimitExceeded) and the update stops before anything is deleted or written.
// Lowering the generation cannot be seen at construction (a component does not
// read its state): Pulumi would create the lower generation's key anew and
// delete the higher one; the runbook says never to do it.
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { generationSuffix, RotationSettings } from "./keyRotation";
import type { DerivedName } from "../shared/names";

/** The generations whose access keys exist: [current] or [previous, current]. */
export function accessKeyGenerations(rotation: RotationSettings | undefined): number[] {
    if (rotation === undefined || rotation.generation === 0) return [0];
    return rotation.retirePrevious ? [rotation.generation] : [rotation.generation - 1, rotation.generation];
}

/** The Pulumi names of the access keys (for the stack-wide claims: IAMSecureRestApi "a" at generation 1 and "a-gen1" would share one). */
export function accessKeyDerivedNames(name: string, rotation: RotationSettings | undefined): DerivedName[] {
    if (rotation !== undefined && !(Number.isSafeInteger(rotation.generation) && rotation.generation >= 0)) return [];
    return accessKeyGenerations(rotation).map(g => ({
        kind: "Pulumi name of an access key",
        name: `${name}${generationSuffix(g)}`,
        field: g === 0 ? "name" : "accessKeyRotation.generation",
        value: g === 0 ? name : rotation!.generation,
        what: `the access key of generation ${g}`,
    }));
}

/** Creates the access key of every generation that exists; returns the current one (the pair the secret holds). */
export function createAccessKeys(
    name: string,
    user: aws.iam.User,
    rotation: RotationSettings | undefined,
    parent: pulumi.Resource,
): aws.iam.AccessKey {
    let current: aws.iam.AccessKey | undefined;
    for (const g of accessKeyGenerations(rotation)) {
        current = new aws.iam.AccessKey(`${name}${generationSuffix(g)}`, { user: user.name }, { parent });
    }
    return current!;
}
