// Package rewrite is the rewrite of stage 2 of credwrapper-migrate: it turns
// calls of the v68 management clients
// (github.com/Azure/azure-sdk-for-go/services/.../mgmt/...) into calls of the
// clients that replace them (the arm* modules), as the inventory's mapping
// names them.
//
//	go run github.com/azcompat/credwrapper/cmd/credwrapper-migrate@latest -inventory -fix ./...
//
// A legacy client is rewritten as a whole, with every call of it, or not at
// all. The rewrite follows the client's value through the file: built by its
// constructor (resources.NewGroupsClient, also as a struct literal's field or
// assigned to a field) and set up by the statements right after it (the
// authorizer, BaseURI, Sender, RetryAttempts, on a variable or a field path,
// several in one assignment, or through a settings helper such as
// configure(&c.Client, env)), kept in variables and in the fields of
// unexported structs, passed to the file's unexported functions, returned by
// a helper; a function that builds clients and returns no error is made to
// return the new constructor's, its callers checking it. It rewrites the
// client's plain calls and the fields read of their results, its Futures
// (WaitForCompletionRef, also returned, and Result), its pages and iterators
// (the List and ListComplete loops in their common shapes, with Value,
// Values and Response), and its positional arguments that are options in
// the new method ("" and nil vanish). Where any part of that is not provably
// the same program (a Future or a page passed to another function, a request
// between a Future's wait and its Result, a client passed to an exported function or
// held in an exported field, a setting with no equivalent, an argument whose
// evaluation order would change), it leaves the code as it is and says why.
// Its Analyzer offers the rewrite of a file's clients as one suggested fix,
// so gopls shows it.
//
// The models a call sends are converted by their JSON names, whether built
// in the call or in a local variable before it (field writes, slices grown
// by append, enums held in variables that provably hold a constant); so are
// the reads of its result (*[]T, date.Time, enums printed, CheckExistence's
// status). A
// model that would marshal differently (a result sent back, a nil slice, an
// enum that may be empty and is written in the function) is left with why.
//
// The Key Vault data plane's client (keyvault.New), whose calls each name a
// vault, becomes one azsecrets, azkeys or azcertificates client per family
// its calls use, built for the vault they all name, also when a helper
// called once builds it; a call with no exact equivalent (GetKeys with a
// page size) stays on the legacy client, which stays built for it.
package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/azcompat/credwrapper/migrate/inventory"
)

// Analyzer reports, for each call of a v68 management client, either that
// it is rewritten (with the file's rewrite as a suggested fix) or why it is
// not. Its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "credwrapperrewrite",
	Doc:        "rewrite the calls of the v68 Azure management clients into the clients that replace them\n\nSee https://pkg.go.dev/github.com/azcompat/credwrapper/migrate/rewrite.",
	URL:        "https://pkg.go.dev/github.com/azcompat/credwrapper/migrate/rewrite",
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Result is what the Analyzer finds in one package.
type Result struct {
	Files []*File
}

// File is the rewrite of one file.
type File struct {
	Name     string
	Outcomes []Outcome
	// Edits are the file's rewrite, in order and not overlapping; none when
	// nothing is rewritten.
	Edits []analysis.TextEdit
	// Modules are the modules the rewritten file imports, by import path of
	// the package.
	Packages []string
}

// Outcome is what became of one call of a legacy client.
type Outcome struct {
	Pos       token.Pos
	Legacy    string // pkg.Type.Method or pkg.Function
	Rewritten bool
	// Message says what the call became, or why it is left as it is.
	Message string
}

