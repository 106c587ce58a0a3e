package auth

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/azcompat/credwrapper/internal/printcheck"
)

// No exported type of the package prints a secret, by value, by pointer or
// held in a struct, under any verb; the types are enumerated from the
// package, so a new one without a case fails. The configurations print their
// description, with the secrets' place marked REDACTED.
func TestNoSecretInAnyPrint(t *testing.T) {
	const clientSecret, certificatePassword, password = "client-secret-value", "certificate-password-value", "user-password-value"
	values := map[string]string{
		ClientID: "id", ClientSecret: clientSecret, CertificatePassword: certificatePassword, Password: password, TenantID: "tenant",
	}
	cases := map[string]printcheck.Case{
		"AuthorizerConfig":        {Exempt: "an interface: the configurations that implement it are checked"},
		"ClientCredentialsConfig": {Value: NewClientCredentialsConfig("id", clientSecret, "tenant")},
		"ClientCertificateConfig": {Value: NewClientCertificateConfig("/cert.pfx", certificatePassword, "id", "tenant")},
		"UsernamePasswordConfig":  {Value: NewUsernamePasswordConfig("user", password, "id", "tenant")},
		"EnvironmentSettings":     {Value: EnvironmentSettings{Values: values}},
		"FileSettings":            {Value: FileSettings{Values: values}},
		"DeviceFlowConfig":        {Value: NewDeviceFlowConfig("id", "tenant")},
		"MSIConfig":               {Value: MSIConfig{Resource: armResource, ClientID: "id"}},
		"WorkloadIdentityConfig":  {Value: WorkloadIdentityConfig{ClientID: "id", TenantID: "tenant", TokenFilePath: "/var/run/token"}},
	}
	printcheck.Check(t, ".", []string{clientSecret, certificatePassword, password}, cases)

	for _, name := range []string{"ClientCredentialsConfig", "ClientCertificateConfig", "UsernamePasswordConfig", "EnvironmentSettings", "FileSettings"} {
		v := cases[name].Value
		s := fmt.Sprint(v)
		assert.Contains(t, s, "REDACTED", "%s: the secret's place is marked", name)
		for _, verb := range printcheck.Verbs {
			assert.Equal(t, s, fmt.Sprintf(verb, v), "%s under %s prints its description", name, verb)
		}
	}
	assert.Contains(t, fmt.Sprint(cases["EnvironmentSettings"].Value), "AZURE_CLIENT_SECRET:REDACTED")
}
