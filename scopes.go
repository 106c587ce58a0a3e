package credwrapper

import (
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"strings"
	"unicode"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/go-autorest/autorest/azure"

	"github.com/azcompat/credwrapper/internal/hostrule"

	// The arm runtime registers the Resource Manager audience and endpoint of
	// the well-known clouds in its init function; importing it guarantees that
	// cloud.AzurePublic (and the others) carry them even when the program uses
	// no arm* client.
	_ "github.com/Azure/azure-sdk-for-go/sdk/azcore/arm/runtime"
)

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
	return hostrule.ScopeFromResource(resource)
}

// ResourceFromScope converts a v2 scope back to the v1 resource it names. For
// a "/.default" scope it removes that suffix, so that
// ResourceFromScope(ScopeFromResource(r)) == r for every resource r. For a
// scope naming one permission, such as "https://graph.microsoft.com/User.Read",
// it returns the part before the permission ("https://graph.microsoft.com").
// Any other value is returned without surrounding white space.
func ResourceFromScope(scope string) string {
	return hostrule.ResourceFromScope(scope)
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
			equalEndpoints(env.ActiveDirectoryEndpoint, known.env.ActiveDirectoryEndpoint) &&
			equalEndpoints(env.ResourceManagerEndpoint, known.env.ResourceManagerEndpoint) {
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
	return svc.Audience + hostrule.DefaultSuffix, nil
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
		if unicode.IsSpace(r) || unicode.IsControl(r) {
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

// equalEndpoints compares two endpoint URLs, ignoring case and a trailing slash.
func equalEndpoints(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "/"), strings.TrimSuffix(b, "/"))
}

func copyCloud(c cloud.Configuration) cloud.Configuration {
	return cloud.Configuration{ActiveDirectoryAuthorityHost: c.ActiveDirectoryAuthorityHost, Services: maps.Clone(c.Services)}
}
