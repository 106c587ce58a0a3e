package auth

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/azcompat/credwrapper/internal/redact"
)

// The types of this package that hold a secret print it as REDACTED under
// every fmt verb (they implement fmt.Formatter), so that logging a
// configuration, or a struct holding one, never leaks it. go-autorest's
// types printed their secrets.

const redacted = "REDACTED"

// secretValues are the keys of EnvironmentSettings.Values and
// FileSettings.Values whose values are secrets.
var secretValues = []string{ClientSecret, CertificatePassword, Password}

func mask(secret string) string {
	if secret == "" {
		return `""`
	}
	return redacted
}

// formatValues prints a settings map in key order, secrets redacted.
func formatValues(values map[string]string) string {
	var b strings.Builder
	b.WriteString("map[")
	for i, k := range slices.Sorted(maps.Keys(values)) {
		if i > 0 {
			b.WriteByte(' ')
		}
		v := fmt.Sprintf("%q", values[k])
		if slices.Contains(secretValues, k) {
			v = mask(values[k])
		}
		fmt.Fprintf(&b, "%s:%s", k, v)
	}
	b.WriteByte(']')
	return b.String()
}

// String describes the configuration with the client secret redacted.
func (ccc ClientCredentialsConfig) String() string {
	return fmt.Sprintf("auth.ClientCredentialsConfig{ClientID:%q ClientSecret:%s TenantID:%q AuxTenants:%q AADEndpoint:%q Resource:%q}",
		ccc.ClientID, mask(ccc.ClientSecret), ccc.TenantID, ccc.AuxTenants, ccc.AADEndpoint, ccc.Resource)
}

// GoString is String, for %#v.
func (ccc ClientCredentialsConfig) GoString() string { return ccc.String() }

// Format prints String for every verb.
func (ccc ClientCredentialsConfig) Format(f fmt.State, _ rune) { redact.Format(f, ccc) }

// String describes the configuration with the certificate password redacted.
func (ccc ClientCertificateConfig) String() string {
	return fmt.Sprintf("auth.ClientCertificateConfig{ClientID:%q CertificatePath:%q CertificatePassword:%s TenantID:%q AuxTenants:%q AADEndpoint:%q Resource:%q}",
		ccc.ClientID, ccc.CertificatePath, mask(ccc.CertificatePassword), ccc.TenantID, ccc.AuxTenants, ccc.AADEndpoint, ccc.Resource)
}

// GoString is String, for %#v.
func (ccc ClientCertificateConfig) GoString() string { return ccc.String() }

// Format prints String for every verb.
func (ccc ClientCertificateConfig) Format(f fmt.State, _ rune) { redact.Format(f, ccc) }

// String describes the configuration with the password redacted.
func (ups UsernamePasswordConfig) String() string {
	return fmt.Sprintf("auth.UsernamePasswordConfig{ClientID:%q Username:%q Password:%s TenantID:%q AADEndpoint:%q Resource:%q}",
		ups.ClientID, ups.Username, mask(ups.Password), ups.TenantID, ups.AADEndpoint, ups.Resource)
}

// GoString is String, for %#v.
func (ups UsernamePasswordConfig) GoString() string { return ups.String() }

// Format prints String for every verb.
func (ups UsernamePasswordConfig) Format(f fmt.State, _ rune) { redact.Format(f, ups) }

// String describes the settings with secrets redacted.
func (settings EnvironmentSettings) String() string {
	return fmt.Sprintf("auth.EnvironmentSettings{Values:%s Environment:%s}", formatValues(settings.Values), settings.Environment.Name)
}

// GoString is String, for %#v.
func (settings EnvironmentSettings) GoString() string { return settings.String() }

// Format prints String for every verb.
func (settings EnvironmentSettings) Format(f fmt.State, _ rune) { redact.Format(f, settings) }

// String describes the settings with secrets redacted.
func (settings FileSettings) String() string {
	return "auth.FileSettings{Values:" + formatValues(settings.Values) + "}"
}

// GoString is String, for %#v.
func (settings FileSettings) GoString() string { return settings.String() }

// Format prints String for every verb.
func (settings FileSettings) Format(f fmt.State, _ rune) { redact.Format(f, settings) }
