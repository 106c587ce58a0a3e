package hostrule

import (
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/stretchr/testify/assert"

	// the arm runtime registers the Resource Manager audiences of the clouds
	_ "github.com/Azure/azure-sdk-for-go/sdk/azcore/arm/runtime"
)

func TestScopeFor(t *testing.T) {
	fake := cloud.Configuration{Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
		cloud.ResourceManager: {Audience: "https://management.core.windows.net/", Endpoint: "https://127.0.0.1:8443"},
	}}
	for _, tc := range []struct {
		host  string
		cloud cloud.Configuration
		want  string // "" means not a well-known service
	}{
		{"myvault.vault.azure.net", cloud.AzurePublic, "https://vault.azure.net/.default"},
		{"MyVault.Vault.Azure.Net", cloud.AzurePublic, "https://vault.azure.net/.default"},
		{"myvault.vault.azure.net:443", cloud.AzurePublic, ""}, // an explicit port is no well-known service, as in Fits
		{"myvault.vault.azure.net:8443", cloud.AzurePublic, ""},
		{"myvault.vault.azure.net.", cloud.AzurePublic, "https://vault.azure.net/.default"},
		{"myvault.vault.azure.cn", cloud.AzureChina, "https://vault.azure.cn/.default"},
		{"myvault.vault.usgovcloudapi.net", cloud.AzureGovernment, "https://vault.usgovcloudapi.net/.default"},
		{"hsm.managedhsm.azure.net", cloud.AzurePublic, "https://managedhsm.azure.net/.default"},
		{"account.blob.core.windows.net", cloud.AzurePublic, "https://storage.azure.com/.default"},
		{"account.dfs.core.chinacloudapi.cn", cloud.AzureChina, "https://storage.azure.com/.default"},
		{"account.z12.blob.storage.azure.net", cloud.AzurePublic, "https://storage.azure.com/.default"},
		{"graph.microsoft.com", cloud.AzurePublic, "https://graph.microsoft.com/.default"},
		{"microsoftgraph.chinacloudapi.cn", cloud.AzureChina, "https://microsoftgraph.chinacloudapi.cn/.default"},
		{"management.azure.com", cloud.AzurePublic, "https://management.core.windows.net//.default"},
		{"management.azure.com:443", cloud.AzurePublic, "https://management.core.windows.net//.default"},
		{"management.chinacloudapi.cn", cloud.AzureChina, azcoreARMScope(cloud.AzureChina)},
		{"127.0.0.1:8443", fake, "https://management.core.windows.net//.default"},
		// not well-known, or hostile look-alikes
		{"127.0.0.1:8444", fake, ""},
		{"management.azure.com", cloud.AzureChina, ""},
		{"vault.azure.net", cloud.AzurePublic, ""},
		{"vault.azure.net.evil.example", cloud.AzurePublic, ""},
		{"myvault.vault.azure.net.evil.example", cloud.AzurePublic, ""},
		{"evilvault.azure.net", cloud.AzurePublic, ""},
		{"blob.core.windows.net", cloud.AzurePublic, ""},
		{"graph.microsoft.com.evil.example", cloud.AzurePublic, ""},
		{"evilgraph.microsoft.com", cloud.AzurePublic, ""},
		{"", cloud.AzurePublic, ""},
		{"[::1]:443", cloud.AzurePublic, ""},
		{"management.azure.com:8443", cloud.AzurePublic, ""},
		{"user@myvault.vault.azure.net", cloud.AzurePublic, ""},
		{"-x.vault.azure.net", cloud.AzurePublic, ""},
		{"[fe80::1%x.vault.azure.net]", cloud.AzurePublic, ""},
		{"localhost:8443", cloud.Configuration{Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
			cloud.ResourceManager: {Audience: "https://management.local/", Endpoint: "https://LocalHost.:8443/"},
		}}, "https://management.local//.default"},
		{"[::1]", cloud.Configuration{Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
			cloud.ResourceManager: {Audience: "https://management.local/", Endpoint: "https://[0::1]:443"},
		}}, "https://management.local//.default"},
	} {
		got, ok := ScopeFor(Parse(tc.host), tc.cloud)
		assert.Equal(t, tc.want, got, tc.host)
		assert.Equal(t, tc.want != "", ok, tc.host)
	}
}

