package auth

import (
	"context"
	"fmt"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/go-autorest/autorest"
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
// It returns a *credwrapper.CredentialWrapper around an
// azidentity.AzureCLICredential. As before, it gets a token at once, so a
// missing or signed-out Azure CLI is reported here; unlike before, the token is
// refreshed (by running the Azure CLI again) when it nears expiry, instead of
// being used until requests fail.
func NewAuthorizerFromCLIWithResource(resource string) (autorest.Authorizer, error) {
	cred, err := azidentity.NewAzureCLICredential(nil)
	if err != nil {
		return nil, err
	}
	w, err := wrap(cred, resource, nil)
	if err != nil {
		return nil, err
	}
	if err := w.EnsureFreshWithContext(context.Background()); err != nil {
		return nil, fmt.Errorf("auth: getting a token from the Azure CLI: %w", err)
	}
	return w, nil
}
