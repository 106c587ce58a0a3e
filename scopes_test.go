package credwrapper

import (
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/go-autorest/autorest/azure"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScopeFromResource(t *testing.T) {
	for _, tc := range []struct{ resource, want string }{
		{"https://management.core.windows.net/", "https://management.core.windows.net//.default"},
		{"https://management.azure.com/", "https://management.azure.com//.default"},
		{"https://vault.azure.net", "https://vault.azure.net/.default"},
		{"https://storage.azure.com/", "https://storage.azure.com//.default"},
		{"https://vault.azure.net/.default", "https://vault.azure.net/.default"},                           // idempotent
		{"https://management.core.windows.net//.default", "https://management.core.windows.net//.default"}, // idempotent
		{"  https://vault.azure.net \n", "https://vault.azure.net/.default"},
		{"499b84ac-1321-427f-aa17-267ca6975798", "499b84ac-1321-427f-aa17-267ca6975798/.default"},
		{"api://my-app", "api://my-app/.default"},
		{"", ""},
		{"   ", ""},
	} {
		assert.Equal(t, tc.want, ScopeFromResource(tc.resource), "ScopeFromResource(%q)", tc.resource)
	}
}

func TestResourceFromScope(t *testing.T) {
	for _, tc := range []struct{ scope, want string }{
		{"https://management.core.windows.net//.default", "https://management.core.windows.net/"},
		{"https://vault.azure.net/.default", "https://vault.azure.net"},
		{"https://graph.microsoft.com/User.Read", "https://graph.microsoft.com"},
		{"https://graph.microsoft.com/", "https://graph.microsoft.com/"},
		{"https://graph.microsoft.com", "https://graph.microsoft.com"},
		{"499b84ac-1321-427f-aa17-267ca6975798/.default", "499b84ac-1321-427f-aa17-267ca6975798"},
		{"api://my-app/.default", "api://my-app"},
		{"User.Read", "User.Read"},
		{"", ""},
	} {
		assert.Equal(t, tc.want, ResourceFromScope(tc.scope), "ResourceFromScope(%q)", tc.scope)
	}
}

func TestScopeResourceRoundTrip(t *testing.T) {
	for _, r := range []string{
		"https://management.core.windows.net/", "https://management.azure.com", "https://vault.azure.net",
		"https://storage.azure.com/", "https://management.core.chinacloudapi.cn", "api://x", "499b84ac-1321-427f-aa17-267ca6975798",
	} {
		s := ScopeFromResource(r)
		assert.Equal(t, r, ResourceFromScope(s), "resource %q -> scope %q -> resource", r, s)
		assert.Equal(t, s, ScopeFromResource(ResourceFromScope(s)), "scope %q round trip", s)
		assert.Equal(t, s, ScopeFromResource(s), "idempotent on %q", s)
	}
}

