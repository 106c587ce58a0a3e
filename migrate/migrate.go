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
//   - autorest.NewBearerAuthorizerCallback gets a diagnostic pointing to
//     CredentialWrapper.ChallengeAuthorizer;
//   - a legacy client whose Authorizer is a wrapper built with EnableCAE,
//     without the wrapper's Sender (Attach), gets a diagnostic (the README's
//     CAE trade-off).
//
// Generated files are left alone. Run it with the command:
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

// advice says what to use instead of the other adal constructors.
var advice = map[string]string{
	"NewServicePrincipalTokenFromMSI":                       "use auth.NewServicePrincipalTokenFromManagedIdentity from github.com/azcompat/credwrapper/auth (azidentity finds the endpoint), or azidentity.NewManagedIdentityCredential with credwrapper.New",
	"NewServicePrincipalTokenFromMSIWithUserAssignedID":     "use auth.NewServicePrincipalTokenFromManagedIdentity with ManagedIdentityOptions{ClientID: ...} from github.com/azcompat/credwrapper/auth, or azidentity.NewManagedIdentityCredential with credwrapper.New",
	"NewServicePrincipalTokenFromMSIWithIdentityResourceID": "use auth.NewServicePrincipalTokenFromManagedIdentity with ManagedIdentityOptions{IdentityResourceID: ...} from github.com/azcompat/credwrapper/auth, or azidentity.NewManagedIdentityCredential with credwrapper.New",
	"NewServicePrincipalTokenFromManualToken":               "a token refreshed with its own refresh token has no azidentity equivalent: use the credential that signs the user in (azidentity.NewInteractiveBrowserCredential, NewDeviceCodeCredential, NewAzureCLICredential) with credwrapper.New",
	"NewServicePrincipalTokenFromManualTokenSecret":         "a token refreshed with its own refresh token has no azidentity equivalent: use an azidentity credential with credwrapper.New",
	"NewServicePrincipalTokenFromUsernamePassword":          "use azidentity.NewUsernamePasswordCredential with credwrapper.New (Entra ID deprecates this flow: it cannot do multifactor authentication)",
	"NewServicePrincipalTokenFromAuthorizationCode":         "use azidentity.NewAuthorizationCodeCredential's successor, azidentity.NewInteractiveBrowserCredential, with credwrapper.New",
	"NewServicePrincipalTokenFromFederatedToken":            "use azidentity.NewClientAssertionCredential (or NewWorkloadIdentityCredential on AKS) with credwrapper.New",
	"NewServicePrincipalTokenFromFederatedTokenCallback":    "use azidentity.NewClientAssertionCredential (or NewWorkloadIdentityCredential on AKS) with credwrapper.New",
	"NewServicePrincipalTokenWithSecret":                    "build an azidentity credential for the secret's kind and wrap it with credwrapper.New",
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
				TextEdits: []analysis.TextEdit{{Pos: imp.Path.Pos(), End: imp.Path.End(), NewText: []byte(strconv.Quote(twinAuthPath))}},
			}}
		}
		pass.Report(d)
	}
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

// checkCall reports adal constructors and NewBearerAuthorizerCallback.
func (c *fileChecker) checkCall(call *ast.CallExpr) {
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Signature().Recv() != nil {
		return
	}
	name := fn.Name()
	switch fn.Pkg().Path() {
	case adalPath:
		switch {
		case twins[name]:
			d := analysis.Diagnostic{
				Pos: call.Fun.Pos(), End: call.Fun.End(),
				Message: fmt.Sprintf("adal.%s builds a token refreshed by adal's own requests to Entra ID: github.com/azcompat/credwrapper/auth.%s has the same signature, with azidentity behind it", name, name),
			}
			if fix, ok := c.twinFix(call, name); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
			c.pass.Report(d)
		case advice[name] != "":
			c.pass.Report(analysis.Diagnostic{Pos: call.Fun.Pos(), End: call.Fun.End(),
				Message: fmt.Sprintf("adal.%s has no exact azidentity equivalent: %s", name, advice[name])})
		}
	case autorestPath:
		if name == "NewBearerAuthorizerCallback" {
			c.pass.Report(analysis.Diagnostic{Pos: call.Fun.Pos(), End: call.Fun.End(),
				Message: "autorest.NewBearerAuthorizerCallback probes the service before every request: use (*credwrapper.CredentialWrapper).ChallengeAuthorizer, which learns the challenge once per host, with its Sender for CAE (MIGRATION.md, Key Vault)"})
		}
	}
}

// twinFix replaces the package of an adal constructor call with
// credwrapper/auth, importing it when needed, and drops the adal import when
// the fixes leave it unused.
func (c *fileChecker) twinFix(call *ast.CallExpr, name string) (analysis.SuggestedFix, bool) {
	authName, edits, ok := c.authImport()
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

// authImport returns the name under which the file refers to
// credwrapper/auth, and the edits that import it if it does not yet. An
// import of go-autorest's azure/auth counts: the import fix turns it into
// credwrapper/auth.
func (c *fileChecker) authImport() (string, []analysis.TextEdit, bool) {
	for _, imp := range c.file.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if p != twinAuthPath && p != legacyAuthPath {
			continue
		}
		switch {
		case imp.Name == nil:
			return "auth", nil, true
		case imp.Name.Name == "_" || imp.Name.Name == ".":
			continue
		default:
			return imp.Name.Name, nil, true
		}
	}
	name := "auth"
	if c.nameTaken(name) {
		name = "credwrapperauth"
		if c.nameTaken(name) {
			return "", nil, false
		}
	}
	spec := strconv.Quote(twinAuthPath)
	if name != "auth" {
		spec = name + " " + spec
	}
	for _, d := range c.file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if gd.Lparen.IsValid() {
			return name, []analysis.TextEdit{{Pos: gd.Rparen, End: gd.Rparen, NewText: []byte("\t" + spec + "\n")}}, true
		}
		return name, []analysis.TextEdit{{Pos: gd.End(), End: gd.End(), NewText: []byte("\nimport " + spec)}}, true
	}
	return name, []analysis.TextEdit{{Pos: c.file.Name.End(), End: c.file.Name.End(), NewText: []byte("\n\nimport " + spec)}}, true
}

// nameTaken reports whether name is declared at package or file scope.
func (c *fileChecker) nameTaken(name string) bool {
	if c.pass.Pkg.Scope().Lookup(name) != nil {
		return true
	}
	for _, imp := range c.file.Imports {
		if pn := c.pass.TypesInfo.PkgNameOf(imp); pn != nil && pn.Name() == name {
			return true // named, or the imported package's own name
		}
	}
	return false
}

// dropAdalImport returns the edit deleting the file's adal import when every
// use of it is the package of a constructor the fixes replace.
func (c *fileChecker) dropAdalImport() (analysis.TextEdit, bool) {
	var spec *ast.ImportSpec
	for _, imp := range c.file.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == adalPath && (imp.Name == nil || imp.Name.Name != "_" && imp.Name.Name != ".") {
			spec = imp
		}
	}
	if spec == nil {
		return analysis.TextEdit{}, false
	}
	pkgName := c.pass.TypesInfo.PkgNameOf(spec)
	if pkgName == nil {
		return analysis.TextEdit{}, false
	}
	used := false
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
