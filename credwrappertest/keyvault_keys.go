package credwrappertest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// SetPageSize sets the number of items per page of the vault's list
// operations when the request does not say (maxresults); default
// DefaultPageSize.
func (kv *KeyVault) SetPageSize(n int) {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	kv.pageSize = max(n, 1)
}

// serveMore answers what the secrets handler does not: listing and deleting
// secrets, and keys (create, get, list, delete). ok is false for the
// requests it leaves to the secrets handler.
func (kv *KeyVault) serveMore(w http.ResponseWriter, r *http.Request, seg []string) (status int, ok bool) {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	switch {
	case len(seg) == 1 && seg[0] == "secrets" && r.Method == http.MethodGet:
		var items []any
		for _, name := range sortedKeys(kv.secrets) {
			v := kv.secrets[name]
			s := v[len(v)-1]
			id := s.ID[:strings.LastIndex(s.ID, "/")]
			items = append(items, map[string]any{"id": id, "contentType": s.ContentType, "tags": s.Tags, "attributes": s.Attributes})
		}
		return kv.page(w, r, items), true
	case len(seg) == 2 && seg[0] == "secrets" && r.Method == http.MethodDelete:
		v, found := kv.secrets[strings.ToLower(seg[1])]
		if !found {
			return kvError(w, http.StatusNotFound, "SecretNotFound", "A secret with (name/id) "+seg[1]+" was not found in this key vault."), true
		}
		delete(kv.secrets, strings.ToLower(seg[1]))
		s := v[len(v)-1]
		writeJSON(w, http.StatusOK, map[string]any{
			"id": s.ID, "contentType": s.ContentType, "tags": s.Tags, "attributes": s.Attributes,
			"recoveryId":  kv.URL + "/deletedsecrets/" + seg[1],
			"deletedDate": time.Now().Unix(), "scheduledPurgeDate": time.Now().Add(90 * 24 * time.Hour).Unix(),
		})
		return http.StatusOK, true
	case len(seg) == 0 || seg[0] != "keys":
		return 0, false
	case len(seg) == 1 && r.Method == http.MethodGet:
		var items []any
		for _, name := range sortedKeys(kv.keys) {
			v := kv.keys[name]
			b := v[len(v)-1]
			kid := b["key"].(map[string]any)["kid"].(string)
			items = append(items, map[string]any{"kid": kid[:strings.LastIndex(kid, "/")], "tags": b["tags"], "attributes": b["attributes"]})
		}
		return kv.page(w, r, items), true
	case len(seg) == 3 && seg[2] == "create" && r.Method == http.MethodPost:
		return kv.createKey(w, r, seg[1]), true
	case (len(seg) == 2 || len(seg) == 3) && r.Method == http.MethodGet:
		v := kv.keys[strings.ToLower(seg[1])]
		if len(v) == 0 {
			return kvError(w, http.StatusNotFound, "KeyNotFound", "A key with (name/id) "+seg[1]+" was not found in this key vault."), true
		}
		b := v[len(v)-1]
		if len(seg) == 3 && seg[2] != "" {
			n, err := strconv.ParseInt(seg[2], 16, 64)
			if err != nil || n < 1 || int(n) > len(v) {
				return kvError(w, http.StatusNotFound, "KeyNotFound", "A key with (name/id) "+seg[1]+"/"+seg[2]+" was not found in this key vault."), true
			}
			b = v[n-1]
		}
		writeJSON(w, http.StatusOK, b)
		return http.StatusOK, true
	case len(seg) == 2 && r.Method == http.MethodDelete:
		v := kv.keys[strings.ToLower(seg[1])]
		if len(v) == 0 {
			return kvError(w, http.StatusNotFound, "KeyNotFound", "A key with (name/id) "+seg[1]+" was not found in this key vault."), true
		}
		delete(kv.keys, strings.ToLower(seg[1]))
		b := deepCopy(v[len(v)-1]).(map[string]any)
		b["recoveryId"] = kv.URL + "/deletedkeys/" + seg[1]
		b["deletedDate"], b["scheduledPurgeDate"] = time.Now().Unix(), time.Now().Add(90*24*time.Hour).Unix()
		writeJSON(w, http.StatusOK, b)
		return http.StatusOK, true
	}
	return kvError(w, http.StatusMethodNotAllowed, "BadParameter", r.Method+" is not supported on "+r.URL.Path), true
}

// createKey creates a version of a key. Called with kv.mu held.
func (kv *KeyVault) createKey(w http.ResponseWriter, r *http.Request, name string) int {
	var body struct {
		Kty     string            `json:"kty"`
		KeySize int               `json:"key_size"`
		KeyOps  []string          `json:"key_ops"`
		Curve   string            `json:"crv"`
		Tags    map[string]string `json:"tags"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Kty == "" {
		return kvError(w, http.StatusBadRequest, "BadParameter", "The request body must name the key type (kty).")
	}
	if kv.keys == nil {
		kv.keys = map[string][]map[string]any{}
	}
	versions := kv.keys[strings.ToLower(name)]
	kid := fmt.Sprintf("%s/keys/%s/%032x", kv.URL, name, len(versions)+1)
	// Key material the clients only decode: derived from the key ID, so
	// responses are deterministic.
	sum := sha256.Sum256([]byte(kid))
	key := map[string]any{"kid": kid, "kty": body.Kty}
	if len(body.KeyOps) > 0 {
		key["key_ops"] = body.KeyOps
	}
	if strings.HasPrefix(body.Kty, "EC") {
		key["crv"] = body.Curve
		key["x"] = base64.RawURLEncoding.EncodeToString(sum[:])
		key["y"] = base64.RawURLEncoding.EncodeToString(sum[:])
	} else {
		key["n"] = base64.RawURLEncoding.EncodeToString(sum[:])
		key["e"] = "AQAB"
	}
	now := time.Now().Unix()
	b := map[string]any{
		"key":        key,
		"attributes": map[string]any{"enabled": true, "created": now, "updated": now, "recoveryLevel": "Recoverable+Purgeable"},
	}
	if len(body.Tags) > 0 {
		b["tags"] = body.Tags
	}
	kv.keys[strings.ToLower(name)] = append(versions, b)
	writeJSON(w, http.StatusOK, b)
	return http.StatusOK
}

// page answers a list request with items, paged by maxresults or the page
// size, linked by nextLink. Called with kv.mu held.
func (kv *KeyVault) page(w http.ResponseWriter, r *http.Request, items []any) int {
	size := kv.pageSize
	if size == 0 {
		size = DefaultPageSize
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("maxresults")); err == nil && n > 0 {
		size = n
	}
	skip, _ := strconv.Atoi(r.URL.Query().Get("$skiptoken"))
	skip = min(max(skip, 0), len(items))
	end := min(skip+size, len(items))
	out := map[string]any{"value": append([]any{}, items[skip:end]...), "nextLink": nil}
	if end < len(items) {
		q := r.URL.Query()
		q.Set("$skiptoken", strconv.Itoa(end))
		out["nextLink"] = kv.URL + r.URL.Path + "?" + q.Encode()
	}
	writeJSON(w, http.StatusOK, out)
	return http.StatusOK
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
