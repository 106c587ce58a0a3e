package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"sort"
	"strings"

	"github.com/azcompat/credwrapper/migrate/inventory"
)

// The Key Vault data plane: one legacy keyvault.BaseClient (keyvault.New)
// serves every vault and every family of operations, each call naming its
// vault (vaultBaseURL). The current SDK has one client per vault and family:
// azsecrets, azkeys and azcertificates, each built by
// NewClient(vaultURL, cred, options). So a BaseClient built in a function
// becomes one new client per family its calls use, built once where the
// vault the calls all name is known:
//
//	client := keyvault.New()
//	client.Authorizer = w
//	vault := env.VaultURL
//	s, err := client.GetSecret(ctx, vault, "db", "")
//
// becomes
//
//	vault := env.VaultURL
//	secretsClient, err := azsecrets.NewClient(vault, w, nil)
//	if err != nil {
//		return err
//	}
//	s, err := secretsClient.GetSecret(ctx, "db", "", nil)
//
// The credential is the authorizer, which must be an azcore.TokenCredential
// (a credwrapper.CredentialWrapper, also one made by WithScopes for the
// vault's resource): the new clients learn the vault's scope from its
// challenge and ask the credential for it.
//
// A call with no exact equivalent (GetKeys with a page size, an operation
// the current SDK dropped, a result read whose type changes) stays on the
// legacy client, which then stays built, with its settings, for it.
//
// A client built by a helper that returns it with an error, called once,
// is rewritten in both functions: the helper takes the vault as its last
// parameter and returns the new clients (after the legacy one, when calls
// stay on it); its caller passes the vault its calls name, spelled so that
// it has the same value at the helper's call as at theirs:
//
//	func newClient(w *credwrapper.CredentialWrapper, vaultURL string) (*azsecrets.Client, error) {
//		secretsClient, err := azsecrets.NewClient(vaultURL, w, nil)
//		...
//	secretsClient, err := newClient(w, cfg.VaultURL)

// keyVaultDataPlane says whether a legacy package is a Key Vault data-plane
// client's (services/keyvault/v7.1/keyvault, not keyvault/mgmt/...).
func keyVaultDataPlane(pkgPath string) bool {
	rest, ok := strings.CutPrefix(pkgPath, v68Services)
	if !ok {
		return false
	}
	rest = strings.TrimPrefix(rest, "preview/")
	return strings.HasPrefix(rest, "keyvault/") && !strings.Contains(rest, "/mgmt/")
}

// vaultParam is the name of the vault URL parameter of every method of the
// legacy Key Vault client.
const vaultParam = "vaultbaseurl"

// kvUnit is one legacy Key Vault client with every call of it: it is
// rewritten as a whole or not at all.
type kvUnit struct {
	*unit // the legacy client: its constructor, variable and function
	// families are the new clients, by the mapping's client index, in the
	// order of their first call.
	families map[int]*unit
	order    []int
	calls    []kvCall
}

// kvCall is one call of the legacy client, and the family that serves it.
type kvCall struct {
	id     *ast.Ident // the client, as the call's receiver
	call   *ast.CallExpr
	sel    *ast.SelectorExpr
	fn     *types.Func
	legacy string
	target inventory.Target
	vault  ast.Expr
	// why is the reason the call stays on the legacy client, nil while it
	// can be rewritten.
	why error
}

// fail leaves the client and every call of it as they are, with why.
func (k *kvUnit) fail(err error) {
	u, r := k.unit, k.r
	r.outcome(r.callPos(u.ctorCall), u.legacy, false, "not rewritten: "+err.Error())
	if u.obj == nil || u.body == nil {
		return
	}
	for _, id := range sortedIdents(u.usesOf(u.obj)) {
		sel, ok := r.parents[id].(*ast.SelectorExpr)
		if !ok || sel.X != id {
			continue
		}
		if call, ok := r.parents[sel].(*ast.CallExpr); ok && call.Fun == sel {
			r.leaveCall(call, "not rewritten with its client: ", err)
		}
	}
}

// keyVault rewrites the Key Vault client built by the constructor call, or
// leaves it with why.
func (r *fileRewriter) keyVault(call *ast.CallExpr, fn *types.Func, legacy string) {
	k := &kvUnit{
		unit:     &unit{r: r, ctorCall: call, ctorFn: fn, legacy: legacy, imports: map[string]string{}, consumed: map[ast.Expr]bool{}},
		families: map[int]*unit{},
	}
	if err := k.plan(); err != nil {
		k.fail(err)
		return
	}
	k.commit()
}

