package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// A legacy client's value flows through a file: built by its constructor
// and set up by the statements that follow (a run), kept in variables and
// struct fields, handed to functions as a parameter, returned by a helper.
// The values of one legacy client type that flow into one another form a
// component, and a component is a unit: every type that spells the client
// becomes the new client's pointer, every construction the new constructor,
// every method call is planned by use, or none of it is rewritten.

// A construction is a legacy constructor's call at a place a run can
// rewrite: c := New(...), a field of a struct literal, x.f = New(...).
type construction struct {
	call   *ast.CallExpr
	fn     *types.Func
	legacy string
	typ    *types.Named
	stmt   ast.Stmt
	path   []types.Object // what holds the client: c, or c.vnets
	name   string         // the variable the new constructor declares
	alone  bool           // name := New(...), the whole statement
	// isDirect: a, b := New...(...), New...(...), each a new variable
	isDirect bool
	run      *ctorRun
	cs       clientSettings
	err      error // a setting the rewrite cannot carry
	// planned by the construction's unit
	unit *unit
	text string // the new constructor's call, with what goes before it
}

// A ctorRun (a run) is a sequence of statements of a block that build legacy clients
// and set them up: it becomes the new constructors and their error checks.
type ctorRun struct {
	block    *ast.BlockStmt
	stmts    []ast.Stmt
	settings map[ast.Stmt]bool
	ctors    []*construction
	// planned by its first construction's unit
	body    *ast.BlockStmt
	errName string
	ret     string
	gain    *gain // the function around it, made to return an error
}

// findRuns finds the runs of the file.
func (r *fileRewriter) findRuns() {
	r.ctorOf = map[*ast.CallExpr]*construction{}
	r.settingStmts = map[ast.Stmt]*ctorRun{}
	ast.Inspect(r.file, func(n ast.Node) bool {
		b, ok := n.(*ast.BlockStmt)
		if !ok {
			return true
		}
		for i := 0; i < len(b.List); {
			ctors := r.constructions(b.List[i])
			if len(ctors) == 0 {
				i++
				continue
			}
			ru := &ctorRun{block: b, settings: map[ast.Stmt]bool{}}
			j := i
			for ; j < len(b.List); j++ {
				s := b.List[j]
				if cs := r.constructions(s); len(cs) > 0 {
					for _, c := range cs {
						c.run = ru
						ru.ctors = append(ru.ctors, c)
						r.ctorOf[c.call] = c
						r.ctors = append(r.ctors, c)
					}
					ru.stmts = append(ru.stmts, s)
					continue
				}
				if !r.settingStmt(s, ru) {
					break
				}
				ru.stmts = append(ru.stmts, s)
				ru.settings[s] = true
				r.settingStmts[s] = ru
			}
			i = j
		}
		return true
	})
}

// constructions are the legacy constructors a statement calls where a run
// can rewrite them; none when it calls one elsewhere.
func (r *fileRewriter) constructions(s ast.Stmt) []*construction {
	assign, ok := s.(*ast.AssignStmt)
	if !ok || len(assign.Lhs) != len(assign.Rhs) || assign.Tok != token.DEFINE && assign.Tok != token.ASSIGN {
		return nil
	}
	var out []*construction
	add := func(call *ast.CallExpr, path []types.Object, name string) bool {
		fn, legacy, ctor, ok := r.legacyCall(call)
		if !ok || !ctor || path == nil {
			return false
		}
		typ, _ := types.Unalias(fn.Signature().Results().At(0).Type()).(*types.Named)
		if typ == nil {
			return false
		}
		out = append(out, &construction{call: call, fn: fn, legacy: legacy, typ: typ, stmt: s, path: path, name: name})
		return true
	}
	found := 0
	ast.Inspect(assign, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if _, _, ctor, ok := r.legacyCall(call); ok && ctor {
				found++
			}
		}
		return true
	})
	if found == 0 {
		return nil
	}
	for i, rhs := range assign.Rhs {
		lhsPath := r.path(assign.Lhs[i])
		switch e := ast.Unparen(rhs).(type) {
		case *ast.CallExpr:
			name := ""
			if id, ok := assign.Lhs[i].(*ast.Ident); ok {
				name = id.Name
			}
			add(e, lhsPath, name)
		case *ast.UnaryExpr, *ast.CompositeLit:
			lit, ok := e.(*ast.CompositeLit)
			if un, isUn := e.(*ast.UnaryExpr); isUn && un.Op == token.AND {
				lit, ok = un.X.(*ast.CompositeLit)
			}
			if !ok || lhsPath == nil {
				continue
			}
			for _, elt := range lit.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, _ := kv.Key.(*ast.Ident)
				call, _ := ast.Unparen(kv.Value).(*ast.CallExpr)
				if key == nil || call == nil {
					continue
				}
				field, _ := r.info.Uses[key].(*types.Var)
				if field == nil || !field.IsField() {
					continue
				}
				add(call, append(lhsPath[:len(lhsPath):len(lhsPath)], field), key.Name)
			}
		}
	}
	if len(out) != found {
		return nil // a constructor elsewhere in the statement
	}
	if len(out) == 1 && len(assign.Lhs) == 1 && assign.Tok == token.DEFINE && ast.Unparen(assign.Rhs[0]) == out[0].call {
		if id, ok := assign.Lhs[0].(*ast.Ident); ok && r.info.Defs[id] != nil {
			out[0].alone = true
		}
	}
	// a, b := New...(...), New...(...), each a new variable.
	direct := assign.Tok == token.DEFINE && len(out) == len(assign.Rhs)
	for i := 0; direct && i < len(out); i++ {
		id, ok := assign.Lhs[i].(*ast.Ident)
		direct = ast.Unparen(assign.Rhs[i]) == out[i].call && ok && r.info.Defs[id] != nil
	}
	for _, c := range out {
		c.isDirect = direct
	}
	return out
}

// path is what an expression names: a variable, or a field of a path.
func (r *fileRewriter) path(e ast.Expr) []types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj := r.info.Uses[e]
		if obj == nil {
			obj = r.info.Defs[e]
		}
		if v, ok := obj.(*types.Var); ok {
			return []types.Object{v}
		}
	case *ast.SelectorExpr:
		s := r.info.Selections[e]
		if s != nil && s.Kind() == types.FieldVal && len(s.Index()) == 1 {
			if p := r.path(e.X); p != nil {
				return append(p[:len(p):len(p)], s.Obj())
			}
		}
	}
	return nil
}

func samePath(a, b []types.Object) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (ru *ctorRun) ctorAt(p []types.Object) *construction {
	for _, c := range ru.ctors {
		if samePath(c.path, p) {
			return c
		}
	}
	return nil
}

