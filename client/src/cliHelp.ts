// The examples and output notes shown after `secure-api call --help`.
export const CALL_HELP = `
Examples:
  # SecureRestApi, key read from SSM (/{stackName}/api-key); the body alone on stdout
  $ secure-api call --api-key-param /my-app-dev/api-key GET https://abc123.execute-api.eu-west-1.amazonaws.com/prod/hello | jq .

  # key from the Pulumi stack output APIKey (needs the pulumi CLI), JSON body from stdin
  $ echo '{"name":"x"}' | secure-api call --stack-output --stack dev POST https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items -d @-

  # key from the environment, so it is not visible in the process list; status line and headers too
  $ SECURE_API_KEY=... secure-api call -i GET https://abc123.execute-api.eu-west-1.amazonaws.com/prod/

  # IAMSecureRestApi: sign with the credentials from its secret, through the invoke role
  $ secure-api call --iam-secret my-app-dev/iam-user-credentials \\
      --role-arn arn:aws:iam::123456789012:role/my-app-dev@api-invoke-role \\
      GET 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items?limit=10'

  # sign with your own AWS identity (environment, profile, SSO, instance role), like awscurl
  $ secure-api call --iam --profile dev GET https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items

  # a route with a Cognito or Lambda authorizer: the key and a bearer token (see cognito-token)
  $ SECURE_API_BEARER=... secure-api call --api-key-param /my-app-dev/api-key GET https://abc123.execute-api.eu-west-1.amazonaws.com/prod/me

  # a custom domain with mutual TLS: a client certificate and its key (PEM)
  $ secure-api call --cert client.pem --key client.key --api-key-param /my-app-dev/api-key GET https://api.example.com/hello

  # against a local emulator for the AWS lookups
  $ secure-api call --endpoint-url http://127.0.0.1:5000 --region us-east-1 --api-key-param /demo/api-key GET http://localhost:3000/

stdout carries only the response body, byte for byte (-i adds the status line
and headers first, as curl does). --verbose writes the request and response
headers to stderr with x-api-key, Authorization and X-Amz-Security-Token
values redacted. A key and a bearer token can be sent together; a bearer
token cannot go with --iam/--iam-secret (the signature is the Authorization
header). Exit status: 0 for HTTP < 400; 1 for HTTP >= 400 (the body is
still on stdout, one line on stderr says why: curl --fail-with-body) or a
failed lookup or connection; 2 for a usage error.
`;