// azcoreARMScope is the scope azcore's arm runtime requests for the Resource
// Manager of c (the sovereign audiences change between azcore versions).
func azcoreARMScope(c cloud.Configuration) string {
	return c.Services[cloud.ResourceManager].Audience + DefaultSuffix
}

func TestSameAudience(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		// the Resource Manager aliases of each cloud
		{"https://management.azure.com/", "https://management.core.windows.net", true},
		{"https://management.core.windows.net/", "https://MANAGEMENT.azure.com", true},
		{"https://management.core.windows.net//.default", "https://management.azure.com", true},
		{"https://management.chinacloudapi.cn/", "https://management.core.chinacloudapi.cn/", true},
		{"https://management.usgovcloudapi.net", "https://management.core.usgovcloudapi.net/.default", true},
		{"https://management.azure.com", "https://management.chinacloudapi.cn", false},
		{"https://management.azure.com", "https://management.core.chinacloudapi.cn", false},
		// resources and scopes, case, trailing slash and dot
		{"https://vault.azure.net", "https://vault.azure.net/", true},
		{"https://vault.azure.net", "https://vault.azure.net/.default", true},
		{"https://VAULT.azure.net./", "https://vault.azure.net/.default", true},
		{"https://graph.microsoft.com/User.Read", "https://graph.microsoft.com", true},
		{"api://My-App/.default", "api://my-app", true},
		{"499b84ac-1321-427f-aa17-267ca6975798/.default", "499B84AC-1321-427F-AA17-267CA6975798", true},
		// other audiences
		{"https://vault.azure.net", "https://management.azure.com", false},
		{"https://vault.azure.net", "https://vault.azure.net.evil.example", false},
		{"https://vault.azure.net", "https://vault.azure.net:8443", false},
		{"https://vault.azure.net", "https://vault.azure.net/other/.default", false},
		{"https://vault.azure.net", "http://vault.azure.net", false},
		{"https://vault.azure.net", "https://user@vault.azure.net", false},
	} {
		assert.Equal(t, tc.want, SameAudience(tc.a, tc.b), "%s ~ %s", tc.a, tc.b)
		assert.Equal(t, tc.want, SameAudience(tc.b, tc.a), "%s ~ %s", tc.b, tc.a)
	}
}

func TestIsNamespace(t *testing.T) {
	for _, tc := range []struct {
		host string
		want bool
	}{
		{"myns.servicebus.windows.net", true},
		{"MyNS.ServiceBus.Windows.Net", true},
		{"myns.servicebus.windows.net.", true},
		{"myns.servicebus.windows.net:5671", true},
		{"myns.servicebus.chinacloudapi.cn", true},
		{"myns.servicebus.usgovcloudapi.net", true},
		{"myns.servicebus.cloudapi.de", true},
		{"servicebus.windows.net", false},                   // no namespace
		{"a.b.servicebus.windows.net", false},               // not one label
		{"myns.servicebus.windows.net.evil.example", false}, // look-alike
		{"evilservicebus.windows.net", false},
		{"[fe80::1%ns.servicebus.windows.net]", false}, // an IPv6 literal whose zone looks like a namespace
		{"[fe80::1%ns.servicebus.windows.net]:5671", false},
		{"fe80::1%ns.servicebus.windows.net", false},
		{"user@myns.servicebus.windows.net", false},
		{"-ns.servicebus.windows.net", false},
		{"", false},
	} {
		assert.Equal(t, tc.want, IsNamespace(Parse(tc.host)), tc.host)
	}
}