// A setting is one statement of a run after a construction: p.F = v (also
// several in one assignment), if cond { p.Sender = s }, w.Attach(&p.Client).
type setting struct {
	c     *construction
	field string
	value ast.Expr
	cond  ast.Expr
	sel   ast.Expr
	// helper: the setting is in a settings helper's body, what it reads
	// checked at the helper's call
	helper bool
}

// settingStmt says whether s sets up clients built earlier in the run, and
// records the settings.
func (r *fileRewriter) settingStmt(s ast.Stmt, ru *ctorRun) bool {
	found, ok := r.settingsIn(s, func(e ast.Expr) *construction { return ru.ctorAt(r.path(e)) })
	if !ok {
		if found, ok = r.helperSettings(s, ru); !ok {
			return false
		}
	}
	for _, st := range found {
		if st.c.err == nil {
			st.c.err = r.apply(st, ru)
		}
	}
	return true
}

// settingsIn reads the settings of one statement: p.F = v (also several in
// one assignment), if cond { p.Sender = s }, w.Attach(&p.Client), where
// client resolves each p to its construction; ok is false when s is not
// made of settings alone.
func (r *fileRewriter) settingsIn(s ast.Stmt, client func(ast.Expr) *construction) (found []setting, ok bool) {
	assigns := func(s ast.Stmt, cond ast.Expr) bool {
		a, ok := s.(*ast.AssignStmt)
		if !ok || a.Tok != token.ASSIGN || len(a.Lhs) != len(a.Rhs) {
			return false
		}
		for i, l := range a.Lhs {
			sel, ok := l.(*ast.SelectorExpr)
			if !ok {
				return false
			}
			c := client(sel.X)
			if c == nil {
				return false
			}
			found = append(found, setting{c: c, field: sel.Sel.Name, value: a.Rhs[i], cond: cond, sel: sel})
		}
		return true
	}
	switch s := s.(type) {
	case *ast.AssignStmt:
		return found, assigns(s, nil)
	case *ast.IfStmt:
		// if env.Sender != nil { c.Sender = env.Sender }
		if s.Init != nil || s.Else != nil || len(s.Body.List) == 0 {
			return nil, false
		}
		for _, b := range s.Body.List {
			if !assigns(b, s.Cond) {
				return nil, false
			}
		}
		return found, true
	case *ast.ExprStmt:
		// w.Attach(&c.Client)
		call, ok := s.X.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return nil, false
		}
		fsel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || fsel.Sel.Name != "Attach" {
			return nil, false
		}
		c := client(clientArg(call.Args[0]))
		if c == nil {
			return nil, false
		}
		return []setting{{c: c, field: "Attach", value: fsel.X, sel: fsel}}, true
	}
	return nil, false
}

// clientArg is p of &p.Client, nil for another expression.
func clientArg(e ast.Expr) ast.Expr {
	un, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || un.Op != token.AND {
		return nil
	}
	sel, ok := ast.Unparen(un.X).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Client" {
		return nil
	}
	return sel.X
}

// helperSettings reads configure(&p.Client, env), a call of a function of
// the file whose body only sets up its first parameter (an
// *autorest.Client), as the settings of its body. What they read must be
// what the call's arguments name: each other parameter they read is passed
// a variable of the same name and type, and each other name means at the
// call what it means in the function.
func (r *fileRewriter) helperSettings(s ast.Stmt, ru *ctorRun) ([]setting, bool) {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return nil, false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return nil, false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil, false
	}
	fn, _ := r.info.Uses[id].(*types.Func)
	fd := r.funcDecl(fn)
	if fd == nil || fd.Recv != nil || fd.Body == nil || len(fd.Body.List) == 0 {
		return nil, false
	}
	c := ru.ctorAt(r.path(clientArg(call.Args[0])))
	sig := fn.Signature()
	if c == nil || sig.Params().Len() != len(call.Args) || sig.Results().Len() != 0 || !isAutorestClientPtr(sig.Params().At(0).Type()) {
		return nil, false
	}
	param := sig.Params().At(0)
	var found []setting
	for _, st := range fd.Body.List {
		sts, ok := r.settingsIn(st, func(e ast.Expr) *construction {
			if p := r.path(e); len(p) == 1 && p[0] == param {
				return c
			}
			return nil
		})
		if !ok {
			return nil, false
		}
		found = append(found, sts...)
	}
	// What the settings read, read at the call.
	var why error
	at := ru.stmts[0].Pos()
	scope := r.pkg.Scope().Innermost(call.Pos())
	for _, st := range found {
		for _, e := range []ast.Expr{st.value, st.cond} {
			if e == nil || why != nil {
				continue
			}
			ast.Inspect(e, func(n ast.Node) bool {
				x, ok := n.(*ast.Ident)
				if !ok || why != nil {
					return why == nil
				}
				if sel, ok := r.parents[x].(*ast.SelectorExpr); ok && sel.Sel == x {
					return true // a field or a package's name, checked with what it selects from
				}
				obj := r.info.Uses[x]
				if obj == nil {
					return true
				}
				if fd.Pos() <= obj.Pos() && obj.Pos() < fd.End() {
					why = errf("%s sets the client from %s, which is not passed a variable of the same name and type", fn.Name(), x.Name)
					for i := 1; i < sig.Params().Len(); i++ {
						if sig.Params().At(i) != obj {
							continue
						}
						arg, ok := ast.Unparen(call.Args[i]).(*ast.Ident)
						if !ok || arg.Name != x.Name {
							break
						}
						av, ok := r.info.Uses[arg].(*types.Var)
						if ok && types.Identical(av.Type(), obj.Type()) && av.Pos() < at {
							why = nil
						}
					}
					return why == nil
				}
				if scope == nil {
					why = errf("%s is called where its names cannot be checked", fn.Name())
					return false
				}
				if _, same := scope.LookupParent(x.Name, at); same != obj {
					why = errf("%s sets the client from %s, which names something else at its call", fn.Name(), x.Name)
				}
				return why == nil
			})
		}
	}
	for i := range found {
		found[i].helper = true
		if why != nil {
			found[i].c.err = why
		}
	}
	return found, true
}

// isAutorestClientPtr says whether t is *autorest.Client, what a legacy
// client embeds.
func isAutorestClientPtr(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Name() == "Client" && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "github.com/Azure/go-autorest/autorest"
}

// funcDecl is the declaration of fn in the file, nil when fn is not
// declared there.
func (r *fileRewriter) funcDecl(fn *types.Func) *ast.FuncDecl {
	if fn == nil {
		return nil
	}
	for _, d := range r.file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && r.info.Defs[fd.Name] == fn {
			return fd
		}
	}
	return nil
}