func run(pass *analysis.Pass) (any, error) {
	m, err := inventory.Load()
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			continue
		}
		name := pass.Fset.File(f.Pos()).Name()
		src, err := pass.ReadFile(name)
		if err != nil {
			return nil, err
		}
		rf := rewriteFile(pass.Fset, f, src, pass.TypesInfo, pass.Pkg, m, defaultLoader)
		if rf == nil {
			continue
		}
		res.Files = append(res.Files, rf)
		fixed := false
		for _, o := range rf.Outcomes {
			d := analysis.Diagnostic{Pos: o.Pos, Category: "rewrite", Message: o.Message}
			if o.Rewritten && !fixed && len(rf.Edits) > 0 {
				fixed = true
				d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Rewrite the legacy management clients of this file", TextEdits: rf.Edits}}
			}
			pass.Report(d)
		}
	}
	return res, nil
}

// rewriteFile rewrites one file; it returns nil when the file calls no legacy
// management client. loader gives the new packages' types, as the module of
// the file's directory builds them.
func rewriteFile(fset *token.FileSet, f *ast.File, src []byte, info *types.Info, pkg *types.Package, m *inventory.Mapping, loader Loader) *File {
	name := fset.File(f.Pos()).Name()
	r := &fileRewriter{
		fset: fset, file: f, src: src, info: info, pkg: pkg, m: m, loader: loader,
		dir: filepath.Dir(name), parents: parents(f), accounted: map[token.Pos]bool{},
		imports: map[string]string{}, base: fset.File(f.Pos()).Base(),
		errLater: map[*ast.BlockStmt]types.Object{}, claimed: map[*ast.BlockStmt]map[string]bool{},
	}
	r.run()
	if len(r.outcomes) == 0 {
		return nil
	}
	sort.Slice(r.outcomes, func(i, j int) bool { return r.outcomes[i].Pos < r.outcomes[j].Pos })
	out := &File{Name: name, Outcomes: r.outcomes}
	if len(r.edits) > 0 {
		out.Edits = r.finish()
		for p := range r.imports {
			out.Packages = append(out.Packages, p)
		}
		sort.Strings(out.Packages)
	}
	return out
}

const (
	v68Services = "github.com/Azure/azure-sdk-for-go/services/"
	azcorePath  = "github.com/Azure/azure-sdk-for-go/sdk/azcore"
	autorestTo  = "github.com/Azure/go-autorest/autorest/to"
	credwrapper = "github.com/azcompat/credwrapper"
)

type fileRewriter struct {
	fset    *token.FileSet
	file    *ast.File
	src     []byte
	base    int
	info    *types.Info
	pkg     *types.Package
	m       *inventory.Mapping
	loader  Loader
	dir     string
	parents map[ast.Node]ast.Node

	// The runs of constructors and their settings, found before the units.
	ctorOf       map[*ast.CallExpr]*construction
	ctors        []*construction // in the order of the file
	settingStmts map[ast.Stmt]*ctorRun
	errLater     map[*ast.BlockStmt]types.Object // by function body
	claimed      map[*ast.BlockStmt]map[string]bool
	gains        map[*types.Func]*gain

	outcomes  []Outcome
	accounted map[token.Pos]bool  // legacy calls with an outcome
	edits     []analysis.TextEdit // of the units rewritten
	imports   map[string]string   // path -> name, added by the units rewritten
	replaced  []analysis.TextEdit // ranges replaced, to find the imports left unused
}

// parents maps each node of f to its parent.
func parents(f *ast.File) map[ast.Node]ast.Node {
	p := map[ast.Node]ast.Node{}
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if len(stack) > 0 {
			p[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		return true
	})
	return p
}

func (r *fileRewriter) text(n ast.Node) string {
	return string(r.src[r.off(n.Pos()):r.off(n.End())])
}

func (r *fileRewriter) off(p token.Pos) int { return int(p) - r.base }

