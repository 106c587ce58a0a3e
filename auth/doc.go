// Package auth is a drop-in replacement for
// github.com/Azure/go-autorest/autorest/azure/auth (v0.5.13): the same names,
// signatures and returned concrete types, so that changing the import path is
// the whole migration of a codebase's authentication:
//
//	import "github.com/Azure/go-autorest/autorest/azure/auth"
//	// becomes
//	import "github.com/azcompat/credwrapper/auth"
//
//	authorizer, err := auth.NewAuthorizerFromEnvironment()
//	if err != nil {
//		return err
//	}
//	client.Authorizer = authorizer
//
// Code that cannot tell the difference: every function returns what
// go-autorest returns (an *autorest.BearerAuthorizer holding an
// *adal.ServicePrincipalToken, go-autorest's multi-tenant authorizer when
// auxiliary tenants are set, an *adal.Token snapshot for the Azure CLI), and
// fails, or not, at the same moment: a configuration go-autorest accepts
// and Entra ID would refuse is accepted here too, and its first request fails
// with the reason.
//
// Behind every adal token is an azidentity credential, reached through adal's
// custom refresh hook and a credwrapper.CredentialWrapper (one Entra ID
// request per token lifetime, however many goroutines ask): client secret,
// client certificate (PKCS#12 or PEM), username/password, managed identity,
// device code, Azure CLI and, new, workload identity from
// AZURE_FEDERATED_TOKEN_FILE. [Credential] returns that wrapper, an
// azcore.TokenCredential, for the new SDK clients of a migration.
//
// The package honours AZURE_ENVIRONMENT (including AzureStackCloud with
// AZURE_ENVIRONMENT_FILEPATH), AZURE_AD_RESOURCE, AZURE_AUXILIARY_TENANT_IDS
// (";"-separated) and the sdk-auth JSON file named by AZURE_AUTH_LOCATION.
//
// Where go-autorest had a bug, this package does the safe thing, listed in
// MIGRATION.md ("What behaves differently, and why"): a client secret is
// never sent to an http:// authority, managed identity is detected without
// blocking (environment variables first, then an IMDS probe bounded to one
// second), and an sdk-auth file with a non-string value is an error instead
// of a panic.
package auth
