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
	"go/token"
	"go/types"
	"path"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/azcompat/credwrapper/internal/cgofile"
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

// find lists the legacy calls and the credwrapper uses in the files of one
// type-checked package, with a diagnostic for each legacy call. Files that
// are generated code are skipped; those cgo wrote from the package's own
// files (import "C") are not, and their positions are the files' own.
func find(fset *token.FileSet, files []*ast.File, info *types.Info) (*Result, []analysis.Diagnostic, error) {
	x, err := loadIndex()
	if err != nil {
		return nil, nil, err
	}
	f := &finder{x: x, fset: fset, info: info, called: map[*ast.Ident]bool{}, stored: map[*ast.CallExpr]types.Object{}, res: &Result{}}
	for _, file := range files {
		if cgofile.Generated(fset, file) {
			continue
		}
		ast.Inspect(file, f.visit)
		if f.err != nil {
			return nil, nil, f.err
		}
	}
	f.constructorFamilies()
	diags := make([]analysis.Diagnostic, len(f.found))
	f.res.Calls = make([]Call, len(f.found))
	for i, fd := range f.found {
		f.res.Calls[i] = fd.call
		diags[i] = analysis.Diagnostic{Pos: fd.pos, End: fd.end, Category: "inventory", Message: fd.call.Message}
	}
	return f.res, diags, nil
}

// finder walks the files of one package.
type finder struct {
	x    *index
	fset *token.FileSet
	info *types.Info
	res  *Result
	err  error

	// called holds the identifiers that name a called function: those not
	// in it that name a legacy function are taken as values.
	called map[*ast.Ident]bool
	// stored maps a call to the variable or field its result is assigned.
	stored map[*ast.CallExpr]types.Object
	found  []found
}

// found is one legacy call and what the finder knows of it.
type found struct {
	call     Call
	pos, end token.Pos
	target   legacyTarget
	recv     types.Object // the variable or field a method is called on, or a constructor's result stored in
}

func (f *finder) visit(n ast.Node) bool {
	if f.err != nil {
		return false
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i, rhs := range n.Rhs {
				f.store(n.Lhs[i], rhs)
			}
		}
	case *ast.ValueSpec:
		if len(n.Names) == len(n.Values) {
			for i, v := range n.Values {
				f.store(n.Names[i], v)
			}
		}
	case *ast.KeyValueExpr:
		f.store(n.Key, n.Value) // a field of a composite literal
	case *ast.CallExpr:
		f.visitCall(n)
	case *ast.Ident:
		if !f.called[n] {
			if fn, ok := f.info.Uses[n].(*types.Func); ok && fn.Pkg() != nil && legacyPackage(fn.Pkg().Path()) {
				f.add(fn, n, n.Pos(), n.End(), true)
			}
		}
	}
	return true
}

// store records that the result of a call goes to the variable or field
// lhs names.
func (f *finder) store(lhs, rhs ast.Expr) {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok {
		return
	}
	if obj := f.objectOf(lhs); obj != nil {
		f.stored[call] = obj
	}
}

// objectOf returns the variable or field an expression names (v, x.f), or
// nil.
func (f *finder) objectOf(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj, ok := f.info.ObjectOf(e).(*types.Var); ok {
			return obj
		}
	case *ast.SelectorExpr:
		if obj, ok := f.info.Uses[e.Sel].(*types.Var); ok {
			return obj
		}
	}
	return nil
}

