// Package migrate is the analyzer of credwrapper-migrate: it finds the
// legacy authentication of a codebase that calls Azure through go-autorest,
// and offers fixes, where the mapping is exact, that move it onto
// azidentity through credwrapper (stage 1 of MIGRATION.md):
//
//   - imports of github.com/Azure/go-autorest/autorest/azure/auth become
//     github.com/azcompat/credwrapper/auth, its drop-in twin (fix);
//   - adal's service principal token constructors for a client secret, a
//     certificate or a managed identity (and their multi-tenant forms)
//     become their twins in credwrapper/auth, same signatures and types,
//     azidentity behind them (fix); other adal constructors get a diagnostic
//     saying what to use;
//   - SetSender on such a token gets a diagnostic: azidentity makes the
//     token requests, so the sender would be dropped;
//   - autorest.NewBearerAuthorizerCallback gets a diagnostic pointing to
//     CredentialWrapper.ChallengeAuthorizer;
//   - hand-written track-1 refreshers (azblob's and azqueue's
//     NewTokenCredential, amqp-common's aad.NewJWTProvider) get a diagnostic
//     pointing to the adapter packages legacyblob, legacyqueue,
//     legacyeventhubs and legacyservicebus;
//   - a legacy client whose Authorizer is a wrapper built with EnableCAE,
//     without the wrapper's Sender (Attach), gets a diagnostic (the README's
//     CAE trade-off).
//
// Generated files are left alone. A fix names credwrapper/auth by a name
// that the type checker resolves to it at the call site, adding an import
// (aliased when "auth" is taken) when none does. Run it with the command,
// which also adds the credwrapper requirement to go.mod when the fixes need
// it:
//
//	go run github.com/azcompat/credwrapper/cmd/credwrapper-migrate@latest -fix ./...
//
// or as a vet tool (go vet -vettool=$(which credwrapper-migrate) ./...), in
// a multichecker, or in gopls, which shows the fixes as code actions.
package migrate

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer reports legacy authentication and offers the fixes.
// Its name is credwrappermigrate (an analyzer's name is a Go identifier);
// the command is credwrapper-migrate.
var Analyzer = &analysis.Analyzer{
	Name: "credwrappermigrate",
	Doc:  "move go-autorest authentication onto azidentity through credwrapper\n\nSee https://pkg.go.dev/github.com/azcompat/credwrapper/migrate.",
	URL:  "https://pkg.go.dev/github.com/azcompat/credwrapper/migrate",
	Run:  run,
}

const (
	legacyAuthPath  = "github.com/Azure/go-autorest/autorest/azure/auth"
	twinAuthPath    = "github.com/azcompat/credwrapper/auth"
	adalPath        = "github.com/Azure/go-autorest/autorest/adal"
	autorestPath    = "github.com/Azure/go-autorest/autorest"
	credwrapperPath = "github.com/azcompat/credwrapper"
)

// twins are the adal constructors credwrapper/auth has with the same
// signature.
var twins = map[string]bool{
	"NewServicePrincipalToken":                           true,
	"NewServicePrincipalTokenFromCertificate":            true,
	"NewServicePrincipalTokenFromManagedIdentity":        true,
	"NewMultiTenantServicePrincipalToken":                true,
	"NewMultiTenantServicePrincipalTokenFromCertificate": true,
}

func run(pass *analysis.Pass) (any, error) {
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			continue
		}
		checkImports(pass, f)
		fc := &fileChecker{pass: pass, file: f}
		ast.Inspect(f, fc.visit)
	}
	return nil, nil
}

// checkImports offers the twin for every import of go-autorest's azure/auth
// (named, dot and blank imports included: only the path changes).
func checkImports(pass *analysis.Pass, f *ast.File) {
	twinImported := false
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == twinAuthPath {
			twinImported = true
		}
	}
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p != legacyAuthPath {
			continue
		}
		d := analysis.Diagnostic{
			Pos: imp.Path.Pos(), End: imp.Path.End(),
			Message: "go-autorest's azure/auth: github.com/azcompat/credwrapper/auth is its drop-in twin (same names and types, azidentity behind them)",
		}
		if !twinImported {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "Import github.com/azcompat/credwrapper/auth instead",
				TextEdits: []analysis.TextEdit{twinImportEdit(imp)},
			}}
		}
		pass.Report(d)
	}
}

// twinImportEdit turns an import of go-autorest's azure/auth into one of
// credwrapper/auth.
func twinImportEdit(imp *ast.ImportSpec) analysis.TextEdit {
	return analysis.TextEdit{Pos: imp.Path.Pos(), End: imp.Path.End(), NewText: []byte(strconv.Quote(twinAuthPath))}
}

