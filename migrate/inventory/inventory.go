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
package inventory

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
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
	// Replacement; empty when none was found (Message says why).
	Module      string `json:"module,omitempty"`
	Version     string `json:"version,omitempty"`
	Package     string `json:"package,omitempty"` // the client's import path
	Client      string `json:"client,omitempty"`  // pkg.Type
	Constructor string `json:"constructor,omitempty"`
	Method      string `json:"method,omitempty"`
	Pattern     string `json:"pattern,omitempty"` // "poller", "pager" or ""
	Curated     bool   `json:"curated,omitempty"` // mapped by hand, not by REST operation
	Message     string `json:"message"`
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
	m, err := Load()
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
			if !ok || fn.Pkg() == nil {
				return true
			}
			pos := pass.Fset.Position(call.Fun.Pos()).String()
			if credwrapperConstructor(fn) {
				res.CredwrapperUses = append(res.CredwrapperUses, Use{Pos: pos, Name: fn.Pkg().Name() + "." + fn.Name()})
				return true
			}
			if !legacyPackage(fn.Pkg().Path()) {
				return true
			}
			if c, ok := classify(m, fn); ok {
				c.Pos = pos
				res.Calls = append(res.Calls, c)
				pass.Report(analysis.Diagnostic{Pos: call.Fun.Pos(), End: call.Fun.End(), Category: "inventory", Message: c.Message})
			}
			return true
		})
	}
	return res, nil
}

// named returns the name of a (pointer to a) named type, or "".
func named(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// classify says whether a call of fn, a function of a legacy package, is a
// call of a legacy client, and what replaces it. Calls of the legacy
// packages' other types (futures, pages, models) go with the client call
// that returned them, and are not counted.
func classify(m *Mapping, fn *types.Func) (Call, bool) {
	pkgPath, pkgName := fn.Pkg().Path(), fn.Pkg().Name()
	sig := fn.Signature()
	c := Call{LegacyPackage: pkgPath}
	types := m.Legacy[pkgPath]
	var lc *LegacyClient
	method, ctor := "", false
	switch {
	case sig.Recv() != nil:
		t := named(sig.Recv().Type())
		c.Legacy = pkgName + "." + t + "." + fn.Name()
		lc = types[t]
		method = fn.Name()
		if lc == nil && !(strings.HasPrefix(pkgPath, v68Services) && strings.HasSuffix(t, "Client")) {
			return c, false
		}
	case types[""] != nil && types[""].Methods[fn.Name()].Method != "":
		c.Legacy = pkgName + "." + fn.Name()
		lc, method = types[""], fn.Name()
	default:
		// A v68 client constructor: a function that returns a client.
		if sig.Results().Len() == 0 {
			return c, false
		}
		t := named(sig.Results().At(0).Type())
		lc = types[t]
		if lc == nil && !(strings.HasPrefix(pkgPath, v68Services) && strings.HasSuffix(t, "Client")) {
			return c, false
		}
		c.Legacy, ctor = pkgName+"."+fn.Name(), true
	}
	if lc == nil {
		c.Message = fmt.Sprintf("%s: legacy client, not covered by the inventory's mapping (its service is not among the generated ones): look for its arm* module under github.com/Azure/azure-sdk-for-go/sdk/resourcemanager", c.Legacy)
		return c, true
	}
	target := Target{Client: lc.Client}
	if !ctor {
		if t, ok := lc.Methods[method]; ok {
			target = t
		} else {
			target.Method = ""
		}
	}
	if target.Client < 0 || target.Client >= len(m.Clients) {
		c.Message = fmt.Sprintf("%s: no replacement found: none of the pinned modules sends its REST operation", c.Legacy)
		return c, true
	}
	cl := m.Clients[target.Client]
	mod := m.Modules[cl.Module]
	c.Module, c.Version, c.Package = mod.Path, mod.Version, cl.Package
	c.Client = packageName(cl.Package) + "." + cl.Type
	c.Constructor = cl.Constructor
	c.Curated = lc.Curated
	if !ctor && target.Method == cl.Constructor {
		ctor = true // a legacy method that builds a client (Namespace.NewQueueManager)
	}
	if !ctor {
		c.Method = target.Method
	}
	ctorText := cl.Constructor
	if !strings.HasPrefix(ctorText, "(") {
		ctorText = packageName(cl.Package) + "." + ctorText
	}
	switch {
	case ctor:
		c.Message = fmt.Sprintf("%s: use %s (%s %s), built with %s", c.Legacy, c.Client, mod.Path, mod.Version, ctorText)
		if others := otherClients(m, lc); len(others) > 0 {
			c.Message += "; for some of its methods, " + strings.Join(others, ", ")
		}
	case c.Method == "":
		c.Message = fmt.Sprintf("%s: no matching method found; its client's replacement is %s (%s %s)", c.Legacy, c.Client, mod.Path, mod.Version)
	default:
		c.Message = fmt.Sprintf("%s: use %s.%s (%s %s)", c.Legacy, c.Client, c.Method, mod.Path, mod.Version)
		switch {
		case strings.HasPrefix(c.Method, "Begin"):
			c.Pattern = "poller"
			c.Message += "; " + fmt.Sprintf(pollerChange, c.Method)
		case strings.HasPrefix(c.Method, "New") && strings.HasSuffix(c.Method, "Pager"):
			c.Pattern = "pager"
			c.Message += "; " + fmt.Sprintf(pagerChange, c.Method)
		}
	}
	return c, true
}

// packageName is the name of a package of the current SDK: its path's last
// element, or the one before a major version suffix.
func packageName(path string) string {
	parts := strings.Split(path, "/")
	last := parts[len(parts)-1]
	if len(parts) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		return parts[len(parts)-2]
	}
	return last
}

// otherClients names the replacement clients of a legacy client's methods
// other than its main one (the Key Vault BaseClient's methods are spread
// over azsecrets, azkeys and azcertificates).
func otherClients(m *Mapping, lc *LegacyClient) []string {
	seen := map[int]bool{lc.Client: true}
	var out []string
	for _, t := range lc.Methods {
		if t.Client < 0 || t.Client >= len(m.Clients) || seen[t.Client] {
			continue
		}
		seen[t.Client] = true
		cl := m.Clients[t.Client]
		out = append(out, fmt.Sprintf("%s.%s (%s)", packageName(cl.Package), cl.Type, m.Modules[cl.Module].Path))
	}
	sort.Strings(out)
	return out
}