func (f *finder) visitCall(call *ast.CallExpr) {
	// The identifier naming the function: a call's position is that of
	// the method's name (groups.Get), so that a chained call
	// (resources.NewGroupsClient(sub).Get(...)) has two, or of the
	// qualified function (resources.NewGroupsClient).
	var name *ast.Ident
	pos := call.Fun.Pos()
	var recvExpr ast.Expr
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		name = fun
	case *ast.SelectorExpr:
		name = fun.Sel
		if id, ok := fun.X.(*ast.Ident); !ok || !isPkgName(f.info, id) {
			pos = fun.Sel.Pos()
			recvExpr = fun.X
		}
	}
	if name != nil {
		f.called[name] = true
	}
	fn, ok := typeutil.Callee(f.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return
	}
	if credwrapperConstructor(fn) {
		f.res.CredwrapperUses = append(f.res.CredwrapperUses, Use{Pos: f.fset.Position(call.Fun.Pos()).String(), Name: fn.Pkg().Name() + "." + fn.Name()})
		return
	}
	if !legacyPackage(fn.Pkg().Path()) {
		return
	}
	if fd := f.add(fn, call.Fun, pos, call.Fun.End(), false); fd != nil {
		switch {
		case fd.target.ctor:
			fd.recv = f.stored[call]
		case recvExpr != nil:
			fd.recv = f.objectOf(recvExpr)
		}
	}
}

func isPkgName(info *types.Info, id *ast.Ident) bool {
	_, ok := info.Uses[id].(*types.PkgName)
	return ok
}

