package credwrapper

import (
	"cmp"
	"fmt"
	"maps"
	"net"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/go-autorest/autorest/azure"

	// The arm runtime registers the Resource Manager audience and endpoint of
	// the well-known clouds in its init function; importing it guarantees that
	// cloud.AzurePublic (and the others) carry them even when the program uses
	// no arm* client.
	_ "github.com/Azure/azure-sdk-for-go/sdk/azcore/arm/runtime"
)

// defaultSuffix is the suffix that turns a v1 resource into a v2 scope that
// asks for every permission granted to the application on that resource.
const defaultSuffix = "/.default"

// ScopeFromResource converts a v1 resource (as used by adal and go-autorest,
// for example "https://management.core.windows.net/") to a v2 scope by
// appending "/.default", exactly as azcore's arm runtime builds its scope from
// an audience. A trailing slash is kept, so the result for the resource above
// is "https://management.core.windows.net//.default"; the double slash is
// deliberate and is what Entra ID expects for that resource.
//
// The function is idempotent on a scope: a value that already ends in
// "/.default" is returned unchanged. Surrounding white space is removed and
// an empty resource returns "".
func ScopeFromResource(resource string) string {
	resource = strings.TrimSpace(resource)
	if resource == "" || strings.HasSuffix(resource, defaultSuffix) {
		return resource
	}
	return resource + defaultSuffix
}

// ResourceFromScope converts a v2 scope back to the v1 resource it names. For
// a "/.default" scope it removes that suffix, so that
// ResourceFromScope(ScopeFromResource(r)) == r for every resource r. For a
// scope naming one permission, such as "https://graph.microsoft.com/User.Read",
// it returns the part before the permission ("https://graph.microsoft.com").
// Any other value is returned without surrounding white space.
func ResourceFromScope(scope string) string {
	scope = strings.TrimSpace(scope)
	if r, ok := strings.CutSuffix(scope, defaultSuffix); ok {
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

// CloudFromEnvironment converts a go-autorest environment, such as
// azure.PublicCloud, azure.ChinaCloud or azure.USGovernmentCloud, to the
// azcore cloud configuration a new SDK client (and this package) uses.
//
// For the well-known clouds the result equals azcore's own configuration
// (cloud.AzurePublic, cloud.AzureChina, cloud.AzureGovernment), including the
// Resource Manager audience the arm runtime asks tokens for, so that legacy and
// new clients request the same token. Any other environment, for example one
// loaded from an Azure Stack metadata file, is converted field by field: the
// authority host is ActiveDirectoryEndpoint, the Resource Manager endpoint is
// ResourceManagerEndpoint and its audience is TokenAudience, falling back to
// ServiceManagementEndpoint and then ResourceManagerEndpoint when unset.
//
// The returned configuration is a copy: changing it does not change azcore's
// globals.
func CloudFromEnvironment(env azure.Environment) cloud.Configuration {
	for _, known := range []struct {
		env azure.Environment
		cfg cloud.Configuration
	}{
		{azure.PublicCloud, cloud.AzurePublic},
		{azure.ChinaCloud, cloud.AzureChina},
		{azure.USGovernmentCloud, cloud.AzureGovernment},
	} {
		if strings.EqualFold(env.Name, known.env.Name) &&
			sameEndpoint(env.ActiveDirectoryEndpoint, known.env.ActiveDirectoryEndpoint) &&
			sameEndpoint(env.ResourceManagerEndpoint, known.env.ResourceManagerEndpoint) {
			return copyCloud(known.cfg)
		}
	}
	audience := cmp.Or(env.TokenAudience, env.ServiceManagementEndpoint, env.ResourceManagerEndpoint)
	cfg := cloud.Configuration{
		ActiveDirectoryAuthorityHost: env.ActiveDirectoryEndpoint,
		Services:                     map[cloud.ServiceName]cloud.ServiceConfiguration{},
	}
	if audience != "" || env.ResourceManagerEndpoint != "" {
		cfg.Services[cloud.ResourceManager] = cloud.ServiceConfiguration{
			Audience: audience,
			Endpoint: strings.TrimSuffix(env.ResourceManagerEndpoint, "/"),
		}
	}
	return cfg
}

// armScope returns the scope of the Resource Manager audience of c, built as
// azcore's arm runtime builds it.
func armScope(c cloud.Configuration) (string, error) {
	svc, ok := c.Services[cloud.ResourceManager]
	if !ok || svc.Audience == "" {
		return "", fmt.Errorf("credwrapper: Options.Cloud has no %s audience; set Options.Scopes or use a cloud such as cloud.AzurePublic", cloud.ResourceManager)
	}
	return svc.Audience + defaultSuffix, nil
}

// validateScopes checks that scopes is non-empty and that every scope is an
// absolute URI (https://vault.azure.net/.default, api://app/.default) or
// starts with a GUID-style application ID
// (00000003-0000-0000-c000-000000000000/.default). The error names the
// offending value and its position.
func validateScopes(scopes []string) error {
	if len(scopes) == 0 {
		return fmt.Errorf("credwrapper: no scope given; want at least one scope such as %q", "https://management.core.windows.net//.default")
	}
	for i, s := range scopes {
		if err := validateScope(s); err != nil {
			return fmt.Errorf("credwrapper: scope %d %q: %w", i, s, err)
		}
	}
	return nil
}

func validateScope(s string) error {
	if s == "" {
		return fmt.Errorf("empty scope")
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f {
			return fmt.Errorf("contains white space or a control character (scopes are passed one per element, not space-separated)")
		}
	}
	if isGUIDPrefixed(s) {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("not an absolute URI or GUID-style identifier")
	}
	if u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("not an absolute URI or GUID-style identifier; a v1 resource such as %q becomes a scope with ScopeFromResource", "https://vault.azure.net")
	}
	return nil
}

// isGUIDPrefixed reports whether s is a GUID (8-4-4-4-12 hex digits), alone or
// followed by "/" and more.
func isGUIDPrefixed(s string) bool {
	const guidLen = 36
	if len(s) < guidLen || (len(s) > guidLen && s[guidLen] != '/') {
		return false
	}
	for i := 0; i < guidLen; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

func sameEndpoint(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "/"), strings.TrimSuffix(b, "/"))
}