func (k *kvUnit) plan() error {
	u, r := k.unit, k.r
	// c := keyvault.New(), a statement of a block.
	assign, ok := r.parents[u.ctorCall].(*ast.AssignStmt)
	if !ok || assign.Tok != token.DEFINE || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
		return errf("the constructor's result is not declared alone by := (c := %s())", u.legacy)
	}
	block, ok := r.parents[assign].(*ast.BlockStmt)
	if !ok {
		return errf("the constructor is not a statement of a block")
	}
	id, _ := assign.Lhs[0].(*ast.Ident)
	if id == nil {
		return errf("the constructor's result is not a variable")
	}
	if u.obj, _ = r.info.Defs[id].(*types.Var); u.obj == nil {
		return errf("the constructor's result is not a new variable")
	}
	u.recv = []types.Object{u.obj}
	if err := u.enclosing(assign); err != nil {
		return err
	}
	u.lc = r.m.Legacy[u.ctorFn.Pkg().Path()][typeName(u.ctorFn.Signature().Results().At(0).Type())]
	if u.lc == nil || len(u.lc.Candidates) == 0 {
		return errf("the inventory's mapping has no replacement for %s", u.legacy)
	}
	// The settings that follow the constructor: its run (flow.go).
	c := r.ctorOf[u.ctorCall]
	if c == nil || !c.alone || c.run.block != block {
		return errf("the constructor's result is not declared alone by := (c := %s())", u.legacy)
	}
	if c.err != nil {
		return c.err
	}
	for _, other := range c.run.ctors {
		if other != c {
			return errf("it is set up with %s at %s: a Key Vault client is rewritten only when its constructor and settings build it alone", other.legacy, r.fset.Position(other.call.Pos()))
		}
	}
	settings := &c.cs
	if settings.cred == nil {
		return errf("no credential: the client's Authorizer is not set right after its constructor (c.Authorizer = w or w.Attach(&c.Client))")
	}
	if settings.baseURI != nil {
		return errf("the client's BaseURI has no equivalent: each call names its vault")
	}
	// The last statement of the constructor and its settings.
	last := indexOf(block.List, c.run.stmts[len(c.run.stmts)-1])
	if h, err := k.helper(block, last); err != nil || h != nil {
		if err != nil {
			return err
		}
		return k.planHelper(h, assign, block, last, settings)
	}
	if err := k.collect(assign, block.List[last].End()); err != nil {
		return err
	}
	vault, err := k.vault()
	if err != nil || vault == nil {
		return err
	}
	// Where the new clients are built: after the constructor, or after the
	// statement that declares the vault the calls name. A call before it
	// stays on the legacy client.
	at, err := k.placement(block, last, vault, settings.cred)
	if err != nil {
		return err
	}
	for i, c := range k.calls {
		if c.why == nil && c.call.Pos() < block.List[at].End() {
			k.calls[i].why = errf("it is called before the statement that declares its vault %s", r.text(c.vault))
		}
	}
	ret := u.returnErrIn(assign)
	if ret == "" {
		return errf("the enclosing function does not return an error last: the new constructors' errors have nowhere to go")
	}
	if strings.Contains(ret, "\x00") {
		return errf("a result of the enclosing function has no zero value this file can spell")
	}
	// Where the new clients go: right after block.List[at], in the
	// constructor's block (not in the scope of a statement that follows).
	next := &ast.Ident{NamePos: block.List[at].End()}
	errNames := map[int]string{}
	err = k.rewriteCalls(func(f *unit) {
		f.recvName = f.freshName(next, strings.TrimPrefix(f.newPkg.Name(), "az")+"Client")
		errNames[f.lc.Client] = r.errNameAt(next, f.body, u.obj.Name())
	})
	if err != nil {
		return err
	}
	built, err := k.constructors(u, settings, r.text(vault), u.indent(block.List[at].Pos()), func(f *unit) (string, string) {
		return errNames[f.lc.Client], strings.TrimSuffix(ret, "err") + errNames[f.lc.Client]
	})
	if err != nil {
		return err
	}
	switch {
	case k.partial():
		// The legacy client stays, with its settings, for the calls left.
		u.edit(block.List[at].End(), block.List[at].End(), "\n"+u.indent(block.List[at].Pos())+built)
	case at == last:
		u.edit(assign.Pos(), block.List[last].End(), built)
	default:
		u.deleteLines(assign, block.List[last])
		u.edit(block.List[at].End(), block.List[at].End(), "\n"+u.indent(block.List[at].Pos())+built)
	}
	return nil
}

// vault is the vault the calls with an equivalent name, nil (with no
// error) when no call has one, after k.kept() says why.
func (k *kvUnit) vault() (ast.Expr, error) {
	r := k.r
	if len(k.calls) == 0 {
		return nil, errf("the client makes no call: nothing tells which of azsecrets, azkeys and azcertificates replaces it")
	}
	var vault ast.Expr
	for _, c := range k.calls {
		if c.why != nil {
			continue
		}
		if vault == nil {
			vault = c.vault
		} else if !k.sameValue(vault, c.vault) {
			return nil, errf("its calls name different vaults (%s, %s at %s): one new client per vault is not rewritten yet",
				r.text(vault), r.text(c.vault), r.fset.Position(c.call.Pos()))
		}
	}
	if vault == nil {
		return nil, k.kept()
	}
	return vault, nil
}

