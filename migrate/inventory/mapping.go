package inventory

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
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
	// Services says, for each v68 service (a directory under the v68
	// module, such as "services/graphrbac" or "services/batch/mgmt"), what
	// replaces it as a whole, and why the packages the mapping has no
	// entry for have none. The longest directory that holds a package
	// applies to it: see [Mapping.Service].
	Services map[string]*Service `json:"services,omitempty"`
}

// The reasons a legacy service, client or method has no replacement
// (Service.Status, LegacyClient.Reason and Target.Reason).
const (
	// ReasonRetired: the service itself is retired; Service.Replacements
	// names what took its place, if anything did.
	ReasonRetired = "retired"
	// ReasonNoModule: no module of the current SDK replaces the service
	// (Service.Replacements may name a library outside it).
	ReasonNoModule = "no-module"
	// ReasonDropped: the replacement module sends no REST operation that
	// the legacy method sends; the operation was dropped or reshaped.
	ReasonDropped = "dropped"
)

// StatusMapped is the Status of a service the mapping covers method by
// method.
const StatusMapped = "mapped"

// Service is what replaces one v68 service.
type Service struct {
	// Status is StatusMapped when the mapping covers the service's
	// packages, or the reason (ReasonRetired, ReasonNoModule) it has no
	// replacement in the current SDK.
	Status string `json:"status"`
	// Replacements are the module paths that replace the service (for a
	// retired service or a data plane: the library that took its place).
	Replacements []string `json:"repl,omitempty"`
	// Note says, for a user, what replaces the service or why nothing
	// does.
	Note string `json:"note,omitempty"`
}

// Service returns the entry of the v68 service that holds pkgPath (a v68
// package's import path) and its directory, or nil when the mapping has
// none.
func (m *Mapping) Service(pkgPath string) (string, *Service) {
	rest, ok := strings.CutPrefix(pkgPath, v68Module+"/")
	if !ok {
		return "", nil
	}
	for dir := rest; dir != "." && dir != ""; dir = path.Dir(dir) {
		if s, ok := m.Services[dir]; ok {
			return dir, s
		}
	}
	return "", nil
}

// v68Module is the module path of the legacy SDK.
const v68Module = "github.com/Azure/azure-sdk-for-go"

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
	// Reason says why Client is -1 (ReasonDropped when the client's
	// module exists but none of its methods' operations is sent by it).
	Reason string `json:"why,omitempty"`
	// Candidates are set for a data-plane client whose methods are split
	// over several replacement clients, one per family (the Key Vault
	// BaseClient: secrets to azsecrets, keys to azkeys, certificates to
	// azcertificates): the replacement clients, sorted by index. A
	// method's family is its Target.Client, and what replaces the legacy
	// constructor is the candidates whose methods the code calls.
	Candidates []int `json:"cands,omitempty"`
	// Note is what a user must also know to move off the client (the
	// Key Vault vault URL moves from each call into the new client's
	// constructor).
	Note string `json:"note,omitempty"`
}

// Target is a method of a replacement client.
type Target struct {
	// Client is the replacement client, an index into Mapping.Clients, or
	// -1 when none was found.
	Client int `json:"c"`
	// Method names what replaces the legacy method: a method of the
	// client, its constructor, or a function of its package.
	Method string `json:"m,omitempty"`
	// Reason says why Client is -1: ReasonDropped, ReasonRetired or
	// ReasonNoModule.
	Reason string `json:"why,omitempty"`
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
