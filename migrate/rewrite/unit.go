package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/azcompat/credwrapper/migrate/inventory"
)

// A unit is one component of a legacy client's flow (see flow.go): the
// values of the client that flow into one another, from their
// constructions through variables, fields, parameters and helpers to
// every call of it. It is rewritten as a whole or not at all.
type unit struct {
	r     *fileRewriter
	flow  *flow
	items []flowItem
	ctors []*construction

	// The construction being planned.
	ctorCall *ast.CallExpr
	ctorFn   *types.Func
	legacy   string
	baseName string    // the variable the new constructor declares
	runPos   token.Pos // where its run starts
	// pre is what goes before the new constructor (its options, when a
	// setting is conditional).
	pre string

	// The call being planned: the function around it, and what its
	// receiver names (obj is its variable).
	obj      *types.Var
	recv     []types.Object
	fnType   *types.Signature
	body     *ast.BlockStmt
	consumed map[ast.Expr]bool // the client's reads a poller takes
	// errLater is the err the constructor's "c, err :=" declares first:
	// its later declaration (a list call's it, err :=) declares it no more.
	errLater types.Object

	lc        *inventory.LegacyClient
	newSDK    *Package
	newPkg    *types.Package
	newName   string // the name the file gives newPkg
	newClient *types.Named

	edits   []analysis.TextEdit
	imports map[string]string
	calls   []pendingCall
	err     error // why the unit is left, once planned
	// values are the local variables holding legacy models (or slices of
	// them) whose declaration and uses the rewrite converts: each once.
	values map[types.Object]bool
	// later holds what is completed once the unit's calls are planned:
	// result variables assigned again, enums read before their statement.
	later later
	// recvName names the new client the calls are made on, when it is
	// not the legacy receiver's text (a Key Vault family's client);
	// skipArgs are the legacy arguments the new client holds (the vault).
	recvName string
	skipArgs map[int]bool
}

type pendingCall struct {
	pos    token.Pos
	legacy string
	msg    string
}

// errf is a reason a unit is left as it is.
func errf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// fail leaves every call of the unit as it is, with why.
func (u *unit) fail(err error) {
	for _, it := range u.items {
		switch {
		case it.kind == itemCtor:
			u.r.outcome(u.r.callPos(it.c.call), it.c.legacy, false, "not rewritten: "+err.Error())
		case it.kind == itemCall:
			u.r.leaveCall(it.call, "not rewritten with its client: ", err)
		case it.kind == itemErr:
			if call, ok := it.node.(*ast.CallExpr); ok {
				u.r.leaveCall(call, "not rewritten: ", err)
			}
		}
	}
}

// leaveCall records why the legacy call is left, unless it has an outcome
// already.
func (r *fileRewriter) leaveCall(call *ast.CallExpr, prefix string, err error) {
	if _, legacy, _, ok := r.legacyCall(call); ok && !r.accounted[r.callPos(call)] {
		r.outcome(r.callPos(call), legacy, false, prefix+err.Error())
	}
}

func (u *unit) commit() {
	r := u.r
	r.edits = append(r.edits, u.edits...)
	r.replaced = append(r.replaced, u.edits...)
	for p, n := range u.imports {
		r.imports[p] = n
	}
	for _, c := range u.ctors {
		r.outcome(u.r.callPos(c.call), c.legacy, true, fmt.Sprintf("rewritten: %s.%s", u.newName, u.lcClient().Constructor))
	}
	for _, c := range u.calls {
		r.outcome(c.pos, c.legacy, true, "rewritten: "+c.msg)
	}
}

func (u *unit) lcClient() inventory.Client { return u.r.m.Clients[u.lc.Client] }

func (u *unit) edit(pos, end token.Pos, text string) {
	u.edits = append(u.edits, analysis.TextEdit{Pos: pos, End: end, NewText: []byte(text)})
}

// errNameAt is the name of the error of a new constructor declared by the
// statement at: err, unless err is visible there (c, err := would then
// shadow or reuse it), or is declared later in the same block by a
// statement that would no longer declare anything; then a name of its own
// (base + "Err"). A later declaration that still declares another
// variable is recorded as the function's errLater.
func (r *fileRewriter) errNameAt(at ast.Node, body *ast.BlockStmt, base string) string {
	scope := r.pkg.Scope().Innermost(at.Pos())
	if scope == nil {
		return r.claim(body, at, base+"Err")
	}
	if _, obj := scope.LookupParent("err", at.Pos()); obj != nil {
		return r.claim(body, at, base+"Err")
	}
	later := scope.Lookup("err")
	if later == nil {
		return "err"
	}
	for id, obj := range r.info.Defs {
		if obj != later {
			continue
		}
		st, ok := r.parents[id].(*ast.AssignStmt)
		if !ok || st.Tok != token.DEFINE {
			return r.claim(body, at, base+"Err")
		}
		for _, l := range st.Lhs {
			if lid, ok := l.(*ast.Ident); ok && lid != id && lid.Name != "_" && r.info.Defs[lid] != nil {
				r.errLater[body] = later // still declares another variable
				return "err"
			}
		}
	}
	return r.claim(body, at, base+"Err")
}