// rewriteCalls rewrites the calls that have an equivalent on the new
// client of their family, named by name when the family's first call is
// rewritten. A call that cannot be rewritten stays on the legacy client,
// with its edits undone; a family with no call left is dropped.
func (k *kvUnit) rewriteCalls(name func(f *unit)) error {
	u := k.unit
	for i := range k.calls {
		c := &k.calls[i]
		if c.why != nil {
			continue
		}
		if _, ok := k.families[c.target.Client]; !ok {
			f, err := k.family(c.target.Client)
			if err != nil {
				return err
			}
			name(f)
			k.families[c.target.Client] = f
			k.order = append(k.order, c.target.Client)
		}
		f := k.families[c.target.Client]
		edits, imports, later := len(f.edits), maps.Clone(u.imports), f.later.clone()
		if c.why = k.rewriteCall(*c); c.why != nil {
			f.edits = f.edits[:edits]
			clear(u.imports)
			maps.Copy(u.imports, imports)
			f.later = later
		}
	}
	var used []int // the families some call is rewritten on
	for _, fc := range k.order {
		if f := k.families[fc]; len(f.calls) > 0 {
			used = append(used, fc)
		} else {
			delete(u.imports, f.newPkg.Path())
		}
	}
	k.order = used
	if len(used) == 0 {
		return k.kept()
	}
	// What each family completes once its calls are planned (values.go).
	for _, fc := range used {
		f := k.families[fc]
		if err := f.later.finish(f); err != nil {
			return err
		}
	}
	return nil
}

// constructors spells the new clients' constructors, with their options'
// statements first when a setting is conditional: site is the function
// they are built in, ret gives each family's error variable and the
// return of it.
func (k *kvUnit) constructors(site *unit, settings *clientSettings, vault, indent string, ret func(f *unit) (errName, stmt string)) (string, error) {
	opts, pre, err := k.options(site, settings)
	if err != nil {
		return "", err
	}
	var ctors []string
	if pre != "" {
		ctors = append(ctors, pre)
	}
	for _, fc := range k.order {
		f := k.families[fc]
		fopts := "nil"
		if opts != "" {
			fopts = fmt.Sprintf("&%s.ClientOptions{ClientOptions: %s}", f.newName, opts)
		}
		errName, stmt := ret(f)
		ctors = append(ctors, fmt.Sprintf("%[1]s, %[2]s := %[3]s.%[4]s(%[5]s, %[6]s, %[7]s)\n%[8]sif %[2]s != nil {\n%[8]s\treturn %[9]s\n%[8]s}",
			f.recvName, errName, f.newName, f.lcClient().Constructor, vault, k.r.text(settings.cred), fopts, indent, stmt))
	}
	return strings.Join(ctors, "\n"+indent), nil
}

// partial says whether some call stays on the legacy client.
func (k *kvUnit) partial() bool {
	for _, c := range k.calls {
		if c.why != nil {
			return true
		}
	}
	return false
}

// kept is why the client is left when none of its calls can be rewritten:
// the first call's reason.
func (k *kvUnit) kept() error {
	for _, c := range k.calls {
		if c.why != nil {
			return fmt.Errorf("%s at %s: %w", c.legacy, k.r.fset.Position(c.call.Pos()), c.why)
		}
	}
	return errf("no call of the client can be rewritten")
}

// collect finds every call of the client after its settings (which end at
// end), each with the family that serves it and the vault it names, or
// why it has no equivalent.
func (k *kvUnit) collect(assign *ast.AssignStmt, end token.Pos) error {
	u, r := k.unit, k.r
	for _, id := range sortedIdents(u.usesOf(u.obj)) {
		if assign.Pos() <= id.Pos() && id.End() <= end {
			continue
		}
		sel, ok := r.parents[id].(*ast.SelectorExpr)
		call, ok2 := r.parents[sel].(*ast.CallExpr)
		if !ok || sel.X != id || !ok2 || call.Fun != sel {
			return errf("the client %s is used other than by calling its methods at %s (returned, passed or stored): "+
				"each of its calls names its vault, and one client per vault and family (azsecrets, azkeys, azcertificates) replaces it, "+
				"built where the calls are; a client built elsewhere is not rewritten yet", u.obj.Name(), r.fset.Position(id.Pos()))
		}
		fn, legacy, _, ok := r.legacyCall(call)
		if !ok {
			return errf("the client's %s is called at %s: no equivalent", sel.Sel.Name, r.fset.Position(id.Pos()))
		}
		target, ok := u.lc.Methods[fn.Name()]
		c := kvCall{id: id, call: call, sel: sel, fn: fn, legacy: legacy, target: target}
		switch {
		case !ok || target.Client < 0 || target.Method == "":
			why := ""
			if target.Reason == inventory.ReasonDropped {
				why = " (the current SDK has no storage-account or SAS-definition operations)"
			}
			c.why = errf("it has no replacement%s", why)
		case call.Ellipsis.IsValid() || len(call.Args) != fn.Signature().Params().Len():
			c.why = errf("its arguments are spread")
		}
		for i := 0; i < fn.Signature().Params().Len() && i < len(call.Args); i++ {
			if strings.ToLower(fn.Signature().Params().At(i).Name()) == vaultParam {
				c.vault = call.Args[i]
			}
		}
		if c.vault == nil && c.why == nil {
			c.why = errf("it names no vault")
		}
		k.calls = append(k.calls, c)
	}
	return nil
}