// legacyCall says whether call calls a v68 management client or its
// constructor, and names it.
func (r *fileRewriter) legacyCall(call *ast.CallExpr) (fn *types.Func, legacy string, ctor bool, ok bool) {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil, "", false, false
	}
	fn, _ = r.info.Uses[id].(*types.Func)
	if fn == nil || fn.Pkg() == nil || !strings.HasPrefix(fn.Pkg().Path(), v68Services) {
		return nil, "", false, false
	}
	sig := fn.Signature()
	if recv := sig.Recv(); recv != nil {
		t := typeName(recv.Type())
		if !strings.HasSuffix(t, "Client") {
			return nil, "", false, false
		}
		return fn, fn.Pkg().Name() + "." + t + "." + fn.Name(), false, true
	}
	if sig.Results().Len() == 1 && strings.HasSuffix(typeName(sig.Results().At(0).Type()), "Client") {
		return fn, fn.Pkg().Name() + "." + fn.Name(), true, true
	}
	return nil, "", false, false
}

func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

func (r *fileRewriter) run() {
	// Each component of each legacy client type's flow is a unit.
	r.findRuns()
	var units []*unit
	global := map[string]error{} // by the legacy type's package path and name
	for _, typ := range r.legacyTypes() {
		if keyVaultDataPlane(typ.Obj().Pkg().Path()) {
			continue // kv.go's own unit, below
		}
		f := r.flowOf(typ)
		if f.global != nil {
			global[typ.Obj().Pkg().Path()+"."+typ.Obj().Name()] = f.global
		}
		for _, u := range f.units() {
			u.err = u.planFlow()
			units = append(units, u)
		}
	}
	// The clients a run builds together are rewritten together.
	for changed := true; changed; {
		changed = false
		for _, u := range units {
			if u.err != nil {
				continue
			}
			for _, c := range u.ctors {
				for _, other := range c.run.ctors {
					if other.unit != nil && other.unit.err != nil && u.err == nil {
						u.err = errf("it is set up with %s at %s, which is not rewritten: %v", other.legacy, r.fset.Position(other.call.Pos()), other.unit.err)
						changed = true
					}
				}
				// A function made to return an error is made so once, for
				// all the constructors it holds.
				if g := c.run.gain; g != nil && u.err == nil {
					for _, other := range r.ctors {
						if r.funcOf(other.call) == g.fn && (other.unit == nil || other.unit.err != nil) {
							u.err = errf("%s is made to return an error with %s at %s, which is not rewritten", g.fn.Name(), other.legacy, r.fset.Position(other.call.Pos()))
							changed = true
						}
					}
				}
			}
		}
	}
	runs := map[*ctorRun]bool{}
	for _, u := range units {
		if u.err != nil {
			u.fail(u.err)
			continue
		}
		u.commit()
		for _, c := range u.ctors {
			runs[c.run] = true
		}
	}
	gains := map[*gain]bool{}
	for ru := range runs {
		r.edits = append(r.edits, r.runEdit(ru))
		if ru.gain != nil && !gains[ru.gain] {
			gains[ru.gain] = true
			r.edits = append(r.edits, ru.gain.edits...)
		}
	}
	// Each Key Vault data-plane client built in the file.
	ast.Inspect(r.file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if fn, legacy, ctor, ok := r.legacyCall(call); ok && ctor && keyVaultDataPlane(fn.Pkg().Path()) {
			r.keyVault(call, fn, legacy)
		}
		return true
	})
	sort.SliceStable(r.edits, func(i, j int) bool { return r.edits[i].Pos < r.edits[j].Pos })
	r.replaced = append(r.replaced, r.edits...)
	// Every other call of a legacy client is left, with why.
	ast.Inspect(r.file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn, legacy, ctor, ok := r.legacyCall(call)
		if !ok || r.accounted[r.callPos(call)] {
			return true
		}
		t := fn.Signature().Results().At(0).Type()
		if !ctor {
			t = fn.Signature().Recv().Type()
		}
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && global[n.Obj().Pkg().Path()+"."+n.Obj().Name()] != nil {
			r.outcome(r.callPos(call), legacy, false, "not rewritten: "+global[n.Obj().Pkg().Path()+"."+n.Obj().Name()].Error())
			return true
		}
		if keyVaultDataPlane(fn.Pkg().Path()) {
			r.outcome(r.callPos(call), legacy, false, "not rewritten: the client is not built in this function: a Key Vault client is rewritten where it is built, or in the one caller of a helper that returns it")
			return true
		}
		r.outcome(r.callPos(call), legacy, false, "not rewritten: the rewrite does not follow the client's value to this call (from its constructor through variables, fields, parameters and helpers)")
		return true
	})
}

