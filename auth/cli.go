package auth

import (
	"context"
	"fmt"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/go-autorest/autorest"
	"github.com/azcompat/credwrapper/internal/tokentime"
)

// NewAuthorizerFromCLI creates an Authorizer configured from Azure CLI 2.0 for local development scenarios,
// for AZURE_AD_RESOURCE or the Resource Manager endpoint of AZURE_ENVIRONMENT.
func NewAuthorizerFromCLI() (autorest.Authorizer, error) {
	settings, err := GetSettingsFromEnvironment()
	if err != nil {
		return nil, err
	}
	if settings.Values[Resource] == "" {
		settings.Values[Resource] = settings.Environment.ResourceManagerEndpoint
	}
	return NewAuthorizerFromCLIWithResource(settings.Values[Resource])
}

// NewAuthorizerFromCLIWithResource creates an Authorizer configured from Azure CLI 2.0 for local development scenarios.
//
// As in go-autorest, it gets one token from the Azure CLI at once (through an
// azidentity.AzureCLICredential), so a missing or signed-out Azure CLI is
// reported here, and returns an *autorest.BearerAuthorizer whose
// TokenProvider is that token, an *adal.Token, which is never refreshed:
// code that reads its expiry to decide when to sign in again keeps working.
// For an authorizer that refreshes, use
//
//	cred, err := azidentity.NewAzureCLICredential(nil)
//	...
//	authorizer, err := credwrapper.New(cred, nil)
func NewAuthorizerFromCLIWithResource(resource string) (autorest.Authorizer, error) {
	cred, err := azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{})
	if err != nil {
		return nil, err
	}
	// Through a wrapper for its error types (a *credwrapper.TokenError naming
	// the Azure CLI) and its scope checks.
	w, err := wrap(cred, resource, nil)
	if err != nil {
		return nil, err
	}
	tk, err := w.GetToken(context.Background(), policy.TokenRequestOptions{})
	if err != nil {
		return nil, fmt.Errorf("auth: getting a token from the Azure CLI: %w", err)
	}
	token := adalToken(tk, resource, tokentime.Now())
	return autorest.NewBearerAuthorizer(&token), nil
}