// family is the unit of the new client at index c of the mapping's
// clients.
func (k *kvUnit) family(c int) (*unit, error) {
	u, r := k.unit, k.r
	if c >= len(r.m.Clients) {
		return nil, errf("the inventory's mapping names no client %d", c)
	}
	f := &unit{r: r, ctorCall: u.ctorCall, ctorFn: u.ctorFn, legacy: u.legacy, obj: u.obj, recv: u.recv, fnType: u.fnType, body: u.body,
		lc: &inventory.LegacyClient{Client: c, Methods: u.lc.Methods}, imports: u.imports, consumed: u.consumed}
	cl := r.m.Clients[c]
	var err error
	if f.newSDK, err = r.loader.Load(r.dir, cl.Package); err != nil {
		return nil, err
	}
	f.newPkg = f.newSDK.Types
	tn, _ := f.newPkg.Scope().Lookup(cl.Type).(*types.TypeName)
	if tn == nil {
		return nil, errf("%s has no type %s", cl.Package, cl.Type)
	}
	f.newClient, _ = tn.Type().(*types.Named)
	if f.newName, err = f.importName(f.newPkg.Path(), f.newPkg.Name()); err != nil {
		return nil, err
	}
	return f, nil
}

// rewriteCall rewrites one call on the new client of its family: the vault
// argument goes (the client holds it), the rest as for any client.
func (k *kvUnit) rewriteCall(c kvCall) error {
	f := k.families[c.target.Client]
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(f.newClient), true, f.newPkg, c.target.Method)
	newM, _ := obj.(*types.Func)
	if newM == nil {
		return errf("%s.%s has no method %s", f.newName, f.lcClient().Type, c.target.Method)
	}
	f.skipArgs = map[int]bool{}
	f.errLater = k.r.errLater[f.body]
	for i, a := range c.call.Args {
		if a == c.vault {
			f.skipArgs[i] = true
		}
		// azkeys', azsecrets' and azcertificates' pagers take no page size.
		if strings.ToLower(c.fn.Signature().Params().At(i).Name()) == "maxresults" && !k.r.empty(a) && !hasOption(newM, "MaxResults") {
			return errf("the new pager has no page size (maxresults): it would send other requests, with the pages the service chooses")
		}
	}
	var err error
	switch {
	case strings.HasPrefix(c.target.Method, "Begin"):
		err = errf("a long-running operation of Key Vault is not rewritten yet")
	case strings.HasPrefix(c.target.Method, "New") && strings.HasSuffix(c.target.Method, "Pager"):
		err = f.pager(c.call, c.sel, c.fn, newM)
	default:
		if err = f.plain(c.call, c.sel, c.fn, newM); err == nil {
			f.edit(c.id.Pos(), c.id.End(), f.recvName)
		}
	}
	if err != nil {
		return err
	}
	f.calls = append(f.calls, pendingCall{pos: k.r.callPos(c.call), legacy: c.legacy, msg: f.newName + "." + f.lcClient().Type + "." + newM.Name()})
	return nil
}

// options spells the new clients' azcore.ClientOptions: "" for none, or an
// expression, with the statements that build them (pre) when a setting is
// conditional.
func (k *kvUnit) options(u *unit, cs *clientSettings) (opts, pre string, err error) {
	fields, err := u.policyFields(cs)
	if err != nil {
		return "", "", err
	}
	if len(fields) == 0 && cs.cond == nil {
		return "", "", nil
	}
	pol, err := u.importName(azcorePath+"/policy", "policy")
	if err != nil {
		return "", "", err
	}
	lit := fmt.Sprintf("%s.ClientOptions{%s}", pol, strings.Join(fields, ", "))
	if cs.cond == nil {
		return lit, "", nil
	}
	if cs.sender != nil {
		return "", "", errf("its Sender is set twice")
	}
	name := u.freshName(u.ctorCall, u.obj.Name()+"Options")
	indent := u.indent(u.ctorCall.Pos())
	pre = fmt.Sprintf("%[1]s := %[2]s\n%[5]sif %[3]s {\n%[5]s\t%[1]s.Transport = %[4]s\n%[5]s}", name, lit, k.r.text(cs.cond), k.r.text(cs.condSender), indent)
	return name, pre, nil
}