// outcome records what became of the legacy call at pos. A call of
// another file of the package gets its outcome from that file's rewrite.
func (r *fileRewriter) outcome(pos token.Pos, legacy string, ok bool, msg string) {
	if pos < r.file.FileStart || pos > r.file.FileEnd {
		return
	}
	r.accounted[pos] = true
	r.outcomes = append(r.outcomes, Outcome{Pos: pos, Legacy: legacy, Rewritten: ok, Message: legacy + ": " + msg})
}

// finish returns the edits of the units rewritten with those of the
// imports: the new packages added, the legacy ones dropped once unused.
func (r *fileRewriter) finish() []analysis.TextEdit {
	edits := append([]analysis.TextEdit(nil), r.edits...)
	edits = append(edits, r.toEdits()...)
	r.replaced = append(r.replaced, edits...)
	var add []string
	for path, name := range r.imports {
		if existing, ok := r.importedAs(path); ok && existing == name {
			continue
		}
		spec := fmt.Sprintf("%q", path)
		if name != defaultName(path) {
			spec = name + " " + spec
		}
		add = append(add, spec)
	}
	sort.Strings(add)
	var drop []*ast.ImportSpec
	for _, spec := range r.file.Imports {
		if r.unusedAfter(spec) {
			drop = append(drop, spec)
		}
	}
	// The specs to add take the place of the first legacy one dropped, or
	// go after the last import spec, in its declaration.
	var inPlace []string
	if len(add) > 0 && len(drop) > 0 {
		if d, ok := r.parents[drop[0]].(*ast.GenDecl); ok && d.Rparen.IsValid() {
			inPlace, add = add, nil
		}
	}
	if len(add) > 0 {
		var decl *ast.GenDecl
		for _, d := range r.file.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				decl = g
			}
		}
		switch {
		case decl == nil:
			edits = append(edits, analysis.TextEdit{Pos: r.file.Name.End(), End: r.file.Name.End(), NewText: []byte("\n\nimport (\n\t" + strings.Join(add, "\n\t") + "\n)")})
		case decl.Rparen.IsValid():
			edits = append(edits, analysis.TextEdit{Pos: decl.Rparen, End: decl.Rparen, NewText: []byte("\t" + strings.Join(add, "\n\t") + "\n")})
		default:
			edits = append(edits, analysis.TextEdit{Pos: decl.End(), End: decl.End(), NewText: []byte("\n\nimport (\n\t" + strings.Join(add, "\n\t") + "\n)")})
		}
	}
	for i, spec := range drop {
		var text string
		if i == 0 && inPlace != nil {
			text = strings.Join(inPlace, "\n\t")
		}
		pos, end := spec.Pos(), spec.End()
		if spec.Doc != nil {
			pos = spec.Doc.Pos()
		}
		if spec.Comment != nil {
			end = spec.Comment.End()
		}
		// The whole line, when the spec is alone on it.
		s, e := r.off(pos), r.off(end)
		for s > 0 && (r.src[s-1] == ' ' || r.src[s-1] == '\t') {
			s--
		}
		if e < len(r.src) && r.src[e] == '\n' && (s == 0 || r.src[s-1] == '\n') {
			e++
			pos, end = token.Pos(s+r.base), token.Pos(e+r.base)
			if text != "" {
				text = "\t" + text + "\n"
			}
		}
		if parent, ok := r.parents[spec].(*ast.GenDecl); ok && len(parent.Specs) == 1 {
			pos, end = parent.Pos(), parent.End()
		}
		edits = append(edits, analysis.TextEdit{Pos: pos, End: end, NewText: []byte(text)})
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Pos < edits[j].Pos })
	return edits
}

