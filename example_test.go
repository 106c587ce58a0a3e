package credwrapper_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/azure"

	"github.com/azcompat/credwrapper"
)

// A legacy autorest client and a new azcore client share one wrapper. The
// fake credential stands in for any azidentity credential.
func ExampleNew() {
	var cred azcore.TokenCredential = &fake.TokenCredential{} // e.g. azidentity.NewDefaultAzureCredential(nil)

	w, err := credwrapper.New(cred, nil) // Azure Resource Manager, public cloud
	if err != nil {
		log.Fatal(err)
	}

	// Legacy side: w is an autorest.Authorizer (client.Authorizer = w).
	client := autorest.NewClientWithUserAgent("my-app")
	client.Authorizer = w
	req, err := autorest.Prepare(&http.Request{},
		autorest.AsGet(),
		autorest.WithBaseURL("https://management.azure.com"),
		autorest.WithPath("/subscriptions"),
		client.WithAuthorization())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(req.Header.Get("Authorization"))

	// New side: w is an azcore.TokenCredential, e.g. armresources.NewClient(sub, w, nil).
	tk, err := w.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: w.Scopes()})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tk.Token)
	fmt.Println(w.Scopes())
	// Output:
	// Bearer fake_token
	// fake_token
	// [https://management.core.windows.net//.default]
}

// Sovereign clouds: the default scope follows Options.Cloud.
func ExampleNew_sovereignCloud() {
	w, err := credwrapper.New(&fake.TokenCredential{}, &credwrapper.Options{Cloud: cloud.AzureChina})
	if err != nil {
		log.Fatal(err)
	}
	// The scope is azcore's Resource Manager audience for the cloud plus
	// "/.default" (the audience's exact form depends on the azcore version).
	scope := w.Scopes()[0]
	fmt.Println(scope == cloud.AzureChina.Services[cloud.ResourceManager].Audience+"/.default")
	fmt.Println(strings.Contains(scope, "management.core.chinacloudapi.cn"))
	// Output:
	// true
	// true
}

// Cross-tenant Resource Manager operations send one token per auxiliary
// tenant in the x-ms-authorization-auxiliary header.
func ExampleNew_auxiliaryTenants() {
	w, err := credwrapper.New(&fake.TokenCredential{}, &credwrapper.Options{
		AuxiliaryTenants: []string{"tenant-b", "tenant-c"},
	})
	if err != nil {
		log.Fatal(err)
	}
	req, err := autorest.Prepare(&http.Request{},
		autorest.WithBaseURL("https://management.azure.com/subscriptions"),
		w.WithAuthorization())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(req.Header.Get("x-ms-authorization-auxiliary"))
	// Output:
	// Bearer fake_token, Bearer fake_token
}

// NewDefault wraps azidentity.DefaultAzureCredential; constructing it needs no
// network.
func ExampleNewDefault() {
	w, err := credwrapper.NewDefault(nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(w.Scopes())
	// Output:
	// [https://management.core.windows.net//.default]
}

// WithScopes derives a wrapper for another audience that shares the
// credential and the token cache.
func ExampleCredentialWrapper_WithScopes() {
	arm, err := credwrapper.New(&fake.TokenCredential{}, nil)
	if err != nil {
		log.Fatal(err)
	}
	kv, err := arm.WithScopes(credwrapper.ScopeFromResource("https://vault.azure.net"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(kv.Scopes())
	// Output:
	// [https://vault.azure.net/.default]
}

// Token failures are adal.TokenRefreshError values (go-autorest does not retry
// them) that keep the credential's error reachable with errors.As or errors.Is.
func ExampleTokenError() {
	cred := &fake.TokenCredential{}
	cred.SetError(errors.New("AADSTS7000215: invalid client secret"))
	w, err := credwrapper.New(cred, nil)
	if err != nil {
		log.Fatal(err)
	}
	_, err = autorest.Prepare(&http.Request{}, autorest.WithBaseURL("https://management.azure.com/"), w.WithAuthorization())
	var tokenErr *credwrapper.TokenError
	fmt.Println(autorest.IsTokenRefreshError(err), errors.As(err, &tokenErr))
	fmt.Println(tokenErr.Scopes)
	// Output:
	// true true
	// [https://management.core.windows.net//.default]
}

// Bearer tokens are never attached to plain HTTP requests by default.
func ExampleHTTPError() {
	w, err := credwrapper.New(&fake.TokenCredential{}, nil)
	if err != nil {
		log.Fatal(err)
	}
	_, err = autorest.Prepare(&http.Request{}, autorest.WithBaseURL("http://example.com/"), w.WithAuthorization())
	fmt.Println(err)
	// Output:
	// credwrapper: refusing to send a bearer token over plain HTTP to http://example.com/; use https, or set Options.InsecureAllowCredentialWithHTTP for a local test server
}

func ExampleScopeFromResource() {
	fmt.Println(credwrapper.ScopeFromResource("https://management.core.windows.net/"))
	fmt.Println(credwrapper.ScopeFromResource("https://vault.azure.net"))
	fmt.Println(credwrapper.ScopeFromResource("https://vault.azure.net/.default"))
	// Output:
	// https://management.core.windows.net//.default
	// https://vault.azure.net/.default
	// https://vault.azure.net/.default
}

func ExampleResourceFromScope() {
	fmt.Println(credwrapper.ResourceFromScope("https://management.core.windows.net//.default"))
	fmt.Println(credwrapper.ResourceFromScope("https://graph.microsoft.com/User.Read"))
	// Output:
	// https://management.core.windows.net/
	// https://graph.microsoft.com
}

func ExampleCloudFromEnvironment() {
	c := credwrapper.CloudFromEnvironment(azure.ChinaCloud)
	fmt.Println(c.ActiveDirectoryAuthorityHost)
	fmt.Println(c.Services[cloud.ResourceManager].Endpoint)
	// the audience is azcore's own for the cloud
	fmt.Println(c.Services[cloud.ResourceManager].Audience == cloud.AzureChina.Services[cloud.ResourceManager].Audience)
	// Output:
	// https://login.chinacloudapi.cn/
	// https://management.chinacloudapi.cn
	// true
}