// apply records one setting of a construction, or why the rewrite cannot
// carry it.
func (r *fileRewriter) apply(st setting, ru *ctorRun) error {
	cs := &st.c.cs
	for _, e := range []ast.Expr{st.value, st.cond} {
		if e == nil {
			continue
		}
		if !simple(r.info, e) {
			return errf("the client's %s is set from an expression with calls: bind it to a variable before the constructor", st.field)
		}
		// The options are spelled before the constructor: what they read
		// must exist there.
		if st.helper {
			continue
		}
		var late error
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if obj := r.info.Uses[id]; obj != nil && ru.stmts[0].Pos() <= obj.Pos() && obj.Pos() < st.sel.Pos() {
					late = errf("the client's %s is set from %s, declared after its constructor", st.field, id.Name)
				}
			}
			return late == nil
		})
		if late != nil {
			return late
		}
	}
	if st.cond != nil {
		if st.field != "Sender" {
			return errf("its %s is set under a condition: only a Sender is carried so", st.field)
		}
		if cs.cond != nil {
			return errf("its Sender is set under two conditions")
		}
		cs.cond, cs.condSender = st.cond, st.value
		return nil
	}
	switch st.field {
	case "Attach":
		if !isTokenCredential(r.info.TypeOf(st.value)) {
			return errf("it is attached to an authorizer that is not a variable holding an azcore.TokenCredential")
		}
		cs.cred = st.value
	case "Authorizer":
		if !isTokenCredential(r.info.TypeOf(st.value)) {
			return errf("its Authorizer (%s) is not an azcore.TokenCredential: give the client a credwrapper.CredentialWrapper, or the credential of credwrapper/auth's authorizer (auth.Credential), first", types.TypeString(r.info.TypeOf(st.value), byName))
		}
		cs.cred = st.value
	case "BaseURI":
		cs.baseURI = st.value
	case "Sender":
		cs.sender = st.value
	case "RetryAttempts":
		cs.retries = st.value
	case "PollingDelay":
		return errf("its PollingDelay has no equivalent in arm.ClientOptions (the poller's PollUntilDone takes a Frequency)")
	default:
		return errf("its %s has no equivalent in arm.ClientOptions", st.field)
	}
	return nil
}

// A flow is what one legacy client type does in the file: its values'
// components (nodes joined by union-find), and what each node needs.
type flow struct {
	r      *fileRewriter
	typ    *types.Named
	parent map[any]any
	order  []any
	items  []flowItem
	global error // a use of the type that belongs to no component
	// converting are the helpers that return the client alone: they
	// return (client, error) after the rewrite.
	converting map[*types.Func]bool
	decl       map[*types.Var]bool
}

type itemKind int

const (
	itemErr    itemKind = iota // err: the node's component is left
	itemCall                   // a method call on expr
	itemRead                   // expr.Client or f.Result(expr): a poller takes it
	itemRetype                 // the type expression expr
	itemResult                 // a converting helper's result type expr
	itemReturn                 // return expr in a converting helper
	itemZero                   // T{} returned by a helper: nil
	itemCaller                 // x := helper(...) of a converting helper: stmt
	itemCtor                   // a construction
)

type flowItem struct {
	node any
	kind itemKind
	pos  token.Pos
	err  error
	expr ast.Expr
	call *ast.CallExpr
	stmt *ast.AssignStmt
	c    *construction
}

func (f *flow) find(n any) any {
	if _, ok := f.parent[n]; !ok {
		f.parent[n] = n
		f.order = append(f.order, n)
	}
	for f.parent[n] != n {
		f.parent[n] = f.parent[f.parent[n]]
		n = f.parent[n]
	}
	return n
}

func (f *flow) union(a, b any) {
	if a == nil || b == nil {
		return
	}
	ra, rb := f.find(a), f.find(b)
	if ra != rb {
		f.parent[rb] = ra
	}
}

func (f *flow) add(it flowItem) {
	if it.node == nil {
		if it.kind == itemErr && f.global == nil {
			f.global = it.err
		}
		return
	}
	f.find(it.node)
	f.items = append(f.items, it)
}

func (f *flow) fail(node any, pos token.Pos, format string, args ...any) {
	f.add(flowItem{node: node, kind: itemErr, pos: pos, err: errf(format, args...)})
}

// legacyTypes are the legacy client types the file builds or calls, in the
// order they first appear.
func (r *fileRewriter) legacyTypes() []*types.Named {
	var out []*types.Named
	seen := map[*types.Named]bool{}
	ast.Inspect(r.file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn, _, ctor, ok := r.legacyCall(call)
		if !ok {
			return true
		}
		var t types.Type
		if ctor {
			t = fn.Signature().Results().At(0).Type()
		} else {
			t = fn.Signature().Recv().Type()
		}
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if named, ok := types.Unalias(t).(*types.Named); ok && !seen[named] {
			seen[named] = true
			out = append(out, named)
		}
		return true
	})
	return out
}

func (r *fileRewriter) inFile(p token.Pos) bool { return r.file.Pos() <= p && p <= r.file.End() }