type fileChecker struct {
	pass *analysis.Pass
	file *ast.File
	fn   *ast.BlockStmt // the body of the function being inspected
}

func (c *fileChecker) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.FuncDecl:
		if n.Body != nil {
			inner := &fileChecker{pass: c.pass, file: c.file, fn: n.Body}
			ast.Inspect(n.Body, inner.visit)
		}
		return false
	case *ast.FuncLit:
		inner := &fileChecker{pass: c.pass, file: c.file, fn: n.Body}
		ast.Inspect(n.Body, inner.visit)
		return false
	case *ast.CallExpr:
		c.checkCall(n)
	case *ast.AssignStmt:
		c.checkAuthorizerAssign(n)
	}
	return true
}

// checkCall reports adal constructors, NewBearerAuthorizerCallback, SetSender
// on a rewritten token and the track-1 refreshers.
func (c *fileChecker) checkCall(call *ast.CallExpr) {
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return
	}
	if fn.Signature().Recv() != nil {
		c.checkSetSender(call, fn)
		return
	}
	name := fn.Name()
	switch fn.Pkg().Path() {
	case adalPath:
		if twins[name] {
			d := analysis.Diagnostic{
				Pos: call.Fun.Pos(), End: call.Fun.End(),
				Message: fmt.Sprintf("adal.%s builds a token refreshed by adal's own requests to Entra ID: github.com/azcompat/credwrapper/auth.%s has the same signature, with azidentity behind it", name, name),
			}
			if fix, ok := c.twinFix(call, name); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
			c.pass.Report(d)
		} else if msg := c.advice(call, name); msg != "" {
			c.pass.Report(analysis.Diagnostic{Pos: call.Fun.Pos(), End: call.Fun.End(), Message: "adal." + name + " " + msg})
		}
	case autorestPath:
		if name == "NewBearerAuthorizerCallback" {
			c.pass.Report(analysis.Diagnostic{Pos: call.Fun.Pos(), End: call.Fun.End(),
				Message: "autorest.NewBearerAuthorizerCallback probes the service before every request: use (*credwrapper.CredentialWrapper).ChallengeAuthorizer, which learns the challenge once per host, with its Sender for CAE (MIGRATION.md, Key Vault)"})
		}
	default:
		c.checkTrack1(call, fn)
	}
}

// twinFix replaces the package of an adal constructor call with
// credwrapper/auth, importing it when needed, and drops the adal import when
// the fixes leave it unused.
func (c *fileChecker) twinFix(call *ast.CallExpr, name string) (analysis.SuggestedFix, bool) {
	authName, edits, ok := c.authName(call.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	switch fun := call.Fun.(type) {
	case *ast.SelectorExpr:
		edits = append(edits, analysis.TextEdit{Pos: fun.X.Pos(), End: fun.X.End(), NewText: []byte(authName)})
	case *ast.Ident: // dot import
		edits = append(edits, analysis.TextEdit{Pos: fun.Pos(), End: fun.Pos(), NewText: []byte(authName + ".")})
	default:
		return analysis.SuggestedFix{}, false
	}
	if del, ok := c.dropAdalImport(); ok {
		edits = append(edits, del)
	}
	return analysis.SuggestedFix{Message: "Use credwrapper/auth." + name, TextEdits: edits}, true
}

// dropAdalImport returns the edit deleting the file's adal import when every
// use of it is the package of a constructor the fixes replace (for a dot
// import: every name it brings in is such a constructor, called).
func (c *fileChecker) dropAdalImport() (analysis.TextEdit, bool) {
	var spec *ast.ImportSpec
	for _, imp := range c.file.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == adalPath && (imp.Name == nil || imp.Name.Name != "_") {
			spec = imp
		}
	}
	if spec == nil {
		return analysis.TextEdit{}, false
	}
	var used bool
	if spec.Name != nil && spec.Name.Name == "." {
		used = c.dotImportUsed(spec)
	} else {
		pkgName := c.pass.TypesInfo.PkgNameOf(spec)
		if pkgName == nil {
			return analysis.TextEdit{}, false
		}
		ast.Inspect(c.file, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || used {
				return !used
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok || c.pass.TypesInfo.Uses[id] != pkgName {
				return true
			}
			if !twins[sel.Sel.Name] {
				used = true
			}
			return true
		})
	}
	if used {
		return analysis.TextEdit{}, false
	}
	end := spec.End()
	if tf := c.pass.Fset.File(spec.Pos()); tf != nil && c.pass.Fset.Position(end).Line < tf.LineCount() {
		end = tf.LineStart(c.pass.Fset.Position(end).Line + 1)
	}
	start := spec.Pos()
	if tf := c.pass.Fset.File(spec.Pos()); tf != nil {
		start = tf.LineStart(c.pass.Fset.Position(start).Line)
	}
	for _, d := range c.file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT && !gd.Lparen.IsValid() && len(gd.Specs) == 1 && gd.Specs[0] == spec {
			start, end = gd.Pos(), gd.End()
		}
	}
	return analysis.TextEdit{Pos: start, End: end}, true
}

