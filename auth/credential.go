package auth

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"
	"slices"

	"github.com/azcompat/credwrapper/internal/hostrule"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/azcompat/credwrapper"
)

// Test hooks: unexported package variables, replaced by the tests.
var (
	// clientOptions returns the base azcore options of every credential.
	clientOptions = func() policy.ClientOptions { return policy.ClientOptions{} }
	// deviceCodePrompt tells the user how to sign in, as the old package did
	// (on the standard logger).
	deviceCodePrompt = func(_ context.Context, m azidentity.DeviceCodeMessage) error {
		log.Println(m.Message)
		return nil
	}
)

// knownAuthorityHosts are the Entra ID hosts of the public and sovereign
// clouds; instance discovery is disabled for any other authority (Azure Stack
// with AD FS, a private Entra ID endpoint, a test server).
var knownAuthorityHosts = []string{
	"login.microsoftonline.com", "login.microsoft.com", "login.windows.net", "sts.windows.net",
	"login.chinacloudapi.cn", "login.partner.microsoftonline.cn",
	"login.microsoftonline.us", "login.usgovcloudapi.net",
}

// commonOptions are the options every azidentity credential shares.
type commonOptions struct {
	ClientOptions              policy.ClientOptions
	DisableInstanceDiscovery   bool
	AdditionallyAllowedTenants []string
}

// credentialOptions returns the credential options for an authority (an
// AADEndpoint such as "https://login.microsoftonline.com/").
func credentialOptions(aadEndpoint string, auxTenants []string) (commonOptions, error) {
	o := commonOptions{ClientOptions: clientOptions(), AdditionallyAllowedTenants: append([]string(nil), auxTenants...)}
	if aadEndpoint == "" {
		aadEndpoint = cloud.AzurePublic.ActiveDirectoryAuthorityHost
	}
	u, err := url.Parse(aadEndpoint)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return o, fmt.Errorf("the AAD endpoint %q is not an https URL", aadEndpoint)
	}
	o.ClientOptions.Cloud = cloud.Configuration{ActiveDirectoryAuthorityHost: aadEndpoint}
	o.DisableInstanceDiscovery = true
	if slices.Contains(knownAuthorityHosts, hostrule.Parse(u.Host).Name()) {
		o.DisableInstanceDiscovery = false
	}
	return o, nil
}

// wrap wraps cred for resource (a v1 resource such as
// "https://management.azure.com/") and the auxiliary tenants.
func wrap(cred azcore.TokenCredential, resource string, auxTenants []string) (*credwrapper.CredentialWrapper, error) {
	if resource == "" {
		return nil, errors.New("auth: empty resource; set AZURE_AD_RESOURCE or the config's Resource")
	}
	return credwrapper.New(cred, &credwrapper.Options{
		Scopes:           []string{credwrapper.ScopeFromResource(resource)},
		AuxiliaryTenants: auxTenants,
	})
}