// placement is the index of the statement of block after which the new
// clients are built: the last of the constructor's settings, or the later
// statement that declares a variable the vault is read from. The vault and
// the credential must hold the same value there as at each call.
func (k *kvUnit) placement(block *ast.BlockStmt, last int, vault, cred ast.Expr) (int, error) {
	r := k.r
	at := last
	for _, e := range []ast.Expr{vault, cred} {
		vars, err := k.stable(e)
		if err != nil {
			what := "vault"
			if e == cred {
				what = "credential"
			}
			return 0, errf("its %s %s %s", what, r.text(e), err)
		}
		if e == cred {
			continue
		}
		for _, v := range vars {
			if v.Pos() < block.Pos() || v.Pos() < block.List[last].End() {
				continue // declared before the constructor
			}
			s := -1
			for i, st := range block.List {
				if st.Pos() <= v.Pos() && v.Pos() < st.End() {
					s = i
				}
			}
			if s < 0 {
				return 0, errf("its vault %s is declared in a block of its own, not the constructor's", r.text(vault))
			}
			if s > at {
				at = s
			}
		}
	}
	if at != last {
		// The credential is read later than before: it must not change in
		// between either.
		for _, v := range k.vars(cred) {
			for i := last + 1; i <= at; i++ {
				if k.assigns(block.List[i], v) {
					return 0, errf("its credential %s changes before its vault %s is declared", r.text(cred), r.text(vault))
				}
			}
		}
	}
	return at, nil
}

// stable checks that e has the same value wherever the function reads it:
// a constant, or variables of the function that are assigned only where
// declared and whose address is never taken, read through fields of
// struct values (no pointer). It returns the variables.
func (k *kvUnit) stable(e ast.Expr) ([]*types.Var, error) {
	r := k.r
	if tv, ok := r.info.Types[e]; ok && tv.Value != nil {
		return nil, nil
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := r.info.Uses[x].(*types.Var)
		if !ok {
			return nil, errf("is not a variable")
		}
		fn := r.parents[k.body]
		if fn == nil || v.Pos() < fn.Pos() || v.Pos() >= fn.End() {
			return nil, errf("is not a variable of the function: it may change between the calls")
		}
		if k.changed(v) {
			return nil, errf("is assigned or has its address taken in the function: it may change between the calls")
		}
		return []*types.Var{v}, nil
	case *ast.SelectorExpr:
		s := r.info.Selections[x]
		if s == nil || s.Kind() != types.FieldVal || s.Indirect() || isPointer(r.info.TypeOf(x.X)) {
			return nil, errf("is read through a pointer: it may change between the calls")
		}
		return k.stable(x.X)
	}
	return nil, errf("is not a variable or a field of one")
}

// vars are the variables e reads.
func (k *kvUnit) vars(e ast.Expr) []*types.Var {
	var out []*types.Var
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := k.r.info.Uses[id].(*types.Var); ok && !v.IsField() {
				out = append(out, v)
			}
		}
		return true
	})
	return out
}

// changed says whether the function assigns v (or a field of it) other
// than where it declares it, or takes its address (also by calling a
// method with a pointer receiver on it).
func (k *kvUnit) changed(v *types.Var) bool {
	return k.assigns(k.body, v)
}

// assigns says whether n assigns v, a field of it, or takes its address.
func (k *kvUnit) assigns(n ast.Node, v *types.Var) bool {
	r := k.r
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		id, ok := x.(*ast.Ident)
		if !ok || r.info.Uses[id] != v {
			return !found
		}
		// Up through the field selections of v.
		var cur ast.Expr = id
		for {
			sel, ok := r.parents[cur].(*ast.SelectorExpr)
			if !ok || sel.X != cur {
				break
			}
			s := r.info.Selections[sel]
			if s != nil && s.Kind() == types.MethodVal {
				if sig, ok := s.Obj().Type().(*types.Signature); ok && sig.Recv() != nil && isPointer(sig.Recv().Type()) && !isPointer(r.info.TypeOf(cur)) {
					found = true // an implicit &v
				}
				break
			}
			cur = sel
		}
		switch p := r.parents[cur].(type) {
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if l == cur {
					found = true
				}
			}
		case *ast.IncDecStmt:
			found = true
		case *ast.RangeStmt:
			if p.Key == cur || p.Value == cur {
				found = true
			}
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				found = true
			}
		case *ast.IndexExpr:
			if _, isArray := r.info.TypeOf(cur).Underlying().(*types.Array); isArray {
				found = true // conservatively: an element may be assigned
			}
		}
		return !found
	})
	return found
}