// defaultName is the name an import path gives its package by default in
// the new SDK: its last element, or the one before a major version.
func defaultName(path string) string {
	parts := strings.Split(path, "/")
	last := parts[len(parts)-1]
	if len(parts) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		return parts[len(parts)-2]
	}
	return last
}

// importedAs returns the name under which the file imports path.
func (r *fileRewriter) importedAs(path string) (string, bool) {
	for _, spec := range r.file.Imports {
		if strings.Trim(spec.Path.Value, `"`) != path {
			continue
		}
		if pn, ok := r.info.Defs[spec.Name].(*types.PkgName); ok && spec.Name != nil {
			return pn.Name(), true
		}
		if pn, ok := r.info.Implicits[spec].(*types.PkgName); ok {
			return pn.Name(), true
		}
	}
	return "", false
}

// unusedAfter says whether an import is unused once the rewrite is made:
// a legacy package (v68 or go-autorest's to) used only inside the ranges
// the rewrite replaces, or another package used there and nowhere else
// (net/http's status codes, which a read of a status becomes Success).
// Neither is dropped while the replacement text names it (fmt.Errorf in a
// rewritten loop), unless the name is that of a package the rewrite adds.
func (r *fileRewriter) unusedAfter(spec *ast.ImportSpec) bool {
	path := strings.Trim(spec.Path.Value, `"`)
	legacy := strings.HasPrefix(path, v68Services) || path == autorestTo
	var pn *types.PkgName
	if spec.Name != nil {
		pn, _ = r.info.Defs[spec.Name].(*types.PkgName)
	} else {
		pn, _ = r.info.Implicits[spec].(*types.PkgName)
	}
	if pn == nil || spec.Name != nil && (spec.Name.Name == "_" || spec.Name.Name == ".") {
		return false
	}
	used, replaced := false, false
	for id, obj := range r.info.Uses {
		if obj == pn && id.Pos() >= r.file.Pos() && id.End() <= r.file.End() {
			if r.inReplaced(id) {
				replaced = true
			} else {
				used = true
			}
		}
	}
	if used || !legacy && !replaced {
		return false
	}
	for _, name := range r.imports {
		if name == pn.Name() {
			return true
		}
	}
	return !r.replacementNames(pn.Name())
}

// replacementNames says whether the text of a replaced range names the
// package name: name followed by a selector.
func (r *fileRewriter) replacementNames(name string) bool {
	for _, e := range r.replaced {
		var s scanner.Scanner
		fset := token.NewFileSet()
		s.Init(fset.AddFile("", -1, len(e.NewText)), e.NewText, nil, 0)
		prev := ""
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok == token.PERIOD && prev == name {
				return true
			}
			prev = ""
			if tok == token.IDENT {
				prev = lit
			}
		}
	}
	return false
}

func (r *fileRewriter) inReplaced(n ast.Node) bool {
	for _, e := range r.replaced {
		if e.Pos <= n.Pos() && n.End() <= e.End && e.Pos < e.End {
			return true
		}
	}
	return false
}

// toEdits rewrites go-autorest's to.StringPtr and its kin, which give the
// same pointers as azcore's to.Ptr, everywhere in the file once the file
// is rewritten: the new models take them. Other functions of go-autorest's
// to stay; azcore's to is then imported as azto.
func (r *fileRewriter) toEdits() []analysis.TextEdit {
	var edits []analysis.TextEdit
	name := r.toName()
	ast.Inspect(r.file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || r.inEdits(call) {
			return true
		}
		if text, ok := r.toPtr(call, name); ok {
			edits = append(edits, analysis.TextEdit{Pos: call.Pos(), End: call.End(), NewText: []byte(text)})
			return false
		}
		return true
	})
	return edits
}