// flowOf builds the flow of one legacy client type.
func (r *fileRewriter) flowOf(typ *types.Named) *flow {
	f := &flow{r: r, typ: typ, parent: map[any]any{}, converting: map[*types.Func]bool{}, decl: map[*types.Var]bool{}}
	is := func(t types.Type) bool { return t != nil && types.Identical(t, typ) }
	// The functions that carry the type: a parameter, or a helper's result.
	funcs := map[*types.Func]*ast.FuncDecl{}
	for _, d := range r.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		fn, _ := r.info.Defs[fd.Name].(*types.Func)
		if fn != nil && mentions(fn.Type(), typ) {
			funcs[fn] = fd
		}
	}
	var exprs []ast.Expr
	for e, tv := range r.info.Types {
		if !is(tv.Type) || tv.IsType() {
			continue
		}
		if _, paren := e.(*ast.ParenExpr); paren {
			continue
		}
		exprs = append(exprs, e)
	}
	sort.Slice(exprs, func(i, j int) bool { return exprs[i].Pos() < exprs[j].Pos() })
	// Nodes: variables (locals, parameters, fields), helpers (their
	// result), constructions.
	for fn, fd := range funcs {
		sig := fn.Signature()
		var nodes []any
		for i := 0; i < sig.Params().Len(); i++ {
			if mentions(sig.Params().At(i).Type(), typ) {
				nodes = append(nodes, sig.Params().At(i))
			}
		}
		if mentions(sig.Results(), typ) {
			nodes = append(nodes, fn)
		}
		why := ""
		switch {
		case fn.Exported():
			why = fmt.Sprintf("the exported function %s carries the client: its users outside the package would break", fn.Name())
		case fd.Recv != nil:
			why = fmt.Sprintf("the method %s carries the client: not rewritten yet", fn.Name())
		}
		for id, obj := range r.info.Uses {
			if obj != fn || why != "" {
				continue
			}
			if !r.inFile(id.Pos()) {
				why = fmt.Sprintf("%s is called from %s: rewrite the package's files one at a time is not done yet", fn.Name(), r.fset.Position(id.Pos()))
			} else if call, ok := r.parents[id].(*ast.CallExpr); !ok || call.Fun != id {
				why = fmt.Sprintf("the function %s is used as a value at %s", fn.Name(), r.fset.Position(id.Pos()))
			}
		}
		if mentions(sig.Results(), typ) && why == "" {
			switch {
			case sig.Results().Len() == 1 && is(sig.Results().At(0).Type()) && sig.Results().At(0).Name() == "":
				f.converting[fn] = true
				for id, obj := range r.info.Uses {
					if obj == fn && why == "" {
						if err := r.callerSite(f, fn, id); err != nil {
							why = err.Error()
						}
					}
				}
			case sig.Results().Len() == 2 && is(sig.Results().At(0).Type()) && isError(sig.Results().At(1).Type()) && sig.Results().At(0).Name() == "":
			default:
				why = fmt.Sprintf("%s returns the client other than as (client) or (client, error)", fn.Name())
			}
		}
		for _, n := range nodes {
			f.find(n)
			if why != "" {
				f.fail(n, fd.Pos(), "%s", why)
			}
		}
	}
	// Type expressions naming the type.
	for e, tv := range r.info.Types {
		if !tv.IsType() || !is(tv.Type) || !r.inFile(e.Pos()) {
			continue
		}
		f.typeExpr(e, funcs)
	}
	// Constructions.
	for _, c := range r.ctors {
		if is(c.typ) {
			f.add(flowItem{node: c, kind: itemCtor, pos: c.call.Pos(), c: c})
			f.union(c, c.path[len(c.path)-1])
			f.checkHolder(c.path[len(c.path)-1], c.call.Pos())
		}
	}
	// Every value of the type.
	for _, e := range exprs {
		f.value(e, funcs)
	}
	return f
}

// mentions says whether t spells typ.
func mentions(t types.Type, typ *types.Named) bool {
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		return types.Identical(t, typ)
	case *types.Pointer:
		return mentions(t.Elem(), typ)
	case *types.Slice:
		return mentions(t.Elem(), typ)
	case *types.Array:
		return mentions(t.Elem(), typ)
	case *types.Map:
		return mentions(t.Key(), typ) || mentions(t.Elem(), typ)
	case *types.Chan:
		return mentions(t.Elem(), typ)
	case *types.Signature:
		return mentions(t.Params(), typ) || mentions(t.Results(), typ)
	case *types.Tuple:
		for i := 0; t != nil && i < t.Len(); i++ {
			if mentions(t.At(i).Type(), typ) {
				return true
			}
		}
	}
	return false
}

func isError(t types.Type) bool { return types.Identical(t, types.Universe.Lookup("error").Type()) }

// checkHolder says why a variable or field holding the client cannot be
// retyped.
func (f *flow) checkHolder(obj types.Object, pos token.Pos) {
	v, ok := obj.(*types.Var)
	if !ok {
		return
	}
	if v.IsField() {
		if v.Exported() {
			f.fail(v, pos, "the exported field %s holds the client: its users outside the package would break", v.Name())
		}
		if !f.r.inFile(v.Pos()) {
			f.fail(v, pos, "the field %s that holds the client is declared in another file", v.Name())
		}
	}
}

// callerSite records x := helper(...), a call of a helper that returns the
// client alone: it gets an error check, if the caller can return one.
func (r *fileRewriter) callerSite(f *flow, fn *types.Func, id *ast.Ident) error {
	call := r.parents[id].(*ast.CallExpr)
	assign, ok := r.parents[call].(*ast.AssignStmt)
	if !ok || assign.Tok != token.DEFINE || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
		return errf("the result of %s is not declared alone by := at %s: its new error has nowhere to go", fn.Name(), r.fset.Position(call.Pos()))
	}
	if _, ok := r.parents[assign].(*ast.BlockStmt); !ok {
		return errf("%s is not called in a statement of a block at %s", fn.Name(), r.fset.Position(call.Pos()))
	}
	lhs, _ := assign.Lhs[0].(*ast.Ident)
	if lhs == nil || r.info.Defs[lhs] == nil {
		return errf("the result of %s is not a new variable at %s", fn.Name(), r.fset.Position(call.Pos()))
	}
	f.add(flowItem{node: fn, kind: itemCaller, pos: call.Pos(), call: call, stmt: assign})
	f.union(fn, r.info.Defs[lhs])
	return nil
}

// typeExpr records a type expression naming the client: a parameter's, a
// result's or a field's type, or T{} in a helper's return.
func (f *flow) typeExpr(e ast.Expr, funcs map[*types.Func]*ast.FuncDecl) {
	r := f.r
	field, ok := r.parents[e].(*ast.Field)
	if !ok {
		if lit, ok := r.parents[e].(*ast.CompositeLit); ok && lit.Type == e {
			return // T{}: a value, seen with the values
		}
		f.fail(nil, e.Pos(), "the client's type is spelled at %s (in another type or a declaration): not rewritten yet", r.fset.Position(e.Pos()))
		return
	}
	list, _ := r.parents[field].(*ast.FieldList)
	switch owner := r.parents[list].(type) {
	case *ast.StructType:
		if len(field.Names) == 0 {
			f.fail(nil, e.Pos(), "a struct embeds the client at %s: not rewritten yet", r.fset.Position(e.Pos()))
			return
		}
		for _, n := range field.Names {
			obj := r.info.Defs[n]
			f.add(flowItem{node: obj, kind: itemRetype, pos: e.Pos(), expr: e})
			f.checkHolder(obj, e.Pos())
			if ts, ok := r.parents[owner].(*ast.TypeSpec); ok && ts.Name.IsExported() {
				f.fail(obj, e.Pos(), "the exported type %s holds the client: its users outside the package would break", ts.Name.Name)
			}
		}
	case *ast.FuncType:
		fd, _ := r.parents[owner].(*ast.FuncDecl)
		var fn *types.Func
		if fd != nil {
			fn, _ = r.info.Defs[fd.Name].(*types.Func)
		}
		if fn == nil || funcs[fn] == nil || fd.Recv == list {
			f.fail(nil, e.Pos(), "a function literal or a method's receiver carries the client at %s: not rewritten yet", r.fset.Position(e.Pos()))
			return
		}
		if owner.Results == list {
			kind := itemRetype
			sig := fn.Signature()
			if sig.Results().Len() == 1 {
				kind = itemResult
			}
			f.add(flowItem{node: fn, kind: kind, pos: e.Pos(), expr: e})
			return
		}
		for _, n := range field.Names {
			f.add(flowItem{node: r.info.Defs[n], kind: itemRetype, pos: e.Pos(), expr: e})
		}
		if len(field.Names) == 0 {
			f.fail(fn, e.Pos(), "%s's parameter has no name", fn.Name())
		}
	default:
		f.fail(nil, e.Pos(), "the client's type is spelled at %s (an interface's method): not rewritten yet", r.fset.Position(e.Pos()))
	}
}

