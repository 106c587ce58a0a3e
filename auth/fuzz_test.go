package auth

import (
	"testing"
	"unicode/utf16"
)

// FuzzParseAuthFile feeds arbitrary bytes to the sdk-auth file parser: it
// must never panic (go-autorest's did on a non-string value), and what it
// accepts holds only the known keys.
func FuzzParseAuthFile(f *testing.F) {
	f.Add([]byte(`{"clientId":"c","clientSecret":"s","tenantId":"t","subscriptionId":"sub","activeDirectoryEndpointUrl":"https://login.microsoftonline.com","resourceManagerEndpointUrl":"https://management.azure.com/"}`))
	f.Add([]byte(`{"clientSecret": 42}`))
	f.Add([]byte(`{"clientId": null, "x": [1, {"y": true}]}`))
	f.Add([]byte("\xEF\xBB\xBF{\"clientId\":\"bom\"}"))
	f.Add(append([]byte{0xFF, 0xFE}, utf16le(`{"clientId":"le"}`)...))
	f.Add([]byte{0xFE, 0xFF, 0x00})
	f.Add([]byte(`not json`))
	known := map[string]bool{}
	for _, k := range authFileKeys {
		known[k.key] = true
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseAuthFile(b)
		if err != nil {
			return
		}
		for k := range s.Values {
			if !known[k] {
				t.Fatalf("unknown key %q accepted", k)
			}
		}
		_ = s.GetSubscriptionID()
		_, _ = s.getResourceForToken("https://management.azure.com/")
	})
}

func utf16le(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}
