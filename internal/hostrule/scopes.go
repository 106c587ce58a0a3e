package hostrule

import (
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
)

// DefaultSuffix turns a v1 resource into the v2 scope that asks for every
// permission granted to the application on that resource.
const DefaultSuffix = "/.default"

// The scopes of the services whose audience is the same in every cloud.
const (
	StorageScope    = "https://storage.azure.com" + DefaultSuffix
	EventHubsScope  = "https://eventhubs.azure.net" + DefaultSuffix
	ServiceBusScope = "https://servicebus.azure.net" + DefaultSuffix
)

// The Key Vault and Managed HSM scopes of the public and sovereign clouds.
const (
	KeyVaultScope               = "https://vault.azure.net" + DefaultSuffix
	KeyVaultChinaScope          = "https://vault.azure.cn" + DefaultSuffix
	KeyVaultUSGovernmentScope   = "https://vault.usgovcloudapi.net" + DefaultSuffix
	ManagedHSMScope             = "https://managedhsm.azure.net" + DefaultSuffix
	ManagedHSMChinaScope        = "https://managedhsm.azure.cn" + DefaultSuffix
	ManagedHSMUSGovernmentScope = "https://managedhsm.usgovcloudapi.net" + DefaultSuffix
)

// ScopeFromResource appends DefaultSuffix to a v1 resource without
// surrounding white space; a value already ending in DefaultSuffix, and an
// empty one, are returned as they are.
func ScopeFromResource(resource string) string {
	resource = strings.TrimSpace(resource)
	if resource == "" || strings.HasSuffix(resource, DefaultSuffix) {
		return resource
	}
	return resource + DefaultSuffix
}

// ResourceFromScope returns the v1 resource a scope names: without
// DefaultSuffix, or without the permission of a scope such as
// https://graph.microsoft.com/User.Read. Any other value is returned without
// surrounding white space.
func ResourceFromScope(scope string) string {
	scope = strings.TrimSpace(scope)
	if r, ok := strings.CutSuffix(scope, DefaultSuffix); ok {
		return r
	}
	u, err := url.Parse(scope)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return scope
	}
	if i := strings.LastIndexByte(scope, '/'); i >= len(u.Scheme)+len("://")+len(u.Host) && i < len(scope)-1 {
		return scope[:i]
	}
	return scope
}

// suffixScopes are the well-known services whose scope follows from the
// name of the host. A suffix starts with a dot, so it matches whole labels
// only.
var suffixScopes = func() []struct{ suffix, scope string } {
	out := []struct{ suffix, scope string }{
		{".vault.azure.net", KeyVaultScope},
		{".vault.azure.cn", KeyVaultChinaScope},
		{".vault.usgovcloudapi.net", KeyVaultUSGovernmentScope},
		{".managedhsm.azure.net", ManagedHSMScope},
		{".managedhsm.azure.cn", ManagedHSMChinaScope},
		{".managedhsm.usgovcloudapi.net", ManagedHSMUSGovernmentScope},
	}
	for _, svc := range []string{"blob", "queue", "table", "file", "dfs"} {
		for _, zone := range []string{"core.windows.net", "core.chinacloudapi.cn", "core.usgovcloudapi.net", "storage.azure.net"} {
			out = append(out, struct{ suffix, scope string }{"." + svc + "." + zone, StorageScope})
		}
	}
	return out
}()

// graphScopes are the Microsoft Graph hosts of the clouds and their scopes.
var graphScopes = map[string]string{
	"graph.microsoft.com":             "https://graph.microsoft.com" + DefaultSuffix,
	"graph.microsoft.us":              "https://graph.microsoft.us" + DefaultSuffix,
	"dod-graph.microsoft.us":          "https://dod-graph.microsoft.us" + DefaultSuffix,
	"microsoftgraph.chinacloudapi.cn": "https://microsoftgraph.chinacloudapi.cn" + DefaultSuffix,
}

// ScopeFor returns the scope of the well-known service at h: Key Vault,
// Managed HSM and Storage (a host below their domains, on whole labels),
// Microsoft Graph (its host), or the Resource Manager audience of c for the
// host and port (443 when none) of c's Resource Manager endpoint. As in Fits,
// a host with an explicit port is none of the well-known services: those
// serve on 443 and their URLs name no port. It reports false for any other
// host.
func ScopeFor(h Host, c cloud.Configuration) (string, bool) {
	if h.kind == kindName && h.port == "" {
		for _, s := range suffixScopes {
			if len(h.name) > len(s.suffix) && strings.HasSuffix(h.name, s.suffix) {
				return s.scope, true
			}
		}
		if s, ok := graphScopes[h.name]; ok {
			return s, true
		}
	}
	if svc, ok := c.Services[cloud.ResourceManager]; ok && svc.Endpoint != "" && svc.Audience != "" && h.Valid() {
		if u, err := url.Parse(svc.Endpoint); err == nil {
			if e := Parse(u.Host); e.Valid() && e.name == h.name && e.portOr443() == h.portOr443() {
				return svc.Audience + DefaultSuffix, true
			}
		}
	}
	return "", false
}

func (h Host) portOr443() string {
	if h.port == "" {
		return "443"
	}
	return h.port
}