// sameValue says whether two vault expressions read the same variable,
// field or constant.
func (k *kvUnit) sameValue(a, b ast.Expr) bool {
	r := k.r
	a, b = ast.Unparen(a), ast.Unparen(b)
	ta, tb := r.info.Types[a], r.info.Types[b]
	if ta.Value != nil || tb.Value != nil {
		return ta.Value != nil && tb.Value != nil && ta.Value.ExactString() == tb.Value.ExactString()
	}
	switch x := a.(type) {
	case *ast.Ident:
		y, ok := b.(*ast.Ident)
		return ok && r.info.Uses[x] != nil && r.info.Uses[x] == r.info.Uses[y]
	case *ast.SelectorExpr:
		y, ok := b.(*ast.SelectorExpr)
		return ok && r.info.Uses[x.Sel] != nil && r.info.Uses[x.Sel] == r.info.Uses[y.Sel] && k.sameValue(x.X, y.X)
	}
	return false
}

// commit records the unit's edits and outcomes.
func (k *kvUnit) commit() {
	u, r := k.unit, k.r
	var ctors []string
	for _, c := range k.order {
		f := k.families[c]
		u.edits = append(u.edits, f.edits...)
		ctors = append(ctors, f.newName+"."+f.lcClient().Constructor)
	}
	sort.Slice(u.edits, func(i, j int) bool { return u.edits[i].Pos < u.edits[j].Pos })
	r.edits = append(r.edits, u.edits...)
	r.replaced = append(r.replaced, u.edits...)
	for p, n := range u.imports {
		r.imports[p] = n
	}
	if k.partial() {
		r.outcome(r.callPos(u.ctorCall), u.legacy, false, "not rewritten: kept for the calls with no equivalent, which stay on it; "+
			"the others move to the clients of "+strings.Join(ctors, ", ")+", for the vault they name")
	} else {
		r.outcome(r.callPos(u.ctorCall), u.legacy, true, "rewritten: "+strings.Join(ctors, ", ")+", one client per family the calls use, for the vault they name")
	}
	for _, c := range k.order {
		for _, pc := range k.families[c].calls {
			r.outcome(pc.pos, pc.legacy, true, "rewritten: "+pc.msg)
		}
	}
	for _, c := range k.calls {
		if c.why != nil {
			r.outcome(r.callPos(c.call), c.legacy, false, "not rewritten: "+c.why.Error()+"; it stays on the legacy client")
		}
	}
}

// deleteLines deletes the statements from first to last, with their lines
// when they are alone on them.
func (u *unit) deleteLines(first, last ast.Node) {
	r := u.r
	s, e := r.off(first.Pos()), r.off(last.End())
	ls := s
	for ls > 0 && (r.src[ls-1] == ' ' || r.src[ls-1] == '\t') {
		ls--
	}
	le := e
	for le < len(r.src) && (r.src[le] == ' ' || r.src[le] == '\t') {
		le++
	}
	if (ls == 0 || r.src[ls-1] == '\n') && le < len(r.src) && r.src[le] == '\n' {
		u.edit(token.Pos(ls+r.base), token.Pos(le+1+r.base), "")
		return
	}
	u.edit(first.Pos(), last.End(), "")
}

// receiver is the text of the client a rewritten call is made on: the
// legacy receiver's, unless the rewrite names the new client otherwise (a
// Key Vault client of one family).
func (u *unit) receiver(sel *ast.SelectorExpr) string {
	if u.recvName != "" {
		return u.recvName
	}
	return u.r.text(sel.X)
}

// stringDeref rewrites a dereference of a legacy *string field that
// becomes a pointer to a string type of the new package (azkeys' KID is an
// *azkeys.ID): *x.Kid becomes string(*x.KID), the same string. It says
// whether cur, the field read, is such a dereference.
func (u *unit) stringDeref(cur ast.Expr, from, to types.Type) bool {
	r := u.r
	fp, ok1 := from.(*types.Pointer)
	tp, ok2 := to.(*types.Pointer)
	if !ok1 || !ok2 || !types.Identical(fp.Elem(), types.Typ[types.String]) || !isString(tp.Elem()) {
		return false
	}
	if _, named := types.Unalias(tp.Elem()).(*types.Named); !named {
		return false
	}
	star, ok := r.parents[cur].(*ast.StarExpr)
	if !ok {
		return false
	}
	switch p := r.parents[star].(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == star {
				return false
			}
		}
	case *ast.IncDecStmt, *ast.UnaryExpr:
		return false
	}
	u.edit(star.Pos(), star.Pos(), "string(")
	u.edit(star.End(), star.End(), ")")
	return true
}

// hasOption says whether the options struct, m's last parameter, has the
// field name.
func hasOption(m *types.Func, name string) bool {
	p := m.Signature().Params()
	if p.Len() == 0 {
		return false
	}
	s := structOf(p.At(p.Len() - 1).Type())
	for i := 0; s != nil && i < s.NumFields(); i++ {
		if s.Field(i).Name() == name {
			return true
		}
	}
	return false
}

// kvHelper is a function that builds the legacy client and returns it
// with an error (return c, nil right after its settings), and its one
// call, c, err := helper(args), in the function whose calls use it.
type kvHelper struct {
	decl   *ast.FuncDecl
	ret    *ast.ReturnStmt // return c, nil
	assign *ast.AssignStmt // the caller's c, err := helper(args)
	call   *ast.CallExpr
	site   *unit // the helper, as the function the new clients are built in
}