// add records a call (or a value) of fn, a function of a legacy package,
// when it is a legacy client's.
func (f *finder) add(fn *types.Func, at ast.Node, pos, end token.Pos, value bool) *found {
	t, ok, err := f.resolve(fn)
	if err != nil {
		f.err = err
		return nil
	}
	if !ok {
		return nil
	}
	c := f.describe(t)
	c.Pos = f.fset.Position(pos).String()
	if value {
		c.Value = true
		c.Message += " (taken as a value here: its calls go through it)"
	}
	f.found = append(f.found, found{call: c, pos: pos, end: end, target: t})
	return &f.found[len(f.found)-1]
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

// legacyTarget is a legacy client's function or method, resolved against
// the mapping.
type legacyTarget struct {
	legacyPkg string // the import path the code uses
	legacy    string // pkg.Type.Method or pkg.Function
	clientPkg string // the import path of the client's package
	typ       string // the client type's name
	method    string // the method's or the package-level function's name; "" for a constructor
	ctor      bool
	lc        *LegacyClient // nil when the mapping does not cover the client
}

// resolve says whether fn, a function of a legacy package, is a legacy
// client's (a constructor, a method, a method of the v68 mock interface
// of a client, or a package-level call the mapping lists), and which.
// Calls of the legacy packages' other types (futures, pages, models) go
// with the client call that returned them, and are not counted.
func (f *finder) resolve(fn *types.Func) (legacyTarget, bool, error) {
	pkgPath, pkgName := fn.Pkg().Path(), fn.Pkg().Name()
	sig := fn.Signature()
	t := legacyTarget{legacyPkg: pkgPath, clientPkg: pkgPath}
	v68 := strings.HasPrefix(pkgPath, v68Services)
	switch {
	case sig.Recv() != nil:
		name := named(sig.Recv().Type())
		t.legacy = pkgName + "." + name + "." + fn.Name()
		t.typ, t.method = name, fn.Name()
		// v68's mock interfaces: package resourcesapi's GroupsClientAPI
		// has the methods of package resources' GroupsClient.
		if iface, ok := strings.CutSuffix(name, "ClientAPI"); ok && v68 && types.IsInterface(sig.Recv().Type()) {
			if dir, base := path.Split(pkgPath); strings.HasSuffix(base, "api") {
				t.clientPkg, t.typ = strings.TrimSuffix(dir, "/"), iface+"Client"
			}
		}
	default:
		types, err := f.x.lookup(pkgPath)
		if err != nil {
			return t, false, err
		}
		if types[""] != nil && types[""].Methods[fn.Name()].Method != "" {
			t.legacy, t.method, t.lc = pkgName+"."+fn.Name(), fn.Name(), types[""]
			return t, true, nil
		}
		// A v68 client constructor: a function that returns a client.
		if sig.Results().Len() == 0 {
			return t, false, nil
		}
		t.typ = named(sig.Results().At(0).Type())
		t.legacy, t.ctor = pkgName+"."+fn.Name(), true
	}
	types, err := f.x.lookup(t.clientPkg)
	if err != nil {
		return t, false, err
	}
	t.lc = types[t.typ]
	if t.lc == nil && !(strings.HasPrefix(t.clientPkg, v68Services) && strings.HasSuffix(t.typ, "Client")) {
		return t, false, nil
	}
	return t, true, nil
}

// describe names the replacement of a legacy call.
func (f *finder) describe(t legacyTarget) Call {
	c := Call{LegacyPackage: t.legacyPkg, Legacy: t.legacy}
	lc := t.lc
	if lc == nil {
		c.Message = fmt.Sprintf("%s: legacy client, not covered by the inventory's mapping (its service is not among the generated ones): look for its arm* module under github.com/Azure/azure-sdk-for-go/sdk/resourcemanager", c.Legacy)
		return c
	}
	target := Target{Client: lc.Client}
	ctor := t.ctor
	if !ctor {
		if tg, ok := lc.Methods[t.method]; ok {
			target = tg
		} else {
			target.Method = ""
		}
	}
	if target.Client < 0 || target.Client >= len(f.x.clients) {
		c.Message = fmt.Sprintf("%s: no replacement found: none of the pinned modules sends its REST operation", c.Legacy)
		return c
	}
	r := f.replacement(target.Client)
	c.Module, c.Version, c.Package, c.Client, c.Constructor = r.Module, r.Version, r.Package, r.Client, r.Constructor
	c.Curated = lc.Curated
	if !ctor && target.Method == f.x.clients[target.Client].Constructor {
		ctor = true // a legacy method that builds a client (Namespace.NewQueueManager)
	}
	if !ctor {
		c.Method = target.Method
	}
	switch {
	case ctor:
		c.Message = fmt.Sprintf("%s: use %s (%s %s), built with %s", c.Legacy, c.Client, c.Module, c.Version, f.constructorText(target.Client))
		if others := f.otherClients(lc); len(others) > 0 {
			c.Message += "; for some of its methods, " + strings.Join(others, ", ")
		}
		if vaultDataPlane(t.clientPkg) {
			c.Message += "; " + vaultURLMoves
		}
	case c.Method == "":
		c.Message = fmt.Sprintf("%s: no matching method found; its client's replacement is %s (%s %s)", c.Legacy, c.Client, c.Module, c.Version)
	default:
		c.Message = fmt.Sprintf("%s: use %s.%s (%s %s)", c.Legacy, c.Client, c.Method, c.Module, c.Version)
		switch {
		case strings.HasPrefix(c.Method, "Begin"):
			c.Pattern = "poller"
			c.Message += "; " + fmt.Sprintf(pollerChange, c.Method)
		case strings.HasPrefix(c.Method, "New") && strings.HasSuffix(c.Method, "Pager"):
			c.Pattern = "pager"
			c.Message += "; " + fmt.Sprintf(pagerChange, c.Method)
		}
	}
	return c
}

// vaultURLMoves says where a Key Vault data-plane call's vault URL goes.
const vaultURLMoves = "the vault URL, an argument of every call today, moves into NewClient"

// vaultDataPlane says whether a legacy package is a Key Vault data-plane
// client's (keyvault/v7.1/keyvault, not keyvault/mgmt/...).
func vaultDataPlane(pkgPath string) bool {
	rest, ok := strings.CutPrefix(pkgPath, v68Services)
	if !ok {
		return false
	}
	rest = strings.TrimPrefix(rest, "preview/")
	return strings.HasPrefix(rest, "keyvault/") && !strings.Contains(rest, "/mgmt/")
}

// replacement describes the client at index i of the mapping's clients.
func (f *finder) replacement(i int) Replacement {
	cl := f.x.clients[i]
	mod := f.x.modules[cl.Module]
	return Replacement{Module: mod.Path, Version: mod.Version, Package: cl.Package, Client: packageName(cl.Package) + "." + cl.Type, Constructor: cl.Constructor}
}

// constructorText is how a message names the constructor of the client at
// index i: pkg.NewClient, or a method expression as the mapping has it.
func (f *finder) constructorText(i int) string {
	cl := f.x.clients[i]
	if strings.HasPrefix(cl.Constructor, "(") {
		return cl.Constructor
	}
	return packageName(cl.Package) + "." + cl.Constructor
}

// constructorFamilies names, for a constructor of a legacy client whose
// methods are spread over several new clients (Key Vault's BaseClient over
// azsecrets, azkeys and azcertificates), the clients of the methods the
// code calls: those called on the variable or field the constructor's
// result is stored in, or else those called in the package on any such
// client. When the code calls none, the message lists them all.
func (f *finder) constructorFamilies() {
	for i := range f.found {
		fd := &f.found[i]
		if !fd.target.ctor || fd.target.lc == nil || len(f.otherClients(fd.target.lc)) == 0 {
			continue
		}
		var fams []int
		if fd.recv != nil {
			fams = f.families(fd, true)
		}
		if len(fams) == 0 {
			fams = f.families(fd, false)
		}
		if len(fams) == 0 {
			continue
		}
		c := &fd.call
		r := f.replacement(fams[0])
		c.Module, c.Version, c.Package, c.Client, c.Constructor = r.Module, r.Version, r.Package, r.Client, r.Constructor
		c.Also = nil
		var parts []string
		for _, ci := range fams {
			r := f.replacement(ci)
			if ci != fams[0] {
				c.Also = append(c.Also, r)
			}
			parts = append(parts, fmt.Sprintf("%s (%s %s), built with %s", r.Client, r.Module, r.Version, f.constructorText(ci)))
		}
		if len(parts) == 1 {
			c.Message = fmt.Sprintf("%s: use %s, for the methods called on it", c.Legacy, parts[0])
		} else {
			c.Message = fmt.Sprintf("%s: use one client per family of the methods called on it: %s", c.Legacy, strings.Join(parts, "; "))
		}
		if vaultDataPlane(fd.target.clientPkg) {
			c.Message += "; " + vaultURLMoves
		}
	}
}

// families returns the replacement clients of the methods of fd's legacy
// client the package calls (on fd's variable or field only, when
// sameRecv), the most called first.
func (f *finder) families(fd *found, sameRecv bool) []int {
	count := map[int]int{}
	for _, g := range f.found {
		t := g.target
		if t.ctor || t.clientPkg != fd.target.clientPkg || t.typ != fd.target.typ || (sameRecv && g.recv != fd.recv) {
			continue
		}
		if tg, ok := fd.target.lc.Methods[t.method]; ok && tg.Client >= 0 && tg.Client < len(f.x.clients) {
			count[tg.Client]++
		}
	}
	out := make([]int, 0, len(count))
	for ci := range count {
		out = append(out, ci)
	}
	sort.Slice(out, func(i, j int) bool {
		if count[out[i]] != count[out[j]] {
			return count[out[i]] > count[out[j]]
		}
		return f.x.clients[out[i]].Package < f.x.clients[out[j]].Package
	})
	return out
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
func (f *finder) otherClients(lc *LegacyClient) []string {
	seen := map[int]bool{lc.Client: true}
	var out []string
	for _, t := range lc.Methods {
		if t.Client < 0 || t.Client >= len(f.x.clients) || seen[t.Client] {
			continue
		}
		seen[t.Client] = true
		cl := f.x.clients[t.Client]
		out = append(out, fmt.Sprintf("%s.%s (%s)", packageName(cl.Package), cl.Type, f.x.modules[cl.Module].Path))
	}
	sort.Strings(out)
	return out
}
