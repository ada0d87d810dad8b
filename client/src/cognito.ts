// Signing a user in to a Cognito user pool, for an API whose routes have a
// Cognito authorizer: InitiateAuth with USER_PASSWORD_AUTH through the AWS
// SDK, which returns the ID and access tokens to send as a bearer token.
// SRP sign-in (USER_SRP_AUTH) is not offered: the AWS SDK does not do SRP's
// arithmetic itself, and this package does not hand-write it.
// Errors name the app client and the user, never the password or a token.
import { createHmac } from "crypto";
import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { type AwsOptions, awsErrorName, awsErrorText, errorMessage, sdkClientConfig } from "./awsConfig";

export interface CognitoTokens {
    /** The ID token: what a Cognito authorizer without OAuth scopes checks. */
    idToken: string;
    /** The access token: what a route with OAuth scopes checks. */
    accessToken: string;
    refreshToken?: string;
    /** Seconds the tokens are valid for. */
    expiresIn?: number;
    /** "Bearer" */
    tokenType?: string;
}

export interface CognitoSignInOptions extends Omit<AwsOptions, "credentials"> {
    /** The user pool's app client id; the client must allow ALLOW_USER_PASSWORD_AUTH. */
    clientId: string;
    username: string;
    password: string;
    /** Only for an app client that has a secret: SECRET_HASH is computed from it. */
    clientSecret?: string;
    client?: CognitoIdentityProviderClient;
}

/** SECRET_HASH, which Cognito wants from an app client with a secret: Base64(HMAC-SHA256(secret, username + clientId)). */
export function cognitoSecretHash(username: string, clientId: string, clientSecret: string): string {
    return createHmac("sha256", clientSecret)
        .update(username + clientId)
        .digest("base64");
}

/** A refusal already worded for the caller. */
class SignInError extends Error {}

/** What to do about a challenge this helper does not answer. */
function challengeHint(challenge: string): string {
    if (challenge === "NEW_PASSWORD_REQUIRED") {
        return "the user still has a temporary password: set a permanent one (aws cognito-idp admin-set-user-password --permanent) or sign in once with a client that changes it";
    }
    if (/MFA|TOTP/.test(challenge)) return "the user has multi-factor authentication: sign in with a client that answers MFA challenges";
    return "sign in with a client that answers it";
}

/** Why Cognito refused, with what to check. */
function signInErrorHint(error: unknown): string {
    const text = errorMessage(error);
    if (/flow not enabled/i.test(text))
        return " (allow ALLOW_USER_PASSWORD_AUTH in the app client's auth flows; SRP sign-in is not supported here)";
    if (/SECRET_HASH/i.test(text)) return " (the app client has a secret: give it, SECURE_API_COGNITO_CLIENT_SECRET for the CLI)";
    if (/region is missing/i.test(text)) return " (give the user pool's region: --region or AWS_REGION)";
    return "";
}

/**
 * Signs the user in (InitiateAuth, USER_PASSWORD_AUTH) and returns the tokens.
 * The call needs no AWS credentials; `region` is the user pool's.
 */
export async function cognitoSignIn(options: CognitoSignInOptions): Promise<CognitoTokens> {
    if (!options.clientId) throw new Error("cognitoSignIn needs clientId");
    if (!options.username) throw new Error("cognitoSignIn needs username");
    if (!options.password) throw new Error("cognitoSignIn needs a password (it is empty)");
    const who = `user ${options.username} of app client ${options.clientId}`;
    const client = options.client ?? new CognitoIdentityProviderClient(sdkClientConfig(options));
    const parameters: Record<string, string> = { USERNAME: options.username, PASSWORD: options.password };
    if (options.clientSecret) parameters.SECRET_HASH = cognitoSecretHash(options.username, options.clientId, options.clientSecret);
    try {
        const out = await client.send(
            new InitiateAuthCommand({ ClientId: options.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: parameters }),
        );
        if (out.ChallengeName) {
            throw new SignInError(
                `Cognito asks ${who} to answer a ${out.ChallengeName} challenge, which this helper does not do: ${challengeHint(out.ChallengeName)}`,
            );
        }
        const result = out.AuthenticationResult;
        if (!result?.IdToken || !result.AccessToken) throw new SignInError(`Cognito signed in ${who} but returned no tokens`);
        return {
            idToken: result.IdToken,
            accessToken: result.AccessToken,
            refreshToken: result.RefreshToken,
            expiresIn: result.ExpiresIn,
            tokenType: result.TokenType,
        };
    } catch (e) {
        if (e instanceof SignInError) throw e;
        const name = awsErrorName(e);
        if (name === "NotAuthorizedException" && !/SECRET_HASH|flow/i.test(errorMessage(e))) {
            throw new Error(`Cognito refused to sign in ${who}: ${awsErrorText(e)} (check the username and password)`);
        }
        throw new Error(`Cognito sign-in of ${who} failed: ${awsErrorText(e, "Cognito", options.endpoint)}${signInErrorHint(e)}`);
    } finally {
        if (!options.client) client.destroy();
    }
}