// value records one expression of the client's type: where its value
// comes from (a node) and where it goes.
func (f *flow) value(e ast.Expr, funcs map[*types.Func]*ast.FuncDecl) {
	r := f.r
	pos := r.fset.Position(e.Pos())
	// Where it comes from.
	var node any
	var helper *types.Func
	switch x := e.(type) {
	case *ast.Ident:
		obj, _ := r.info.Uses[x].(*types.Var)
		if obj == nil {
			return // a definition, seen by its statement
		}
		node = obj
		f.declared(obj, funcs)
	case *ast.SelectorExpr:
		s := r.info.Selections[x]
		if s == nil || s.Kind() != types.FieldVal {
			f.fail(nil, e.Pos(), "the client is read from %s at %s: not rewritten yet", r.text(e), pos)
			return
		}
		node = s.Obj()
		f.checkHolder(s.Obj(), e.Pos())
		if len(s.Index()) != 1 {
			f.fail(node, e.Pos(), "the client is read through an embedded field at %s: not rewritten yet", pos)
		}
	case *ast.CallExpr:
		if c := r.ctorOf[x]; c != nil {
			return // the run builds it
		}
		if _, _, ctor, ok := r.legacyCall(x); ok && ctor {
			f.add(flowItem{node: x, kind: itemErr, pos: x.Pos(), err: errf("the constructor's result is not held by a variable or a struct field set where it is built (c := New...(...), s := S{f: New...(...)}, s.f = New...(...))")})
			return
		}
		if id := calleeIdent(x); id != nil {
			if fn, _ := r.info.Uses[id].(*types.Func); fn != nil && funcs[fn] != nil {
				node, helper = fn, fn
				break
			}
		}
		f.fail(nil, e.Pos(), "the client is the result of %s at %s, which the rewrite does not change", r.text(x.Fun), pos)
		return
	case *ast.CompositeLit:
		node = nil
		if ret, ok := r.parents[e].(*ast.ReturnStmt); ok && len(x.Elts) == 0 {
			if fn := r.funcOf(ret); fn != nil && funcs[fn] != nil {
				f.add(flowItem{node: fn, kind: itemZero, pos: e.Pos(), expr: e})
				return
			}
		}
		f.fail(nil, e.Pos(), "a client is built as a composite literal at %s", pos)
		return
	default:
		f.fail(nil, e.Pos(), "the client is read from %s at %s: not rewritten yet", r.text(e), pos)
		return
	}
	if !r.inFile(e.Pos()) {
		f.fail(node, e.Pos(), "the client is used in another file of the package, at %s: not rewritten yet", pos)
		return
	}
	// Where it goes.
	outer := e
	for {
		p, ok := r.parents[outer].(*ast.ParenExpr)
		if !ok {
			break
		}
		outer = p
	}
	if helper != nil {
		if p, ok := r.parents[outer].(*ast.AssignStmt); !ok || p.Tok != token.DEFINE {
			f.fail(node, e.Pos(), "the result of %s is not held by a variable at %s", helper.Name(), pos)
		}
		return // a caller site, joined by callerSite or declared
	}
	switch p := r.parents[outer].(type) {
	case *ast.SelectorExpr:
		s := r.info.Selections[p]
		switch {
		case s != nil && s.Kind() == types.MethodVal:
			if call, ok := r.parents[p].(*ast.CallExpr); ok && call.Fun == p {
				if _, _, _, ok := r.legacyCall(call); ok {
					f.add(flowItem{node: node, kind: itemCall, pos: call.Pos(), expr: e, call: call})
					return
				}
			}
			f.fail(node, e.Pos(), "the client's method %s is used as a value at %s", p.Sel.Name, pos)
		case r.inSettings(p):
		case p.Sel.Name == "Client":
			f.add(flowItem{node: node, kind: itemRead, pos: e.Pos(), expr: e})
		default:
			f.fail(node, e.Pos(), "the client's %s is read or set at %s, away from its constructor: no equivalent", p.Sel.Name, pos)
		}
	case *ast.CallExpr:
		idx := -1
		for i, a := range p.Args {
			if a == outer {
				idx = i
			}
		}
		if idx < 0 {
			f.fail(node, e.Pos(), "the client is called at %s", pos)
			return
		}
		if id := calleeIdent(p); id != nil {
			fn, _ := r.info.Uses[id].(*types.Func)
			if fn != nil && funcs[fn] != nil && !p.Ellipsis.IsValid() && idx < fn.Signature().Params().Len() && types.Identical(fn.Signature().Params().At(idx).Type(), f.typ) {
				f.union(node, fn.Signature().Params().At(idx))
				return
			}
		}
		// f.Result(c), a method or a field of the Future.
		if sel, ok := ast.Unparen(p.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Result" && strings.HasSuffix(typeName(r.info.TypeOf(sel.X)), "Future") {
			f.add(flowItem{node: node, kind: itemRead, pos: e.Pos(), expr: e})
			return
		}
		f.fail(node, e.Pos(), "the client is passed to %s at %s, which the rewrite does not change", r.text(p.Fun), pos)
	case *ast.ReturnStmt:
		fn := r.funcOf(p)
		if fn == nil || funcs[fn] == nil {
			f.fail(node, e.Pos(), "the client is returned at %s by a function literal", pos)
			return
		}
		f.union(node, fn)
		if fn.Signature().Results().Len() == 1 {
			f.add(flowItem{node: fn, kind: itemReturn, pos: e.Pos(), expr: outer})
		}
	case *ast.AssignStmt:
		for i, l := range p.Lhs {
			if len(p.Rhs) != len(p.Lhs) {
				break
			}
			if l == outer {
				if call, ok := ast.Unparen(p.Rhs[i]).(*ast.CallExpr); ok && r.ctorOf[call] != nil {
					return // x.f = New...(...): the construction holds it
				}
				if f.copyOf(p.Rhs[i]) {
					return // x = y: seen with y
				}
			}
			if p.Rhs[i] == outer {
				// x := y, x = y, s.f = y: the same client, a pointer to it
				// after the rewrite, which nothing sets up again.
				if lp := r.path(l); lp != nil && types.Identical(r.info.TypeOf(l), f.typ) {
					f.union(node, lp[len(lp)-1])
					f.checkHolder(lp[len(lp)-1], e.Pos())
					return
				}
			}
		}
		f.fail(node, e.Pos(), "the client is copied at %s: not rewritten yet", pos)
	default:
		f.fail(node, e.Pos(), "the client is used as a value at %s (compared, converted, copied or stored): not rewritten yet", pos)
	}
}