// helper finds the helper whose body ends with the constructor at
// block.List[:last+1] and return c, nil: nil when the client is not
// returned so, an error when it is but the helper cannot be rewritten.
func (k *kvUnit) helper(block *ast.BlockStmt, last int) (*kvHelper, error) {
	u, r := k.unit, k.r
	decl, ok := r.parents[block].(*ast.FuncDecl)
	if !ok || last+2 != len(block.List) {
		return nil, nil
	}
	ret, ok := block.List[last+1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 2 || !u.isObj(ret.Results[0]) || !r.info.Types[ret.Results[1]].IsNil() {
		return nil, nil
	}
	h := &kvHelper{decl: decl, ret: ret}
	fn, _ := r.info.Defs[decl.Name].(*types.Func)
	if fn == nil || decl.Recv != nil || decl.Type.TypeParams != nil {
		return nil, errf("the client is returned by %s, a method or generic function: not rewritten yet", decl.Name.Name)
	}
	if decl.Name.IsExported() {
		return nil, errf("the client is returned by %s, which other packages may call: its signature would change", decl.Name.Name)
	}
	res := fn.Signature().Results()
	if res.Len() != 2 || !types.Identical(res.At(0).Type(), u.obj.Type()) || res.At(1).Name() != "" ||
		!types.Identical(res.At(1).Type(), types.Universe.Lookup("error").Type()) {
		return nil, errf("the client is returned by %s, whose results are not (the client, error)", decl.Name.Name)
	}
	// Its one call.
	var calls []*ast.Ident
	for id, obj := range r.info.Uses {
		if obj == fn {
			calls = append(calls, id)
		}
	}
	if len(calls) != 1 || calls[0].Pos() < r.file.Pos() || calls[0].End() > r.file.End() {
		return nil, errf("the client is returned by %s, which is called %d times, or in another file: "+
			"the new clients need the vault its caller's calls name, so only a helper called once, in its own file, is rewritten", decl.Name.Name, len(calls))
	}
	h.call, _ = r.parents[calls[0]].(*ast.CallExpr)
	if h.call != nil {
		h.assign, _ = r.parents[h.call].(*ast.AssignStmt)
	}
	if h.call == nil || h.call.Fun != calls[0] || h.call.Ellipsis.IsValid() || h.assign == nil || h.assign.Tok != token.DEFINE ||
		len(h.assign.Lhs) != 2 || len(h.assign.Rhs) != 1 || h.assign.Rhs[0] != h.call {
		return nil, errf("the client is returned by %s, whose call at %s is not c, err := %s(...)", decl.Name.Name, r.fset.Position(calls[0].Pos()), decl.Name.Name)
	}
	// Every other return of the helper returns an error.
	var bad ast.Node
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if x != ret && len(x.Results) != 2 {
				bad = x
			}
		}
		return bad == nil
	})
	if bad != nil {
		return nil, errf("the client is returned by %s, which returns other than (client, err) at %s", decl.Name.Name, r.fset.Position(bad.Pos()))
	}
	site := *u
	site.obj, site.body, site.fnType = u.obj, decl.Body, fn.Signature()
	h.site = &site
	return h, nil
}

