package hostrule

import (
	"fmt"
	"net/url"
	"strings"
)

// Fits decides whether a token requested for scope may be sent to h. It is
// the one rule for every audience a host names for itself, as a Key Vault
// challenge does: the scope's host (its audience) must be a parent domain of
// h, on whole DNS labels, as azsecrets requires. A token for
// https://vault.azure.net may go to myvault.vault.azure.net, but not to
// vault.azure.net itself, evilvault.azure.net or vault.azure.net.evil.example.
//
// Hosts compare in their normal form (see [Host]). A scope that is not an
// https URL, or has user information or a port, never fits; nor does a host
// with an explicit port (azsecrets compares the URL host, port included, so
// it refuses any port too), an IP literal, or a name that is not ASCII.
// The error names the hosts, never the scope's path or query.
func Fits(scope string, h Host) error {
	u, err := url.Parse(scope)
	if err != nil || !strings.EqualFold(u.Scheme, "https") || u.User != nil || u.Host == "" {
		return fmt.Errorf("the scope %q does not name an https audience host", scope)
	}
	audience := Parse(u.Host)
	switch {
	case audience.hasPort:
		return fmt.Errorf("the scope's host %q has a port; an audience is a host name alone", audience)
	case !audience.IsDNSName():
		return fmt.Errorf("the scope's host %q is not a DNS name", audience)
	case !h.IsDNSName():
		return fmt.Errorf("the request host %q is not a DNS name, so no audience belongs to it; refusing to request a token for it", h)
	case h.hasPort:
		return fmt.Errorf("the request host %q has an explicit port, so no audience belongs to it; refusing to request a token for it", h)
	case !strings.HasSuffix(h.name, "."+audience.name):
		return fmt.Errorf("the audience %s does not belong to the domain of %s (it must be a parent domain, on whole labels); refusing to request a token for it", audience.name, h.name)
	}
	return nil
}
