package hostrule

import (
	"net/url"
	"strings"
)

// armAliases are the pairs of Resource Manager audiences that Resource Manager
// accepts interchangeably, in each cloud: the v68 SDK and adal use the
// endpoint, azcore's arm runtime the management.core audience.
var armAliases = map[string]string{
	"https://management.azure.com":         "https://management.core.windows.net",
	"https://management.chinacloudapi.cn":  "https://management.core.chinacloudapi.cn",
	"https://management.usgovcloudapi.net": "https://management.core.usgovcloudapi.net",
}

// SameAudience reports whether a and b, each a v1 resource or a v2 scope,
// name the same audience: the same resource (see [ResourceFromScope]) in
// lower case, without a trailing slash, its host in normal form, the
// Resource Manager aliases of a cloud counting as one.
func SameAudience(a, b string) bool {
	return audienceKey(a) == audienceKey(b)
}

func audienceKey(s string) string {
	r := strings.ToLower(strings.TrimSuffix(ResourceFromScope(s), "/"))
	if u, err := url.Parse(r); err == nil && u.Scheme != "" && u.Host != "" && u.User == nil {
		if key := Key(u.Host); key != u.Host {
			r = u.Scheme + "://" + key + strings.TrimPrefix(r, u.Scheme+"://"+u.Host)
		}
	}
	if alias, ok := armAliases[r]; ok {
		return alias
	}
	return r
}
