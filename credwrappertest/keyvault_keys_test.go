package credwrappertest

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKeyVaultKeysAndLists(t *testing.T) {
	fc := NewTest(t, nil)
	fc.KeyVault.SetPageSize(2)
	tok := getToken(t, fc, KeyVaultResource+"/.default", false)
	kv := func(method, path, body string) (int, map[string]any) {
		t.Helper()
		url := path
		if path[0] == '/' {
			url = fc.KeyVault.URL + path
		}
		resp, b := do(t, fc, method, url, tok, body)
		var out map[string]any
		if b != "" {
			require.NoError(t, json.Unmarshal([]byte(b), &out), b)
		}
		return resp.StatusCode, out
	}
	list := func(path string) (names []string, pages int) {
		t.Helper()
		for next := path; next != ""; pages++ {
			status, body := kv("GET", next, "")
			require.Equal(t, http.StatusOK, status, body)
			for _, it := range body["value"].([]any) {
				m := it.(map[string]any)
				id, _ := m["id"].(string)
				if id == "" {
					id = m["kid"].(string)
				}
				names = append(names, id[len(fc.KeyVault.URL):])
			}
			next, _ = body["nextLink"].(string)
		}
		return names, pages
	}

	for _, name := range []string{"c", "a", "b"} {
		status, _ := kv("PUT", "/secrets/"+name+"?api-version=7.4", `{"value":"v-`+name+`"}`)
		require.Equal(t, http.StatusOK, status)
	}
	names, pages := list("/secrets?api-version=7.4")
	assert.Equal(t, []string{"/secrets/a", "/secrets/b", "/secrets/c"}, names)
	assert.Equal(t, 2, pages)
	status, body := kv("DELETE", "/secrets/b?api-version=7.4", "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, fc.KeyVault.URL+"/deletedsecrets/b", body["recoveryId"])
	status, _ = kv("DELETE", "/secrets/b?api-version=7.4", "")
	assert.Equal(t, http.StatusNotFound, status)

	status, body = kv("POST", "/keys/signing/create?api-version=7.4", `{"kty":"RSA","key_size":2048,"key_ops":["sign","verify"],"tags":{"app":"x"}}`)
	require.Equal(t, http.StatusOK, status, body)
	key := body["key"].(map[string]any)
	assert.Equal(t, fc.KeyVault.URL+"/keys/signing/00000000000000000000000000000001", key["kid"])
	assert.Equal(t, "RSA", key["kty"])
	assert.Equal(t, "AQAB", key["e"])
	assert.Equal(t, map[string]any{"app": "x"}, body["tags"])
	status, body = kv("POST", "/keys/signing/create?api-version=7.4", `{"kty":"EC","crv":"P-256"}`)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, "P-256", body["key"].(map[string]any)["crv"])
	status, body = kv("GET", "/keys/signing/?api-version=7.4", "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "EC", body["key"].(map[string]any)["kty"], "no version: the latest")
	status, body = kv("GET", "/keys/signing/00000000000000000000000000000001?api-version=7.4", "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "RSA", body["key"].(map[string]any)["kty"])
	status, _ = kv("GET", "/keys/signing/ff?api-version=7.4", "")
	assert.Equal(t, http.StatusNotFound, status)
	status, _ = kv("POST", "/keys/bad/create?api-version=7.4", `{}`)
	assert.Equal(t, http.StatusBadRequest, status)
	status, _ = kv("POST", "/keys/other/create?api-version=7.4", `{"kty":"RSA"}`)
	require.Equal(t, http.StatusOK, status)
	names, pages = list("/keys?api-version=7.4&maxresults=1")
	assert.Equal(t, []string{"/keys/other", "/keys/signing"}, names)
	assert.Equal(t, 2, pages)
	status, _ = kv("DELETE", "/keys/other?api-version=7.4", "")
	assert.Equal(t, http.StatusOK, status)
	status, _ = kv("GET", "/keys/other?api-version=7.4", "")
	assert.Equal(t, http.StatusNotFound, status)

	// The vault's requests are in the cloud's traffic.
	rec := fc.Traffic.Recording()
	require.NotEmpty(t, rec)
	assert.Equal(t, Call{Service: "keyvault", Method: "PUT", Path: "/secrets/c", APIVersion: "7.4", Body: `{"value":"` + digest("v-c") + `"}`, Status: 200}, rec[0])
	assert.NotContains(t, rec.String(), "v-c", "a secret's value is recorded as its digest")
	assert.Regexp(t, `^sha256:[0-9a-f]{12}$`, digest("v-c"))
	assert.NotEqual(t, digest("v-c"), digest("v-a"))
	assert.Equal(t, "maxresults=1", rec[len(rec)-4].Query)
}