// declared checks how a variable holding the client is declared: a
// parameter, or c := New...(...) / c := helper(...) / c, err := helper(...).
func (f *flow) declared(v *types.Var, funcs map[*types.Func]*ast.FuncDecl) {
	r := f.r
	if v.IsField() || f.decl[v] {
		return
	}
	f.decl[v] = true
	var def *ast.Ident
	for id, obj := range r.info.Defs {
		if obj == v {
			def = id
		}
	}
	if def == nil || !r.inFile(def.Pos()) {
		f.fail(v, v.Pos(), "the client %s is declared in another file", v.Name())
		return
	}
	switch p := r.parents[def].(type) {
	case *ast.Field:
		return // a parameter, checked with its function
	case *ast.AssignStmt:
		if p.Tok != token.DEFINE {
			break
		}
		for i, l := range p.Lhs {
			if l != def {
				continue
			}
			var rhs ast.Expr
			if len(p.Rhs) == len(p.Lhs) {
				rhs = ast.Unparen(p.Rhs[i])
			} else if len(p.Rhs) == 1 {
				rhs = ast.Unparen(p.Rhs[0])
			}
			if f.copyOf(rhs) {
				return // x := y, joined with y
			}
			if call, ok := rhs.(*ast.CallExpr); ok {
				if r.ctorOf[call] != nil {
					return
				}
				if id := calleeIdent(call); id != nil {
					if fn, _ := r.info.Uses[id].(*types.Func); fn != nil && funcs[fn] != nil && mentions(fn.Signature().Results(), f.typ) {
						f.union(v, fn)
						return
					}
				}
			}
		}
	}
	f.fail(v, def.Pos(), "the client %s is declared at %s other than by its constructor, a helper or as a parameter: not rewritten yet", v.Name(), r.fset.Position(def.Pos()))
}

func calleeIdent(call *ast.CallExpr) *ast.Ident {
	switch fn := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return fn
	case *ast.SelectorExpr:
		return fn.Sel
	}
	return nil
}

// funcOf is the declared function around n, nil in a function literal.
func (r *fileRewriter) funcOf(n ast.Node) *types.Func {
	for p := r.parents[n]; p != nil; p = r.parents[p] {
		switch f := p.(type) {
		case *ast.FuncLit:
			return nil
		case *ast.FuncDecl:
			fn, _ := r.info.Defs[f.Name].(*types.Func)
			return fn
		}
	}
	return nil
}

func (r *fileRewriter) inSettings(n ast.Node) bool {
	for s := range r.settingStmts {
		if s.Pos() <= n.Pos() && n.End() <= s.End() {
			return true
		}
	}
	return false
}

// units are the flow's components, in the order of their first item.
func (f *flow) units() []*unit {
	sort.SliceStable(f.items, func(i, j int) bool { return f.items[i].pos < f.items[j].pos })
	byRoot := map[any]*unit{}
	var out []*unit
	for _, it := range f.items {
		root := f.find(it.node)
		u := byRoot[root]
		if u == nil {
			u = &unit{r: f.r, flow: f, imports: map[string]string{}, consumed: map[ast.Expr]bool{}}
			byRoot[root] = u
			out = append(out, u)
		}
		u.items = append(u.items, it)
		if it.kind == itemCtor {
			it.c.unit = u
			u.ctors = append(u.ctors, it.c)
		}
	}
	return out
}

// planFlow plans the rewrite of a unit: its constructions, its types, its
// helpers' callers and every call of its client.
func (u *unit) planFlow() error {
	r, f := u.r, u.flow
	for _, c := range u.ctors {
		u.legacy, u.ctorCall, u.ctorFn = c.legacy, c.call, c.fn
		break
	}
	if f.global != nil {
		return f.global
	}
	for _, it := range u.items {
		if it.kind == itemErr {
			return it.err
		}
	}
	if len(u.ctors) == 0 {
		return errf("no constructor of the client is in this file (it is a parameter, a field or a result no function of the file builds): rewrite where it is built first")
	}
	called := false
	for _, it := range u.items {
		called = called || it.kind == itemCall
	}
	if !called {
		return errf("none of the client's methods is called: the new client would be declared and not used")
	}
	if err := u.resolve(); err != nil {
		return err
	}
	for _, c := range u.ctors {
		if err := u.planCtor(c); err != nil {
			return err
		}
	}
	newType := "*" + u.newName + "." + u.newClient.Obj().Name()
	for _, it := range u.items {
		switch it.kind {
		case itemRetype:
			u.edit(it.expr.Pos(), it.expr.End(), newType)
		case itemResult:
			ft, _ := r.parents[r.parents[r.parents[it.expr]]].(*ast.FuncType)
			if ft != nil && ft.Results.Opening.IsValid() {
				u.edit(it.expr.Pos(), it.expr.End(), newType+", error")
			} else {
				u.edit(it.expr.Pos(), it.expr.End(), "("+newType+", error)")
			}
		case itemReturn:
			u.edit(it.expr.End(), it.expr.End(), ", nil")
		case itemZero:
			u.edit(it.expr.Pos(), it.expr.End(), "nil")
		case itemCaller:
			if err := u.planCaller(it); err != nil {
				return err
			}
		}
	}
	for _, it := range u.items {
		if it.kind != itemCall {
			continue
		}
		if err := u.enclosing(it.call); err != nil {
			return err
		}
		u.recv = r.path(it.expr)
		if len(u.recv) > 0 {
			u.obj, _ = u.recv[0].(*types.Var)
		}
		u.errLater = r.errLater[u.body]
		if err := u.use(it.expr); err != nil {
			return err
		}
	}
	if err := u.later.finish(u); err != nil {
		return err
	}
	for _, it := range u.items {
		if it.kind == itemRead && !u.consumed[ast.Unparen(it.expr)] {
			return errf("the client's Client is read at %s other than by the wait of its own Future: no equivalent", r.fset.Position(it.pos))
		}
	}
	return nil
}