func copyCloud(c cloud.Configuration) cloud.Configuration {
	return cloud.Configuration{ActiveDirectoryAuthorityHost: c.ActiveDirectoryAuthorityHost, Services: maps.Clone(c.Services)}
}

// storageScope is the audience of every Azure Storage service in every cloud.
const storageScope = "https://storage.azure.com/.default"

// hostSuffixScopes are the well-known services whose scope follows from the
// request host. A suffix starts with a dot, so it matches whole labels only.
var hostSuffixScopes = func() []struct{ suffix, scope string } {
	out := []struct{ suffix, scope string }{
		{".vault.azure.net", "https://vault.azure.net/.default"},
		{".vault.azure.cn", "https://vault.azure.cn/.default"},
		{".vault.usgovcloudapi.net", "https://vault.usgovcloudapi.net/.default"},
		{".managedhsm.azure.net", "https://managedhsm.azure.net/.default"},
		{".managedhsm.azure.cn", "https://managedhsm.azure.cn/.default"},
		{".managedhsm.usgovcloudapi.net", "https://managedhsm.usgovcloudapi.net/.default"},
	}
	for _, svc := range []string{"blob", "queue", "table", "file", "dfs"} {
		for _, zone := range []string{"core.windows.net", "core.chinacloudapi.cn", "core.usgovcloudapi.net", "storage.azure.net"} {
			out = append(out, struct{ suffix, scope string }{"." + svc + "." + zone, storageScope})
		}
	}
	return out
}()

// graphHosts are the Microsoft Graph endpoints of the clouds.
var graphHosts = []string{"graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"}

// scopeForHost returns the scope of the well-known service at host (a URL
// host, with or without a port): Key Vault, Managed HSM, Storage, Microsoft
// Graph, or the Resource Manager endpoint of c. It reports false for any other
// host.
func scopeForHost(host string, c cloud.Configuration) (string, bool) {
	h := canonicalHost(hostOnly(host))
	if h == "" {
		return "", false
	}
	for _, s := range hostSuffixScopes {
		if strings.HasSuffix(h, s.suffix) && len(h) > len(s.suffix) {
			return s.scope, true
		}
	}
	for _, g := range graphHosts {
		if h == g {
			return "https://" + g + defaultSuffix, true
		}
	}
	if svc, ok := c.Services[cloud.ResourceManager]; ok && svc.Endpoint != "" && svc.Audience != "" {
		if u, err := url.Parse(svc.Endpoint); err == nil && sameHostPort(u.Host, host) {
			return svc.Audience + defaultSuffix, true
		}
	}
	return "", false
}

// sameHostPort compares two URL hosts, the port defaulting to 443.
func sameHostPort(a, b string) bool {
	split := func(h string) (string, string) {
		u := url.URL{Host: h}
		return canonicalHost(u.Hostname()), cmp.Or(u.Port(), "443")
	}
	ah, ap := split(a)
	bh, bp := split(b)
	return ah != "" && ah == bh && ap == bp
}

// scopeFitsHost decides whether a token requested for scope may be sent to
// requestHost (a URL host, with or without a port). It is the one rule for
// every audience a host names for itself, as a Key Vault challenge does: the
// scope's host (its audience) must be a parent domain of the request host,
// on whole DNS labels, as azsecrets requires. A token for
// https://vault.azure.net may go to myvault.vault.azure.net, but not to
// vault.azure.net itself, evilvault.azure.net or vault.azure.net.evil.example.
//
// Hosts are compared in lower case without a trailing dot. A scope that is
// not an https URL, or has user information or a port, never fits; nor does a
// request host that is an IP address, or a host that is not ASCII (compare
// punycode: xn--...).
func scopeFitsHost(scope, requestHost string) error {
	u, err := url.Parse(scope)
	if err != nil || !strings.EqualFold(u.Scheme, "https") || u.User != nil || u.Port() != "" || u.Hostname() == "" {
		return fmt.Errorf("credwrapper: the scope %q does not name an https audience host", scope)
	}
	audience := canonicalHost(u.Hostname())
	host := canonicalHost(hostOnly(requestHost))
	switch {
	case !isDNSName(audience):
		return fmt.Errorf("credwrapper: the scope's host %q is not a DNS name", audience)
	case !isDNSName(host):
		return fmt.Errorf("credwrapper: the request host %q is not a DNS name, so no audience belongs to it; refusing to request a token for it", host)
	case !strings.HasSuffix(host, "."+audience):
		return fmt.Errorf("credwrapper: the audience %s does not belong to the domain of %s (it must be a parent domain, on whole labels); refusing to request a token for it", audience, host)
	}
	return nil
}

// canonicalHost lower-cases a host name and drops a trailing dot.
func canonicalHost(h string) string { return strings.TrimSuffix(strings.ToLower(h), ".") }

// isDNSName reports whether h is a lower-case ASCII DNS name of at least two
// labels (letters, digits and hyphens, not at a label's ends), and not an IP
// address.
func isDNSName(h string) bool {
	if h == "" || len(h) > 253 || net.ParseIP(h) != nil {
		return false
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	// a last label of digits only is an IPv4 form net.ParseIP missed (1.2.3)
	return strings.Trim(labels[len(labels)-1], "0123456789") != ""
}
