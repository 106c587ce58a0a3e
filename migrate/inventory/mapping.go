package inventory

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// Mapping says which client of the current SDK replaces each legacy client
// and method. It is generated from the SDKs' sources (see the generator in
// gen/): a legacy method and a new one match when they send the same REST
// operation (HTTP method and path template; case and path parameter names
// ignored).
type Mapping struct {
	// Modules are the modules the generator read, at the versions it read.
	Modules []Module `json:"modules"`
	// Unread are the modules the generator could not read, with why.
	Unread []string `json:"unread,omitempty"`
	// Clients are the replacement clients; Target.Client indexes it.
	Clients []Client `json:"clients"`
	// Legacy maps a legacy package's import path and a client type's name
	// to what replaces it.
	Legacy map[string]map[string]*LegacyClient `json:"legacy"`
}

// Module is a Go module at a version.
type Module struct {
	Path    string `json:"path"`
	Version string `json:"version"`
}

// Client is a client type of the current SDK and its constructor.
type Client struct {
	Module      int    `json:"mod"`  // index in Mapping.Modules
	Package     string `json:"pkg"`  // import path
	Type        string `json:"type"` // the client type's name
	Constructor string `json:"ctor"` // the function that builds it
}

// LegacyClient is what replaces one legacy client type.
type LegacyClient struct {
	// Client is the replacement client (the one most of the legacy
	// client's methods map to), or -1 when none was found.
	Client int `json:"c"`
	// Methods maps a legacy method's name to its replacement; a Target
	// with Client -1 means none was found.
	Methods map[string]Target `json:"m,omitempty"`
	// Curated is set when the mapping is written in the generator rather
	// than matched on REST operations (the AMQP clients send none).
	Curated bool `json:"cur,omitempty"`
}

// Target is a method of a replacement client.
type Target struct {
	// Client is the replacement client, an index into Mapping.Clients, or
	// -1 when none was found.
	Client int `json:"c"`
	// Method names what replaces the legacy method: a method of the
	// client, its constructor, or a function of its package.
	Method string `json:"m,omitempty"`
}

//go:embed mapping.json.gz
var mappingGz []byte

var (
	loadOnce sync.Once
	loaded   *Mapping
	loadErr  error
)

// Load returns the embedded mapping. The result is shared: do not modify it.
func Load() (*Mapping, error) {
	loadOnce.Do(func() { loaded, loadErr = Decode(bytes.NewReader(mappingGz)) })
	return loaded, loadErr
}

// Decode reads a gzip-compressed JSON mapping.
func Decode(r io.Reader) (*Mapping, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("inventory: mapping: %w", err)
	}
	defer zr.Close()
	var m Mapping
	if err := json.NewDecoder(zr).Decode(&m); err != nil {
		return nil, fmt.Errorf("inventory: mapping: %w", err)
	}
	return &m, nil
}

// Encode writes m as gzip-compressed JSON, byte for byte the same for the
// same mapping.
func (m *Mapping) Encode(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("inventory: mapping: %w", err)
	}
	if err := json.NewEncoder(zw).Encode(m); err != nil {
		return fmt.Errorf("inventory: mapping: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("inventory: mapping: %w", err)
	}
	return nil
}