// freshName returns name, or name with a number, that the function of n
// neither sees nor declares.
func (u *unit) freshName(n ast.Node, name string) string { return u.r.fresh(u.body, n, name) }

func (r *fileRewriter) fresh(body *ast.BlockStmt, n ast.Node, name string) string {
	taken := func(c string) bool {
		if s := r.pkg.Scope().Innermost(n.Pos()); s != nil {
			if _, obj := s.LookupParent(c, n.Pos()); obj != nil {
				return true
			}
		}
		found := false
		ast.Inspect(body, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok && id.Name == c {
				found = true
			}
			return !found
		})
		return found
	}
	for i := 0; ; i++ {
		c := name
		if i > 0 {
			c = fmt.Sprintf("%s%d", name, i+1)
		}
		if !taken(c) {
			return c
		}
	}
}

func indexOf(list []ast.Stmt, s ast.Stmt) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// enclosing finds the function around n.
func (u *unit) enclosing(n ast.Node) error {
	for p := u.r.parents[n]; p != nil; p = u.r.parents[p] {
		switch f := p.(type) {
		case *ast.FuncLit:
			u.body = f.Body
			u.fnType, _ = u.r.info.Types[f].Type.(*types.Signature)
			return nil
		case *ast.FuncDecl:
			u.body = f.Body
			if fn, ok := u.r.info.Defs[f.Name].(*types.Func); ok {
				u.fnType = fn.Signature()
			}
			return nil
		}
	}
	return errf("the constructor is not in a function")
}

func (u *unit) zero(t types.Type) string {
	switch tt := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case tt.Info()&types.IsBoolean != 0:
			return "false"
		case tt.Info()&types.IsString != 0:
			return `""`
		case tt.Info()&types.IsNumeric != 0:
			return "0"
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil"
	case *types.Struct, *types.Array:
		s, err := u.typeString(t)
		if err != nil {
			return "\x00"
		}
		return s + "{}"
	}
	return "\x00"
}

// typeString spells t in the file, with the names the file gives packages.
func (u *unit) typeString(t types.Type) (string, error) {
	var err error
	s := types.TypeString(t, func(p *types.Package) string {
		if p == u.r.pkg {
			return ""
		}
		if name, ok := u.r.importedAs(p.Path()); ok {
			return name
		}
		if name, ok := u.imports[p.Path()]; ok {
			return name
		}
		if strings.HasPrefix(p.Path(), "github.com/Azure/azure-sdk-for-go/sdk/") {
			name, e := u.importName(p.Path(), p.Name())
			if e != nil {
				err = e
			}
			return name
		}
		err = errf("the file does not import %s", p.Path())
		return p.Name()
	})
	return s, err
}

// importName is the name the file gives a package the rewrite imports: its
// own, unless the file gives that name to something else.
func (u *unit) importName(path, name string) (string, error) {
	if n, ok := u.r.importedAs(path); ok {
		return n, nil
	}
	if n, ok := u.imports[path]; ok {
		return n, nil
	}
	if n, ok := u.r.imports[path]; ok {
		u.imports[path] = n
		return n, nil
	}
	for _, spec := range u.r.file.Imports {
		var pn types.Object
		if spec.Name != nil {
			pn = u.r.info.Defs[spec.Name]
		} else {
			pn = u.r.info.Implicits[spec]
		}
		if pn != nil && pn.Name() == name && !u.r.unusedAfterEdits(spec, u.edits) {
			return "", errf("the file already uses the name %s for %s, the name of %s", name, spec.Path.Value, path)
		}
	}
	if u.r.pkg.Scope().Lookup(name) != nil {
		return "", errf("the package declares %s, the name of %s", name, path)
	}
	u.imports[path] = name
	return name, nil
}

// unusedAfterEdits says whether spec is a legacy import that the rewrite
// may drop (its name can then be reused).
func (r *fileRewriter) unusedAfterEdits(spec *ast.ImportSpec, _ []analysis.TextEdit) bool {
	path := strings.Trim(spec.Path.Value, `"`)
	return strings.HasPrefix(path, v68Services) || path == autorestTo
}

// indent is the white space that starts the line of pos.
func (u *unit) indent(pos token.Pos) string { return u.r.indent(pos) }