// dotImportUsed reports whether a file that dot-imports adal still uses it
// once the fixes are applied: it names one of adal's package-level objects
// other than by calling a constructor the fixes replace.
func (c *fileChecker) dotImportUsed(spec *ast.ImportSpec) bool {
	pkgName := c.pass.TypesInfo.PkgNameOf(spec)
	if pkgName == nil {
		return true
	}
	scope := pkgName.Imported().Scope()
	fixed := map[*ast.Ident]bool{}
	used := false
	ast.Inspect(c.file, func(n ast.Node) bool {
		if used {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && twins[id.Name] {
				fixed[id] = true
			}
		case *ast.Ident:
			if obj := c.pass.TypesInfo.Uses[n]; obj != nil && obj.Parent() == scope && !fixed[n] {
				used = true
			}
		}
		return true
	})
	return used
}

// checkAuthorizerAssign reports `client.Authorizer = w` when w is a wrapper
// this function built with EnableCAE and the function never gives the
// client the wrapper's Sender (w.Attach(&client.Client) or
// client.Sender = w.Sender(...)).
func (c *fileChecker) checkAuthorizerAssign(as *ast.AssignStmt) {
	if c.fn == nil || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return
	}
	sel, ok := as.Lhs[0].(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Authorizer" {
		return
	}
	w, ok := as.Rhs[0].(*ast.Ident)
	if !ok || !isWrapper(c.pass.TypesInfo.TypeOf(w)) {
		return
	}
	obj := c.pass.TypesInfo.Uses[w]
	if obj == nil || !c.builtWithCAE(obj) || c.attached(obj, sel.X) {
		return
	}
	c.pass.Report(analysis.Diagnostic{Pos: as.Pos(), End: as.End(),
		Message: fmt.Sprintf("%s was built with EnableCAE but this client has no Sender of it: a revoked session fails its calls with 401 until the token is refreshed; use %s.Attach(&%s.Client) instead (README, the CAE trade-off)",
			w.Name, w.Name, types.ExprString(sel.X))})
}

func isWrapper(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == credwrapperPath && n.Obj().Name() == "CredentialWrapper"
}

// builtWithCAE reports whether obj is assigned, in this function, the result
// of credwrapper.New or NewDefault with options setting EnableCAE: true.
func (c *fileChecker) builtWithCAE(obj types.Object) bool {
	found := false
	ast.Inspect(c.fn, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || found || len(as.Rhs) != 1 {
			return !found
		}
		call, ok := as.Rhs[0].(*ast.CallExpr)
		if !ok || len(as.Lhs) == 0 {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok || (c.pass.TypesInfo.Defs[id] != obj && c.pass.TypesInfo.Uses[id] != obj) {
			return true
		}
		fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != credwrapperPath || (fn.Name() != "New" && fn.Name() != "NewDefault") {
			return true
		}
		ast.Inspect(call, func(n ast.Node) bool {
			kv, ok := n.(*ast.KeyValueExpr)
			if ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "EnableCAE" {
					if v, ok := kv.Value.(*ast.Ident); ok && v.Name == "true" {
						found = true
					}
				}
			}
			return !found
		})
		return !found
	})
	return found
}

// attached reports whether the function calls w.Attach(&client.Client) or
// assigns client.Sender = w.Sender(...).
func (c *fileChecker) attached(w types.Object, client ast.Expr) bool {
	want := types.ExprString(client)
	found := false
	ast.Inspect(c.fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Attach" && c.refersTo(sel.X, w) && len(n.Args) == 1 {
				if u, ok := n.Args[0].(*ast.UnaryExpr); ok && strings.HasPrefix(types.ExprString(u.X), want+".") {
					found = true
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 && types.ExprString(n.Lhs[0]) == want+".Sender" {
				if call, ok := n.Rhs[0].(*ast.CallExpr); ok {
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sender" && c.refersTo(sel.X, w) {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

func (c *fileChecker) refersTo(e ast.Expr, obj types.Object) bool {
	id, ok := e.(*ast.Ident)
	return ok && c.pass.TypesInfo.Uses[id] == obj
}