// inEdits says whether n lies in a range a unit's edit replaces.
func (r *fileRewriter) inEdits(n ast.Node) bool {
	for _, e := range r.edits {
		if e.Pos <= n.Pos() && n.End() <= e.End && e.Pos < e.End {
			return true
		}
	}
	return false
}

// toPtrFuncs are go-autorest's to functions that return a pointer to their
// argument, and the type azcore's to.Ptr needs for an untyped constant.
var toPtrFuncs = map[string]string{
	"StringPtr": "string", "BoolPtr": "bool", "IntPtr": "int", "Int32Ptr": "int32", "Int64Ptr": "int64",
	"Float32Ptr": "float32", "Float64Ptr": "float64", "ByteSlicePtr": "", "StringSlicePtr": "",
}

// toPtr rewrites a call of go-autorest's to.XPtr as azcore's to.Ptr.
func (r *fileRewriter) toPtr(call *ast.CallExpr, name string) (string, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) != 1 {
		return "", false
	}
	fn, _ := r.info.Uses[sel.Sel].(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != autorestTo {
		return "", false
	}
	typ, ok := toPtrFuncs[fn.Name()]
	if !ok {
		return "", false
	}
	r.imports[azcorePath+"/to"] = name
	arg := r.renderTo(call.Args[0], name)
	// A constant argument (go/types records the type it is converted to,
	// not untyped) gets its type spelled: to.Ptr(10) would be a *int.
	if tv, ok := r.info.Types[call.Args[0]]; ok && tv.Value != nil && typ != "" && typ != "string" && typ != "bool" {
		return fmt.Sprintf("%s.Ptr[%s](%s)", name, typ, arg), true
	}
	return fmt.Sprintf("%s.Ptr(%s)", name, arg), true
}

// renderTo is the text of e with its to.XPtr calls rewritten.
func (r *fileRewriter) renderTo(e ast.Expr, name string) string {
	start := r.off(e.Pos())
	var buf bytes.Buffer
	last := start
	ast.Inspect(e, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if text, ok := r.toPtr(call, name); ok {
			buf.Write(r.src[last:r.off(call.Pos())])
			buf.WriteString(text)
			last = r.off(call.End())
			return false
		}
		return true
	})
	buf.Write(r.src[last:r.off(e.End())])
	return buf.String()
}

// toName is the name azcore's to has in the file after the rewrite: "to",
// unless go-autorest's to keeps functions the rewrite does not replace, or
// "to" names something else.
func (r *fileRewriter) toName() string {
	if name, ok := r.importedAs(azcorePath + "/to"); ok {
		return name
	}
	for _, spec := range r.file.Imports {
		if strings.Trim(spec.Path.Value, `"`) != autorestTo {
			continue
		}
		var pn types.Object
		if spec.Name != nil {
			pn = r.info.Defs[spec.Name]
		} else {
			pn = r.info.Implicits[spec]
		}
		for id, obj := range r.info.Uses {
			if obj != pn {
				continue
			}
			if sel, ok := r.parents[id].(*ast.SelectorExpr); ok {
				if _, ok := toPtrFuncs[sel.Sel.Name]; ok {
					continue
				}
			}
			return "azto"
		}
		if pn != nil && pn.Name() != "to" {
			return "to"
		}
		return "to"
	}
	if r.file.Scope != nil && r.file.Scope.Lookup("to") != nil || r.pkg.Scope().Lookup("to") != nil {
		return "azto"
	}
	for _, spec := range r.file.Imports {
		if spec.Name != nil && spec.Name.Name == "to" {
			return "azto"
		}
	}
	return "to"
}

// callPos is where a call is reported, as the inventory reports it: at the
// method's name (groups.Get), or at the qualified function
// (resources.NewGroupsClient).
func (r *fileRewriter) callPos(call *ast.CallExpr) token.Pos {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			if _, isPkg := r.info.Uses[id].(*types.PkgName); isPkg {
				return call.Fun.Pos()
			}
		}
		return sel.Sel.Pos()
	}
	return call.Fun.Pos()
}