// planHelper rewrites a client built by a helper: the helper builds the new
// clients for a vault it takes as its last parameter and returns them
// (after the legacy client, when calls stay on it); its caller passes the
// vault its calls name and calls the new clients.
func (k *kvUnit) planHelper(h *kvHelper, assign *ast.AssignStmt, block *ast.BlockStmt, last int, settings *clientSettings) error {
	u, r := k.unit, k.r
	// The calls are the caller's.
	id, _ := h.assign.Lhs[0].(*ast.Ident)
	if id == nil || id.Name == "_" || r.info.Defs[id] == nil {
		return errf("the client returned by %s is not declared by its call at %s", h.decl.Name.Name, r.fset.Position(h.call.Pos()))
	}
	u.obj, _ = r.info.Defs[id].(*types.Var)
	u.recv = []types.Object{u.obj}
	if err := u.enclosing(h.assign); err != nil {
		return err
	}
	if err := k.collect(h.assign, h.assign.End()); err != nil {
		return err
	}
	vault, err := k.vault()
	if err != nil || vault == nil {
		return err
	}
	at, decl, err := k.atCall(vault, h.assign)
	if err != nil {
		return err
	}
	// Names fresh in both functions.
	fresh := func(base string) string {
		for name := base; ; {
			a := u.freshName(h.assign, name)
			b := h.site.freshName(h.ret, a)
			if a == b {
				return a
			}
			name = b
		}
	}
	param := h.site.freshName(h.ret, "vaultURL")
	err = k.rewriteCalls(func(f *unit) {
		f.recvName = fresh(strings.TrimPrefix(f.newPkg.Name(), "az") + "Client")
	})
	if err != nil {
		return err
	}
	errName := r.errNameAt(h.ret, h.site.body, h.site.obj.Name())
	var recvs, typs, nils []string
	for _, fc := range k.order {
		f := k.families[fc]
		recvs = append(recvs, f.recvName)
		typs = append(typs, "*"+f.newName+"."+f.lcClient().Type)
		nils = append(nils, "nil")
	}
	partial := k.partial()
	legacyZero := h.site.zero(u.obj.Type())
	if strings.Contains(legacyZero, "\x00") {
		return errf("the legacy client's zero value cannot be spelled in this file")
	}
	// zero is what a return of an error gives for the clients, e the
	// legacy client it gave.
	zero := func(e string) string {
		if partial {
			return e + ", " + strings.Join(nils, ", ")
		}
		return strings.Join(nils, ", ")
	}
	indent := u.indent(assign.Pos())
	built, err := k.constructors(h.site, settings, param, indent, func(*unit) (string, string) {
		return errName, zero(legacyZero) + ", " + errName
	})
	if err != nil {
		return err
	}
	// The helper: its vault parameter, its results, its returns.
	fl := h.decl.Type.Params
	sep := ""
	if len(fl.List) > 0 {
		sep = ", "
	}
	u.edit(fl.Closing, fl.Closing, sep+param+" string")
	results := append(typs, "error")
	if partial {
		results = append([]string{r.text(h.decl.Type.Results.List[0].Type)}, results...)
	}
	rl := h.decl.Type.Results
	u.edit(rl.Pos(), rl.End(), "("+strings.Join(results, ", ")+")")
	ast.Inspect(h.decl.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if x != h.ret {
				u.edit(x.Results[0].Pos(), x.Results[0].End(), zero(r.text(x.Results[0])))
			}
		}
		return true
	})
	if partial {
		u.edit(block.List[last].End(), block.List[last].End(), "\n"+indent+built)
		u.edit(h.ret.Results[0].End(), h.ret.Results[0].End(), ", "+strings.Join(recvs, ", "))
	} else {
		u.edit(assign.Pos(), block.List[last].End(), built)
		u.edit(h.ret.Results[0].Pos(), h.ret.Results[0].End(), strings.Join(recvs, ", "))
	}
	// The caller: the new clients, and the vault passed.
	lhs := strings.Join(recvs, ", ")
	if partial {
		u.edit(id.End(), id.End(), ", "+lhs)
	} else {
		u.edit(id.Pos(), id.End(), lhs)
	}
	sep = ""
	if len(h.call.Args) > 0 {
		sep = ", "
	}
	u.edit(h.call.Rparen, h.call.Rparen, sep+at)
	// The vault's variable goes when only the calls rewritten read it.
	if decl != nil && !k.readOtherThanByRewritten(decl.Lhs[0].(*ast.Ident)) {
		u.deleteLines(decl, decl)
	}
	return nil
}

// readOtherThanByRewritten says whether the variable id declares is read
// other than as the vault of a call rewritten, which the new client holds.
func (k *kvUnit) readOtherThanByRewritten(id *ast.Ident) bool {
	r := k.r
	v := r.info.Defs[id]
	gone := map[ast.Expr]bool{}
	for _, c := range k.calls {
		if c.why == nil {
			gone[c.vault] = true
		}
	}
	for use, obj := range r.info.Uses {
		if obj == v && !gone[use] {
			return true
		}
	}
	return false
}

// atCall spells the vault where the helper is called: its own text when
// the variables it reads are declared before, or the value of the one
// variable it is, declared later by v := x (decl), when x reads only
// variables declared before. Either holds the same value there as at each
// call.
func (k *kvUnit) atCall(vault ast.Expr, call *ast.AssignStmt) (text string, decl *ast.AssignStmt, err error) {
	r := k.r
	before := func(e ast.Expr) error {
		vars, err := k.stable(e)
		if err != nil {
			return errf("its vault %s %s", r.text(e), err)
		}
		for _, v := range vars {
			if v.Pos() > call.Pos() {
				return errf("its vault %s is declared after the call of the helper that builds the client", r.text(vault))
			}
		}
		return nil
	}
	err = before(vault)
	if err == nil {
		return r.text(vault), nil, nil
	}
	id, ok := ast.Unparen(vault).(*ast.Ident)
	if !ok {
		return "", nil, err
	}
	v, _ := r.info.Uses[id].(*types.Var)
	for def, obj := range r.info.Defs {
		if v == nil || obj != v {
			continue
		}
		st, ok := r.parents[def].(*ast.AssignStmt)
		if ok && st.Tok == token.DEFINE && len(st.Lhs) == 1 && len(st.Rhs) == 1 && st.Lhs[0] == def &&
			before(st.Rhs[0]) == nil && simple(r.info, st.Rhs[0]) {
			return r.text(st.Rhs[0]), st, nil
		}
	}
	return "", nil, err
}
