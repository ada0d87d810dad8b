// Secure-by-default APIs on Amazon API Gateway: SecureRestApi (every method needs an x-api-key), IAMSecureRestApi (every method needs AWS IAM SigV4 auth) and SecureHttpApi (an HTTP API whose every route needs IAM, a JWT or a Lambda authorizer).
package secureapi
