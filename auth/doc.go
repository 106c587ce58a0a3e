// Package auth is a drop-in replacement for
// github.com/Azure/go-autorest/autorest/azure/auth (v0.5.13): the same names
// with the same signatures, so that changing the import path is the whole
// migration of a codebase's authentication:
//
//	import "github.com/Azure/go-autorest/autorest/azure/auth"
//	// becomes
//	import "github.com/azcompat/credwrapper/auth"
//
//	authorizer, err := auth.NewAuthorizerFromEnvironment()
//	client.Authorizer = authorizer
//
// Behind every Authorizer is an azidentity credential wrapped in a
// credwrapper.CredentialWrapper: client secret, client certificate (PEM or
// PKCS#12), username/password, managed identity, device code, Azure CLI, and,
// new, workload identity from AZURE_FEDERATED_TOKEN_FILE. The returned
// authorizers are *credwrapper.CredentialWrapper values, so they are also
// azcore.TokenCredential values that new SDK clients accept.
//
// The package honours AZURE_ENVIRONMENT (including AzureStackCloud with
// AZURE_ENVIRONMENT_FILEPATH), AZURE_AD_RESOURCE, AZURE_AUXILIARY_TENANT_IDS
// (";"-separated) and the sdk-auth JSON file named by AZURE_AUTH_LOCATION.
//
// Where the old package had a bug, this one does the right thing: the CLI
// authorizer refreshes its token (the old one used the first token until it
// expired), managed identity is detected without blocking (environment
// variables first, then an IMDS probe bounded to one second), and an
// sdk-auth file with a non-string value is an error instead of a panic.
//
// The ServicePrincipalToken and MultiTenantServicePrincipalToken methods keep
// returning adal tokens, built exactly as before, for code that needs one.
package auth