func (r *fileRewriter) indent(pos token.Pos) string {
	o := r.off(pos)
	s := o
	for s > 0 && r.src[s-1] != '\n' {
		s--
	}
	return strings.Map(func(c rune) rune {
		if c == ' ' || c == '\t' {
			return c
		}
		return -1
	}, string(r.src[s:o]))
}

// clientSettings are the legacy client's settings the rewrite carries to
// arm.ClientOptions.
type clientSettings struct {
	cred    ast.Expr
	baseURI ast.Expr
	sender  ast.Expr
	retries ast.Expr
	// if cond { c.Sender = condSender }
	cond, condSender ast.Expr
}

// isObj says whether e names what the receiver of the call being planned
// names (the same variable, or the same field of the same variable).
func (u *unit) isObj(e ast.Expr) bool { return samePath(u.r.path(e), u.recv) }

// markObj records that a poller takes a read of the client.
func (u *unit) markObj(e ast.Expr) { u.consumed[ast.Unparen(e)] = true }

// isTokenCredential says whether t has azcore.TokenCredential's GetToken.
func isTokenCredential(t types.Type) bool {
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "GetToken")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Signature()
	if sig.Params().Len() != 2 || sig.Results().Len() != 2 {
		return false
	}
	n, ok := types.Unalias(sig.Results().At(0).Type()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && strings.HasPrefix(n.Obj().Pkg().Path(), azcorePath) && n.Obj().Name() == "AccessToken"
}

// constructor is the call of the new client's constructor.
func (u *unit) constructor(cs *clientSettings) (string, error) {
	r := u.r
	cl := u.lcClient()
	ctor, _ := u.newPkg.Scope().Lookup(cl.Constructor).(*types.Func)
	if ctor == nil {
		return "", errf("%s has no function %s", cl.Package, cl.Constructor)
	}
	// The legacy constructor's arguments, by parameter name.
	legacyArgs := map[string]ast.Expr{}
	lsig := u.ctorFn.Signature()
	for i, a := range u.ctorCall.Args {
		if i < lsig.Params().Len() {
			legacyArgs[strings.ToLower(lsig.Params().At(i).Name())] = a
		}
		if !simple(r.info, a) {
			return "", errf("the constructor's argument %s has calls: bind it to a variable first", r.text(a))
		}
	}
	if b, ok := legacyArgs["baseuri"]; ok {
		if cs.baseURI != nil {
			return "", errf("the client's BaseURI is set twice")
		}
		cs.baseURI = b
		delete(legacyArgs, "baseuri")
	}
	if cs.cred == nil {
		return "", errf("no credential: the client's Authorizer is not set right after its constructor (c.Authorizer = w or w.Attach(&c.Client))")
	}
	var args []string
	sig := ctor.Signature()
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		switch name := strings.ToLower(p.Name()); {
		case name == "credential":
			args = append(args, r.text(cs.cred))
		case name == "options" && i == sig.Params().Len()-1:
			opts, err := u.clientOptions(cs)
			if err != nil {
				return "", err
			}
			if cs.cond != nil {
				if cs.sender != nil {
					return "", errf("its Sender is set twice")
				}
				if opts == "nil" {
					arm, err := u.importName(azcorePath+"/arm", "arm")
					if err != nil {
						return "", err
					}
					opts = "&" + arm + ".ClientOptions{}"
				}
				name := u.r.claim(u.body, u.ctorCall, u.baseName+"Options")
				indent := u.indent(u.runPos)
				u.pre = fmt.Sprintf("%[1]s := %[2]s\n%[5]sif %[3]s {\n%[5]s\t%[1]s.Transport = %[4]s\n%[5]s}\n%[5]s", name, opts, r.text(cs.cond), r.text(cs.condSender), indent)
				opts = name
			}
			args = append(args, opts)
		default:
			a, ok := legacyArgs[name]
			if !ok {
				return "", errf("%s takes %s, which the legacy constructor does not", cl.Constructor, p.Name())
			}
			args = append(args, r.text(a))
			delete(legacyArgs, name)
		}
	}
	for name := range legacyArgs {
		return "", errf("%s takes no %s", cl.Constructor, name)
	}
	return fmt.Sprintf("%s.%s(%s)", u.newName, cl.Constructor, strings.Join(args, ", ")), nil
}