func TestCloudFromEnvironment(t *testing.T) {
	for _, tc := range []struct {
		name          string
		env           azure.Environment
		wantAuthority string
		wantAudience  string
		wantEndpoint  string
		wantScope     string
	}{
		{"public", azure.PublicCloud, "https://login.microsoftonline.com/", "https://management.core.windows.net/", "https://management.azure.com", "https://management.core.windows.net//.default"},
		// azcore decides the sovereign audiences (1.21 added a trailing slash)
		{"china", azure.ChinaCloud, "https://login.chinacloudapi.cn/", azcoreARMAudience(cloud.AzureChina), "https://management.chinacloudapi.cn", azcoreARMScope(cloud.AzureChina)},
		{"usgov", azure.USGovernmentCloud, "https://login.microsoftonline.us/", azcoreARMAudience(cloud.AzureGovernment), "https://management.usgovcloudapi.net", azcoreARMScope(cloud.AzureGovernment)},
		{"custom stack", azure.Environment{
			Name:                    "AzureStackCloud",
			ActiveDirectoryEndpoint: "https://login.stack.example/adfs/",
			ResourceManagerEndpoint: "https://management.stack.example/",
			TokenAudience:           "https://management.adfs.stack.example/abc",
		}, "https://login.stack.example/adfs/", "https://management.adfs.stack.example/abc", "https://management.stack.example", "https://management.adfs.stack.example/abc/.default"},
		{"public name with other endpoints is custom", azure.Environment{
			Name:                      "AzurePublicCloud",
			ActiveDirectoryEndpoint:   "https://login.example/",
			ResourceManagerEndpoint:   "https://arm.example/",
			ServiceManagementEndpoint: "https://sm.example/",
		}, "https://login.example/", "https://sm.example/", "https://arm.example", "https://sm.example//.default"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CloudFromEnvironment(tc.env)
			assert.Equal(t, tc.wantAuthority, got.ActiveDirectoryAuthorityHost)
			assert.Equal(t, tc.wantAudience, got.Services[cloud.ResourceManager].Audience)
			assert.Equal(t, tc.wantEndpoint, got.Services[cloud.ResourceManager].Endpoint)
			w, err := New(&scriptedCredential{}, &Options{Cloud: got})
			require.NoError(t, err)
			assert.Equal(t, []string{tc.wantScope}, w.Scopes())
		})
	}
}

func TestCloudFromEnvironmentReturnsCopy(t *testing.T) {
	c := CloudFromEnvironment(azure.PublicCloud)
	c.Services[cloud.ResourceManager] = cloud.ServiceConfiguration{Audience: "https://evil.example"}
	assert.Equal(t, "https://management.core.windows.net/", cloud.AzurePublic.Services[cloud.ResourceManager].Audience)
}

func TestValidateScopes(t *testing.T) {
	for _, tc := range []struct {
		scopes  []string
		wantErr string // "" means valid
	}{
		{[]string{"https://management.core.windows.net//.default"}, ""},
		{[]string{"https://vault.azure.net/.default"}, ""},
		{[]string{"api://my-app/.default"}, ""},
		{[]string{"499b84ac-1321-427f-aa17-267ca6975798/.default"}, ""},
		{[]string{"499B84AC-1321-427F-AA17-267CA6975798"}, ""},
		{[]string{"https://graph.microsoft.com/User.Read", "https://graph.microsoft.com/Mail.Read"}, ""},
		{nil, "no scope given"},
		{[]string{}, "no scope given"},
		{[]string{""}, `scope 0 "": empty scope`},
		{[]string{"https://vault.azure.net/.default", ""}, `scope 1 "": empty scope`},
		{[]string{"User.Read"}, "not an absolute URI or GUID-style identifier"},
		{[]string{"management.azure.com/.default"}, "not an absolute URI or GUID-style identifier"},
		{[]string{"/.default"}, "not an absolute URI"},
		{[]string{"https://a/.default https://b/.default"}, "white space"},
		{[]string{"https://a/\x00"}, "control character"},
		{[]string{"499b84ac-1321-427f-aa17-267ca697579Z/.default"}, "not an absolute URI"},
		{[]string{"499b84ac-1321-427f-aa17-267ca6975798x"}, "not an absolute URI"},
		{[]string{"https://%zz/.default"}, "not an absolute URI"},
	} {
		err := validateScopes(tc.scopes)
		if tc.wantErr == "" {
			assert.NoError(t, err, "%q", tc.scopes)
			continue
		}
		if assert.Error(t, err, "%q", tc.scopes) {
			assert.Contains(t, err.Error(), tc.wantErr)
			assert.Contains(t, err.Error(), "credwrapper:")
		}
	}
}

// azcoreARMAudience is the Resource Manager audience of c as the azcore the
// tests are built with defines it; azcoreARMScope the scope azcore's arm
// runtime requests for it. Tests derive sovereign values from azcore, since
// they change between azcore versions.
func azcoreARMAudience(c cloud.Configuration) string {
	return c.Services[cloud.ResourceManager].Audience
}

func azcoreARMScope(c cloud.Configuration) string { return azcoreARMAudience(c) + "/.default" }