// resolve finds the client that replaces the unit's legacy client.
func (u *unit) resolve() error {
	r := u.r
	obj := u.flow.typ.Obj()
	pkgPath := obj.Pkg().Path()
	if !strings.Contains(pkgPath, "/mgmt/") {
		return errf("only the management clients (services/.../mgmt/...) are rewritten yet")
	}
	u.lc = r.m.Legacy[pkgPath][obj.Name()]
	if u.lc == nil || u.lc.Client < 0 || u.lc.Client >= len(r.m.Clients) {
		return errf("the inventory's mapping has no replacement for %s.%s", obj.Pkg().Name(), obj.Name())
	}
	cl := u.lcClient()
	var err error
	u.newSDK, err = r.loader.Load(r.dir, cl.Package)
	if err != nil {
		return err
	}
	u.newPkg = u.newSDK.Types
	tn, _ := u.newPkg.Scope().Lookup(cl.Type).(*types.TypeName)
	if tn == nil {
		return errf("%s has no type %s", cl.Package, cl.Type)
	}
	u.newClient, _ = tn.Type().(*types.Named)
	if u.newClient == nil {
		return errf("%s.%s is not a named type", cl.Package, cl.Type)
	}
	u.newName, err = u.importName(u.newPkg.Path(), u.newPkg.Name())
	return err
}

// planCtor plans a construction: the new constructor's call and the
// error check its run gives it.
func (u *unit) planCtor(c *construction) error {
	r := u.r
	u.legacy, u.ctorCall, u.ctorFn = c.legacy, c.call, c.fn
	if c.err != nil {
		return c.err
	}
	if err := u.enclosing(c.stmt); err != nil {
		return err
	}
	ru := c.run
	if ru.errName == "" {
		ret := u.returnErrIn(c.stmt)
		if ret == "" {
			g := u.gainOf(c.stmt)
			if g.err != nil {
				return g.err
			}
			ret, ru.gain = g.ret, g
		}
		if strings.Contains(ret, "\x00") {
			return errf("a result of the enclosing function has no zero value this file can spell")
		}
		base := c.name
		if base == "" {
			base = c.path[len(c.path)-1].Name()
		}
		ru.errName = r.errNameAt(ru.stmts[0], u.body, base)
		ru.ret = strings.TrimSuffix(ret, "err") + ru.errName
		ru.body = u.body
	}
	if !c.direct() {
		base := c.name
		if base == "" {
			base = c.path[len(c.path)-1].Name()
		}
		c.name = r.claim(u.body, c.stmt, base)
	}
	u.baseName, u.runPos = c.name, ru.stmts[0].Pos()
	u.pre = ""
	text, err := u.constructor(&c.cs)
	if err != nil {
		return err
	}
	c.text = u.pre + fmt.Sprintf("%s, %s := %s", c.name, ru.errName, text)
	return nil
}

// direct says whether c is declared by a statement of its own:
// c := New...(...), or one of a, b := New...(...), New...(...).
func (c *construction) direct() bool { return c.alone || c.isDirect }

// planCaller gives x := helper(...) the error check of the helper's new
// error.
func (u *unit) planCaller(it flowItem) error {
	r := u.r
	if err := u.enclosing(it.stmt); err != nil {
		return err
	}
	ret := u.returnErrIn(it.stmt)
	if ret == "" {
		return errf("the function that calls %s at %s does not return an error last: the new constructor's error has nowhere to go", r.text(it.call.Fun), r.fset.Position(it.pos))
	}
	if strings.Contains(ret, "\x00") {
		return errf("a result of the function that calls %s has no zero value this file can spell", r.text(it.call.Fun))
	}
	if !argsSimple(r.info, it.call) {
		return errf("the call of %s at %s has calls among its arguments: bind them to variables first", r.text(it.call.Fun), r.fset.Position(it.pos))
	}
	lhs := it.stmt.Lhs[0].(*ast.Ident)
	errName := r.errNameAt(it.stmt, u.body, lhs.Name)
	ret = strings.TrimSuffix(ret, "err") + errName
	u.edit(it.stmt.Pos(), it.stmt.End(), r.checked(lhs.Name, errName, r.text(it.call), ret, r.indent(it.stmt.Pos())))
	return nil
}

// returnErrIn is the expression list a return of an error needs in the
// function around n after the rewrite, "" when it returns no error last,
// with a NUL where a zero value cannot be spelled.
func (u *unit) returnErrIn(n ast.Node) string {
	if fn := u.r.funcOf(n); fn != nil && u.flow != nil && u.flow.converting[fn] {
		return "nil, err"
	}
	if u.fnType == nil {
		return ""
	}
	res := u.fnType.Results()
	if res.Len() == 0 || !isError(res.At(res.Len()-1).Type()) {
		return ""
	}
	var parts []string
	for i := 0; i < res.Len()-1; i++ {
		t := res.At(i).Type()
		switch {
		case u.flow != nil && types.Identical(t, u.flow.typ):
			parts = append(parts, "nil")
		case mentionsLegacy(t):
			parts = append(parts, "\x00")
		default:
			parts = append(parts, u.zero(t))
		}
	}
	return strings.Join(append(parts, "err"), ", ")
}

// mentionsLegacy says whether t is a legacy client.
func mentionsLegacy(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && strings.HasPrefix(n.Obj().Pkg().Path(), v68Services) && strings.HasSuffix(n.Obj().Name(), "Client")
}

// runEdit is the rewrite of a run whose units are all rewritten: each
// constructor becomes the new one with its error check, the settings go.
// A constructor inside a larger statement is hoisted before it: the
// legacy constructors have no side effects and their arguments are
// variables and constants, so building the client earlier changes nothing.
func (r *fileRewriter) runEdit(ru *ctorRun) analysis.TextEdit {
	first, last := ru.stmts[0], ru.stmts[len(ru.stmts)-1]
	indent := r.indent(first.Pos())
	check := func() string {
		return fmt.Sprintf("\n%[1]sif %[2]s != nil {\n%[1]s\treturn %[3]s\n%[1]s}", indent, ru.errName, ru.ret)
	}
	var parts []string
	for _, s := range ru.stmts {
		if ru.settings[s] {
			continue
		}
		var mine []*construction
		for _, c := range ru.ctors {
			if c.stmt == s {
				mine = append(mine, c)
			}
		}
		for _, c := range mine {
			parts = append(parts, c.text+check())
		}
		if mine[0].direct() {
			continue
		}
		// The statement, with its constructors' calls replaced by the
		// clients they became.
		var b strings.Builder
		at := r.off(s.Pos())
		for _, c := range mine {
			b.Write(r.src[at:r.off(c.call.Pos())])
			b.WriteString(c.name)
			at = r.off(c.call.End())
		}
		b.Write(r.src[at:r.off(s.End())])
		parts = append(parts, b.String())
	}
	return analysis.TextEdit{Pos: first.Pos(), End: last.End(), NewText: []byte(strings.Join(parts, "\n"+indent))}
}

