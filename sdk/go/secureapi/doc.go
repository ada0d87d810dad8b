// Secure-by-default REST APIs on Amazon API Gateway: SecureRestApi (every method needs an x-api-key) and IAMSecureRestApi (every method needs AWS IAM SigV4 auth).
package secureapi