// clientOptions spells the arm.ClientOptions of the settings.
func (u *unit) clientOptions(cs *clientSettings) (string, error) {
	var fields []string
	if cs.baseURI != nil {
		c, err := u.cloud(cs.baseURI)
		if err != nil {
			return "", err
		}
		if c != "" {
			fields = append(fields, "Cloud: "+c)
		}
	}
	more, err := u.policyFields(cs)
	if err != nil {
		return "", err
	}
	fields = append(fields, more...)
	if len(fields) == 0 {
		return "nil", nil
	}
	arm, err := u.importName(azcorePath+"/arm", "arm")
	if err != nil {
		return "", err
	}
	pol, err := u.importName(azcorePath+"/policy", "policy")
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("&%s.ClientOptions{ClientOptions: %s.ClientOptions{%s}}", arm, pol, strings.Join(fields, ", ")), nil
}

// policyFields spells the fields of azcore's policy.ClientOptions that the
// settings give: Transport (Sender) and Retry (RetryAttempts).
func (u *unit) policyFields(cs *clientSettings) ([]string, error) {
	r := u.r
	var fields []string
	if cs.sender != nil {
		fields = append(fields, "Transport: "+r.text(cs.sender))
	}
	if cs.retries != nil {
		n := r.text(cs.retries)
		if tv := r.info.Types[cs.retries]; tv.Value == nil {
			n = "int32(" + n + ")"
		}
		pol, err := u.importName(azcorePath+"/policy", "policy")
		if err != nil {
			return nil, err
		}
		fields = append(fields, fmt.Sprintf("Retry: %s.RetryOptions{MaxRetries: %s}", pol, n))
	}
	return fields, nil
}

// cloud spells the azcore cloud configuration of a legacy BaseURI, "" for
// the default one.
func (u *unit) cloud(e ast.Expr) (string, error) {
	r := u.r
	if tv := r.info.Types[e]; tv.Value != nil && strings.TrimSuffix(tv.Value.ExactString(), `/"`) == `"https://management.azure.com` {
		return "", nil
	}
	cloudName, err := u.importName(azcorePath+"/cloud", "cloud")
	if err != nil {
		return "", err
	}
	// env.ResourceManagerEndpoint of a go-autorest azure.Environment.
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok && sel.Sel.Name == "ResourceManagerEndpoint" {
		if n, ok := types.Unalias(r.info.TypeOf(sel.X)).(*types.Named); ok && n.Obj().Name() == "Environment" && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "github.com/Azure/go-autorest/autorest/azure" {
			delete(u.imports, azcorePath+"/cloud")
			cw, err := u.importName(credwrapper, "credwrapper")
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%s.CloudFromEnvironment(%s)", cw, r.text(sel.X)), nil
		}
	}
	return fmt.Sprintf("%[1]s.Configuration{Services: map[%[1]s.ServiceName]%[1]s.ServiceConfiguration{%[1]s.ResourceManager: {Endpoint: %[2]s, Audience: %[1]s.AzurePublic.Services[%[1]s.ResourceManager].Audience}}}", cloudName, r.text(e)), nil
}

// simple says whether evaluating e has no effect and cannot depend on
// other arguments' evaluation: identifiers, constants, selectors of them,
// and composite literals and to.Ptr-like calls of such.
func simple(info *types.Info, e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if tv, isType := info.Types[n.Fun]; isType && tv.IsType() {
				return true // a conversion
			}
			if sel, isSel := n.Fun.(*ast.SelectorExpr); isSel {
				if fn, _ := info.Uses[sel.Sel].(*types.Func); fn != nil && fn.Pkg() != nil &&
					(fn.Pkg().Path() == autorestTo || fn.Pkg().Path() == azcorePath+"/to") {
					return true
				}
			}
			ok = false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ok = false
			}
		case *ast.FuncLit, *ast.IndexExpr, *ast.IndexListExpr, *ast.StarExpr, *ast.TypeAssertExpr:
			// A map or slice read, a dereference or an assertion may
			// panic, or read what another argument changes.
			if tv, isType := info.Types[n.(ast.Expr)]; isType && tv.IsType() {
				return true
			}
			ok = false
		}
		return ok
	})
	return ok
}

// deleteLine deletes a statement, with its line when it is alone on it.
func (u *unit) deleteLine(n ast.Node) {
	r := u.r
	s, e := r.off(n.Pos()), r.off(n.End())
	for e < len(r.src) && (r.src[e] == ' ' || r.src[e] == '\t') {
		e++
	}
	if e < len(r.src) && r.src[e] == '\n' {
		ls := s
		for ls > 0 && (r.src[ls-1] == ' ' || r.src[ls-1] == '\t') {
			ls--
		}
		if ls == 0 || r.src[ls-1] == '\n' {
			u.edit(token.Pos(ls+r.base), token.Pos(e+1+r.base), "")
			return
		}
	}
	u.edit(n.Pos(), n.End(), "")
}

// byName qualifies a type by its package's name, for messages.
func byName(p *types.Package) string { return p.Name() }