// claim returns a name that the function of body neither sees nor
// declares, nor was given by an earlier claim.
func (r *fileRewriter) claim(body *ast.BlockStmt, n ast.Node, base string) string {
	if r.claimed[body] == nil {
		r.claimed[body] = map[string]bool{}
	}
	for i := 0; ; i++ {
		c := base
		if i > 0 {
			c = fmt.Sprintf("%s%d", base, i+1)
		}
		if !r.claimed[body][c] && r.fresh(body, n, c) == c {
			r.claimed[body][c] = true
			return c
		}
	}
}

// A gain is a function of the file that returns no error, made to return
// one for the constructors it holds: func f(...) T becomes
// func f(...) (T, error), each return e returns e, nil, and each caller,
// x := f(...), checks the error.
type gain struct {
	fn    *types.Func
	err   error  // why f cannot return an error
	ret   string // what a return of an error in f returns
	edits []analysis.TextEdit
}

// gainOf is the gain of the function around n, planned once per function.
func (u *unit) gainOf(n ast.Node) *gain {
	r := u.r
	fn := r.funcOf(n)
	fd := r.funcDecl(fn)
	if fd == nil || fd.Body != u.body {
		return &gain{err: errf("the enclosing function does not return an error last: the new constructor's error has nowhere to go")}
	}
	if r.gains == nil {
		r.gains = map[*types.Func]*gain{}
	}
	if g := r.gains[fn]; g != nil {
		return g
	}
	g := &gain{fn: fn}
	r.gains[fn] = g
	body, fnType := u.body, u.fnType
	g.err = u.planGain(g, fd)
	u.body, u.fnType = body, fnType
	return g
}

func (u *unit) planGain(g *gain, fd *ast.FuncDecl) error {
	r := u.r
	fn := g.fn
	sig := fn.Signature()
	cannot := func(format string, args ...any) error {
		return errf("the enclosing function does not return an error last, and the rewrite cannot make %s return the new constructor's: %s", fn.Name(), fmt.Sprintf(format, args...))
	}
	edit := func(pos, end token.Pos, text string) {
		g.edits = append(g.edits, analysis.TextEdit{Pos: pos, End: end, NewText: []byte(text)})
	}
	switch {
	case fn.Exported():
		return cannot("it is exported, its users outside the package would break")
	case fd.Recv != nil:
		return cannot("it is a method")
	case sig.TypeParams() != nil:
		return cannot("it is generic")
	case sig.Results().Len() != 1 || sig.Results().At(0).Name() != "":
		return cannot("it does not return one unnamed result")
	case mentionsLegacy(sig.Results().At(0).Type()):
		return cannot("it returns a legacy client")
	}
	zero := u.zero(sig.Results().At(0).Type())
	if strings.Contains(zero, "\x00") {
		return cannot("its result has no zero value this file can spell")
	}
	g.ret = zero + ", err"
	res := fd.Type.Results
	if t := res.List[0].Type; res.Opening.IsValid() {
		edit(t.End(), t.End(), ", error")
	} else {
		edit(t.Pos(), t.End(), "("+r.text(t)+", error)")
	}
	// Its returns.
	var why error
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				why = cannot("it returns other than one value at %s", r.fset.Position(n.Pos()))
			} else {
				edit(n.Results[0].End(), n.Results[0].End(), ", nil")
			}
		case *ast.CallExpr:
			if _, _, ctor, ok := r.legacyCall(n); ok && !ctor {
				why = cannot("it calls a client at %s", r.fset.Position(n.Pos()))
			}
		}
		return why == nil
	})
	if why != nil {
		return why
	}
	// Its callers: x := f(...) in a function that returns an error.
	callers := 0
	for id, obj := range r.info.Uses {
		if obj != fn {
			continue
		}
		pos := r.fset.Position(id.Pos())
		if !r.inFile(id.Pos()) {
			return cannot("it is called in another file, at %s", pos)
		}
		call, ok := r.parents[id].(*ast.CallExpr)
		if !ok || call.Fun != id {
			return cannot("it is used as a value at %s", pos)
		}
		assign, ok := r.parents[call].(*ast.AssignStmt)
		if !ok || assign.Tok != token.DEFINE || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
			return cannot("its result is not declared alone by := at %s", pos)
		}
		lhs, _ := assign.Lhs[0].(*ast.Ident)
		if _, ok := r.parents[assign].(*ast.BlockStmt); !ok || lhs == nil || r.info.Defs[lhs] == nil {
			return cannot("its result is not a new variable declared by a statement of a block at %s", pos)
		}
		if r.funcOf(call) == fn {
			return cannot("it calls itself")
		}
		if !argsSimple(r.info, call) {
			return cannot("its call at %s has calls among its arguments: bind them to variables first", pos)
		}
		if err := u.enclosing(assign); err != nil {
			return err
		}
		ret := u.returnErrIn(assign)
		if ret == "" || strings.Contains(ret, "\x00") {
			return cannot("the function that calls it at %s does not return an error last with results this file can spell", pos)
		}
		errName := r.errNameAt(assign, u.body, lhs.Name)
		ret = strings.TrimSuffix(ret, "err") + errName
		edit(assign.Pos(), assign.End(), r.checked(lhs.Name, errName, r.text(call), ret, r.indent(assign.Pos())))
		callers++
	}
	if callers == 0 {
		return cannot("it is not called")
	}
	return nil
}

// checked is x, errName := call with its error check, at indent.
func (r *fileRewriter) checked(x, errName, call, ret, indent string) string {
	return fmt.Sprintf("%[1]s, %[2]s := %[3]s\n%[4]sif %[2]s != nil {\n%[4]s\treturn %[5]s\n%[4]s}", x, errName, call, indent, ret)
}

// copyOf says whether e reads a variable or a field holding the client,
// which a copy joins.
func (f *flow) copyOf(e ast.Expr) bool {
	return e != nil && f.r.path(e) != nil && types.Identical(f.r.info.TypeOf(e), f.typ)
}

// argsSimple says whether a call's arguments call nothing: the statement
// around it is rewritten whole, and so could not hold another rewrite.
func argsSimple(info *types.Info, call *ast.CallExpr) bool {
	for _, a := range call.Args {
		if !simple(info, a) {
			return false
		}
	}
	return true
}
