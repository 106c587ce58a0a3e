package inventory

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"sync"
)

// index is the embedded mapping as the inventory reads it: the modules and
// clients decoded at once, each legacy package's entry decoded the first
// time a call of it is found. A codebase calls a few of the mapping's
// hundreds of legacy packages; decoding them all would cost more time and
// memory than type-checking a small module.
type index struct {
	modules []Module
	clients []Client

	mu     sync.Mutex // guards legacy; raw is read-only
	raw    map[string]json.RawMessage
	legacy map[string]map[string]*LegacyClient
}

var (
	indexOnce sync.Once
	theIndex  *index
	indexErr  error
)

// loadIndex returns the embedded mapping's index, shared by all callers.
func loadIndex() (*index, error) {
	indexOnce.Do(func() { theIndex, indexErr = decodeIndex(mappingGz) })
	return theIndex, indexErr
}

func decodeIndex(gz []byte) (*index, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("inventory: mapping: %w", err)
	}
	defer zr.Close()
	var top struct {
		Modules []Module                   `json:"modules"`
		Clients []Client                   `json:"clients"`
		Legacy  map[string]json.RawMessage `json:"legacy"`
	}
	if err := json.NewDecoder(zr).Decode(&top); err != nil {
		return nil, fmt.Errorf("inventory: mapping: %w", err)
	}
	return &index{modules: top.Modules, clients: top.Clients, raw: top.Legacy, legacy: map[string]map[string]*LegacyClient{}}, nil
}

// lookup returns what replaces the client types of a legacy package, by
// type name, or nil when the mapping does not cover the package.
func (x *index) lookup(pkgPath string) (map[string]*LegacyClient, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if types, ok := x.legacy[pkgPath]; ok {
		return types, nil
	}
	raw, ok := x.raw[pkgPath]
	if !ok {
		x.legacy[pkgPath] = nil
		return nil, nil
	}
	var types map[string]*LegacyClient
	if err := json.Unmarshal(raw, &types); err != nil {
		return nil, fmt.Errorf("inventory: mapping of %s: %w", pkgPath, err)
	}
	x.legacy[pkgPath] = types
	return types, nil
}
