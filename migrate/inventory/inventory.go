// Package inventory is stage 2 of credwrapper-migrate: it lists every call
// of a legacy Azure client (the v68 management and Key Vault clients of
// github.com/Azure/azure-sdk-for-go/services, azure-storage-blob-go,
// azure-storage-queue-go, Event Hubs v3 and Service Bus track 1) and names
// what replaces it: the module of the current SDK, the client, its
// constructor and the method, with the change of pattern (a v68 Future
// becomes a Begin... method and its poller; a Page or an Iterator becomes a
// New...Pager).
//
// The mapping is generated from the SDKs' sources, matched on the REST
// operation a method sends (see gen/). Where it finds no replacement, it
// says so.
//
//	go run github.com/azcompat/credwrapper/cmd/credwrapper-migrate@latest -inventory ./...
//
// Its Analyzer reports each call as a diagnostic, so gopls shows them; Main
// adds the per-package summary (or -json) and, when no legacy call is left,
// the credwrapper uses that stage 3 replaces with the azidentity credential.
// Main type-checks only the packages it lists, their dependencies' types
// taken from the compiler's export data ([LoadPackages], then [Inventory]
// or [Analyze]), so it costs little more than loading them.
//
// A call is counted where the code names the legacy function or method: a
// chained call (resources.NewGroupsClient(sub).Get(ctx, name)) is two, a
// call through v68's mock interfaces (resourcesapi.GroupsClientAPI) is the
// client's, and a method or constructor taken as a value (get :=
// groups.Get) is counted where it is taken. The files cgo writes for those
// that import "C" are read, at the positions of the files themselves.
package inventory

import (
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Analyzer reports every call of a legacy Azure client with its
// replacement. Its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "credwrapperinventory",
	Doc:        "list the legacy Azure client calls and what replaces each\n\nSee https://pkg.go.dev/github.com/azcompat/credwrapper/migrate/inventory.",
	URL:        "https://pkg.go.dev/github.com/azcompat/credwrapper/migrate/inventory",
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Result is what the Analyzer finds in one package.
type Result struct {
	// Calls are the legacy client calls, in source order.
	Calls []Call
	// CredwrapperUses are the calls of credwrapper's constructors
	// (credwrapper.New, the credwrapper/auth twins, the track-1 adapters):
	// once no legacy client is left, each can become the azidentity
	// credential itself.
	CredwrapperUses []Use
}

// Call is one call of a legacy client and its replacement.
type Call struct {
	Pos           string `json:"pos"`           // file:line:column
	LegacyPackage string `json:"legacyPackage"` // import path
	Legacy        string `json:"legacy"`        // pkg.Type.Method or pkg.Function
	// Value is set when the function or method is not called here but
	// taken as a value (get := groups.Get, f(groups.Get)): its calls go
	// through that value.
	Value bool `json:"value,omitempty"`
	// Replacement; empty when none was found (Message says why).
	Module      string `json:"module,omitempty"`
	Version     string `json:"version,omitempty"`
	Package     string `json:"package,omitempty"` // the client's import path
	Client      string `json:"client,omitempty"`  // pkg.Type
	Constructor string `json:"constructor,omitempty"`
	Method      string `json:"method,omitempty"`
	Pattern     string `json:"pattern,omitempty"` // "poller", "pager" or ""
	Curated     bool   `json:"curated,omitempty"` // mapped by hand, not by REST operation
	// Also are the other clients a constructor's result becomes, one per
	// family of methods the code calls on it (Key Vault's BaseClient:
	// azsecrets, azkeys, azcertificates); the first is in the fields above.
	Also    []Replacement `json:"also,omitempty"`
	Message string        `json:"message"`
}

// Replacement is a client of the current SDK, with its module and
// constructor.
type Replacement struct {
	Module      string `json:"module"`
	Version     string `json:"version"`
	Package     string `json:"package"` // the client's import path
	Client      string `json:"client"`  // pkg.Type
	Constructor string `json:"constructor"`
}

// Use is one call of a credwrapper constructor.
type Use struct {
	Pos  string `json:"pos"`
	Name string `json:"name"` // e.g. credwrapper.New
}

const (
	v68Services  = "github.com/Azure/azure-sdk-for-go/services/"
	credwrapper  = "github.com/azcompat/credwrapper"
	track1Blob   = "github.com/Azure/azure-storage-blob-go/"
	track1Queue  = "github.com/Azure/azure-storage-queue-go/"
	track1Hubs   = "github.com/Azure/azure-event-hubs-go/v3"
	track1Bus    = "github.com/Azure/azure-service-bus-go"
	pollerChange = "long-running: %s returns a *runtime.Poller; call its PollUntilDone (it replaces the Future's WaitForCompletionRef and Result)"
	pagerChange  = "paged: %s returns a *runtime.Pager; loop while More() and call NextPage (it replaces the Page's or Iterator's NotDone, Next and Values)"
)

// legacyPackage says whether an import path is a legacy client's package.
func legacyPackage(path string) bool {
	return strings.HasPrefix(path, v68Services) ||
		strings.HasPrefix(path, track1Blob) || strings.HasPrefix(path, track1Queue) ||
		path == track1Hubs || path == track1Bus
}

// credwrapperConstructor says whether a function builds a credwrapper
// authorizer or token provider from a credential.
func credwrapperConstructor(fn *types.Func) bool {
	if fn.Signature().Recv() != nil {
		return false
	}
	switch p := fn.Pkg().Path(); {
	case p == credwrapper:
		return fn.Name() == "New"
	case p == credwrapper+"/auth", strings.HasPrefix(p, credwrapper+"/legacy"):
		return fn.Exported() && strings.HasPrefix(fn.Name(), "New")
	}
	return false
}

func run(pass *analysis.Pass) (any, error) {
	res, diags, err := find(pass.Fset, pass.Files, pass.TypesInfo)
	if err != nil {
		return nil, err
	}
	for _, d := range diags {
		pass.Report(d)
	}
	return res, nil
}
