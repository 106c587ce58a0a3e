package rewrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// use plans the rewrite of one use of the client: a call of one of its
// methods.
func (u *unit) use(id ast.Expr) error {
	r := u.r
	sel, ok := r.parents[id].(*ast.SelectorExpr)
	if !ok || sel.X != id {
		return errf("the client %s is used as a value at %s (passed, stored or returned): not rewritten yet", r.text(id), r.fset.Position(id.Pos()))
	}
	call, ok := r.parents[sel].(*ast.CallExpr)
	if !ok || call.Fun != sel {
		return errf("the client's %s is read at %s: no equivalent", sel.Sel.Name, r.fset.Position(id.Pos()))
	}
	fn, legacy, _, ok := r.legacyCall(call)
	if !ok {
		return errf("the client's %s is called at %s: no equivalent", sel.Sel.Name, r.fset.Position(id.Pos()))
	}
	target, ok := u.lc.Methods[fn.Name()]
	if !ok || target.Client != u.lc.Client || target.Method == "" {
		return errf("%s has no replacement method on %s.%s", legacy, u.newName, u.lcClient().Type)
	}
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(u.newClient), true, u.newPkg, target.Method)
	newM, _ := obj.(*types.Func)
	if newM == nil {
		return errf("%s.%s has no method %s", u.newName, u.lcClient().Type, target.Method)
	}
	var err error
	switch {
	case strings.HasPrefix(target.Method, "Begin"):
		err = u.poller(call, sel, fn, newM)
	case strings.HasPrefix(target.Method, "New") && strings.HasSuffix(target.Method, "Pager"):
		err = u.pager(call, sel, fn, newM)
	default:
		err = u.plain(call, sel, fn, newM)
	}
	if err != nil {
		return fmt.Errorf("%s at %s: %w", legacy, r.fset.Position(call.Pos()), err)
	}
	u.calls = append(u.calls, pendingCall{pos: u.r.callPos(call), legacy: legacy, msg: u.newName + "." + u.lcClient().Type + "." + newM.Name()})
	return nil
}

// callEdits renames the method and rewrites its arguments.
func (u *unit) callEdits(call *ast.CallExpr, sel *ast.SelectorExpr, fn, newM *types.Func) error {
	args, err := u.args(call, fn, newM)
	if err != nil {
		return err
	}
	u.edit(sel.Sel.Pos(), sel.Sel.End(), newM.Name())
	u.edit(call.Lparen+1, call.Rparen, args)
	return nil
}

// plain: r, err := c.M(args) becomes r, err := c.M(args, options).
func (u *unit) plain(call *ast.CallExpr, sel *ast.SelectorExpr, fn, newM *types.Func) error {
	assign, ok := u.r.parents[call].(*ast.AssignStmt)
	if !ok || len(assign.Rhs) != 1 || len(assign.Lhs) != 2 {
		return errf("its result and error are not assigned (r, err := ...)")
	}
	if newM.Signature().Results().Len() != 2 {
		return errf("the new method does not return a result and an error")
	}
	if err := u.resultVar(assign, fn.Signature().Results().At(0).Type(), newM.Signature().Results().At(0).Type()); err != nil {
		return err
	}
	return u.callEdits(call, sel, fn, newM)
}

// resultVar plans the field reads of the result assigned by assign, whose
// type becomes to.
func (u *unit) resultVar(assign *ast.AssignStmt, from, to types.Type) error {
	id, ok := assign.Lhs[0].(*ast.Ident)
	if !ok {
		return errf("its result is assigned to %s, not a variable", u.r.text(assign.Lhs[0]))
	}
	if id.Name == "_" {
		return nil
	}
	v, _ := u.r.info.Defs[id].(*types.Var)
	if v == nil {
		return u.reassigned(assign, id, to)
	}
	u.later.declare(v, to)
	for _, use := range sortedIdents(u.usesOf(v)) {
		if u.later.expect(u, use, v) {
			continue
		}
		if err := u.fieldChain(use, from, to); err != nil {
			return err
		}
	}
	return nil
}

func (u *unit) usesOf(v types.Object) map[*ast.Ident]bool {
	out := map[*ast.Ident]bool{}
	for id, obj := range u.r.info.Uses {
		if obj == v {
			out[id] = true
		}
	}
	return out
}

// args spells the new method's arguments: the legacy ones matched by name
// (or position), the others in the options struct, empty ones dropped.
func (u *unit) args(call *ast.CallExpr, fn, newM *types.Func) (string, error) {
	r := u.r
	lsig, nsig := fn.Signature(), newM.Signature()
	if call.Ellipsis.IsValid() || len(call.Args) != lsig.Params().Len() {
		return "", errf("its arguments are spread")
	}
	np := nsig.Params()
	if np.Len() == 0 {
		return "", errf("the new method takes no options")
	}
	optsPtr, ok := np.At(np.Len() - 1).Type().(*types.Pointer)
	if !ok {
		return "", errf("the new method's last parameter is not its options")
	}
	optsStruct, ok := optsPtr.Elem().Underlying().(*types.Struct)
	if !ok {
		return "", errf("the new method's last parameter is not its options")
	}
	byName := map[string]int{}
	for i := 0; i < lsig.Params().Len(); i++ {
		byName[strings.ToLower(lsig.Params().At(i).Name())] = i
	}
	used := map[int]bool{}
	// The legacy parameters by position, but those the new client holds.
	var positional []int
	for i := 0; i < lsig.Params().Len(); i++ {
		if u.skipArgs[i] {
			used[i] = true
		} else {
			positional = append(positional, i)
		}
	}
	// A pager takes no context: its NextPage does (the caller checked it is
	// the same).
	if np.Len() == 0 || !isContext(np.At(0).Type()) {
		if lsig.Params().Len() > 0 && isContext(lsig.Params().At(0).Type()) {
			used[0] = true
		}
	}
	var order []int
	var out []string
	for i := 0; i < np.Len()-1; i++ {
		p := np.At(i)
		li, ok := byName[strings.ToLower(p.Name())]
		if !ok || used[li] {
			if i < len(positional) && !used[positional[i]] && sameShape(lsig.Params().At(positional[i]).Type(), p.Type()) {
				li = positional[i]
			} else {
				return "", errf("the new method takes %s, which the legacy one has no argument for", p.Name())
			}
		}
		used[li] = true
		order = append(order, li)
		text, err := u.convert(call.Args[li], lsig.Params().At(li).Type(), p.Type())
		if err != nil {
			return "", fmt.Errorf("argument %s: %w", p.Name(), err)
		}
		out = append(out, text)
	}
	var fields []string
	for li := 0; li < lsig.Params().Len(); li++ {
		if used[li] {
			continue
		}
		lp := lsig.Params().At(li)
		a := call.Args[li]
		var field *types.Var
		for k := 0; k < optsStruct.NumFields(); k++ {
			if strings.EqualFold(optsStruct.Field(k).Name(), lp.Name()) {
				field = optsStruct.Field(k)
			}
		}
		// "" and nil are what the legacy client leaves out of the request.
		if r.empty(a) {
			continue
		}
		if field == nil {
			return "", errf("the new method has no option for the argument %s (%s): dropping it would change the requests", lp.Name(), r.text(a))
		}
		if b, ok := lp.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 && r.info.Types[a].Value == nil {
			return "", errf("the argument %s is a string variable: the legacy client leaves it out when empty, the new one sends it when set", lp.Name())
		}
		order = append(order, li)
		text, err := u.convert(a, lp.Type(), field.Type())
		if err != nil {
			return "", fmt.Errorf("argument %s: %w", lp.Name(), err)
		}
		fields = append(fields, field.Name()+": "+text)
	}
	if !sort.IntsAreSorted(order) {
		for _, a := range call.Args {
			if !simple(r.info, a) {
				return "", errf("its arguments change order and %s has calls: bind the arguments to variables first", r.text(a))
			}
		}
	}
	opts := "nil"
	if len(fields) > 0 {
		t, err := u.typeString(optsPtr.Elem())
		if err != nil {
			return "", err
		}
		opts = "&" + t + "{" + strings.Join(fields, ", ") + "}"
	}
	return strings.Join(append(out, opts), ", "), nil
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// empty says whether a legacy argument means "none": "" or nil.
func (r *fileRewriter) empty(e ast.Expr) bool {
	tv := r.info.Types[e]
	if tv.IsNil() {
		return true
	}
	return tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == ""
}

// fieldChain plans a read of fields of a legacy model (x.F.G...) whose
// root becomes a value of type to.
func (u *unit) fieldChain(id ast.Expr, from, to types.Type) error {
	r := u.r
	if root, ok := id.(*ast.Ident); ok {
		if done, err := u.statusRead(root, from, to); done || err != nil {
			return err
		}
	}
	var cur ast.Expr = id
	var renames []analysis.TextEdit
	for {
		sel, ok := r.parents[cur].(*ast.SelectorExpr)
		if !ok || sel.X != cur {
			break
		}
		if cur != id && isDateTime(from) {
			_, err := u.dateTime(cur, u.applyLocal(cur, renames), from, to)
			return err
		}
		s := r.info.Selections[sel]
		if s == nil || s.Kind() != types.FieldVal {
			return errf("%s calls a method of the legacy model", r.text(sel))
		}
		names, fromT, toT, err := u.fieldPath(from, to, s.Index())
		if err != nil {
			return fmt.Errorf("%s: %w", r.text(sel), err)
		}
		if len(names) == 0 {
			return errf("%s reads the model itself", r.text(sel))
		}
		if strings.Join(names, ".") != sel.Sel.Name {
			renames = append(renames, analysis.TextEdit{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(strings.Join(names, "."))})
		}
		cur, from, to = sel, fromT, toT
	}
	if cur == id {
		if call, ok := r.parents[id].(*ast.CallExpr); ok && call.Fun != id {
			if _, _, _, legacy := r.legacyCall(call); legacy {
				return sentBack(r.text(id))
			}
		}
		return errf("%s is used as a whole value, whose type changes", r.text(id))
	}
	keep := func() error {
		u.edits = append(u.edits, renames...)
		return nil
	}
	if sameShape(from, to) {
		return keep()
	}
	// A field written: the value follows the new field's type.
	if a, ok := r.parents[cur].(*ast.AssignStmt); ok && a.Tok == token.ASSIGN && len(a.Lhs) == len(a.Rhs) {
		for i, l := range a.Lhs {
			if l != cur {
				continue
			}
			text, err := u.convert(a.Rhs[i], from, to)
			if err != nil {
				return fmt.Errorf("%s: %w", r.text(cur), err)
			}
			u.edit(a.Rhs[i].Pos(), a.Rhs[i].End(), text)
			return keep()
		}
	}
	if isDateTime(from) {
		_, err := u.dateTime(cur, u.applyLocal(cur, renames), from, to)
		return err
	}
	if done, err := u.derefSlice(cur, u.applyLocal(cur, renames), from, to); done || err != nil {
		return err
	}
	b, ok := r.parents[cur].(*ast.BinaryExpr)
	if ok && (b.Op == token.EQL || b.Op == token.NEQ) {
		other := b.X
		if other == cur {
			other = b.Y
		}
		// A pointer to a model, compared with nil.
		if r.info.Types[other].IsNil() && isPointer(from) && isPointer(to) {
			return keep()
		}
		// An enum, which becomes a pointer, compared with a constant:
		// x.F == C is x.F != nil && *x.F == C, x.F != C is x.F == nil ||
		// *x.F != C (an absent enum was "", which no constant is).
		if pt, ok := to.(*types.Pointer); ok && isString(from) && isString(pt.Elem()) {
			if named, ok := types.Unalias(pt.Elem()).(*types.Named); ok {
				if _, isID := id.(*ast.Ident); isID {
					tv := r.info.Types[other]
					if tv.Value != nil && constant.StringVal(tv.Value) != "" {
						c, err := u.enumConst(tv, named)
						if err != nil {
							return err
						}
						chain := u.applyLocal(cur, renames)
						text := fmt.Sprintf("(%[1]s != nil && *%[1]s == %[2]s)", chain, c)
						if b.Op == token.NEQ {
							text = fmt.Sprintf("(%[1]s == nil || *%[1]s != %[2]s)", chain, c)
						}
						u.edit(b.Pos(), b.End(), text)
						return nil
					}
				}
			}
		}
	}
	if u.stringDeref(cur, from, to) {
		return keep()
	}
	if pt, ok := to.(*types.Pointer); ok && isString(from) && isString(pt.Elem()) {
		if done, err := u.enumValue(id, cur, u.applyLocal(cur, renames), from, pt.Elem()); done || err != nil {
			return err
		}
		return errf("%s has type %s, which becomes %s: read as a value, a nil pointer would panic where the legacy \"\" did not (compare it with a constant, or check it for nil first)", r.text(cur), types.TypeString(from, byName), types.TypeString(to, byName))
	}
	return errf("%s has type %s, which becomes %s: not rewritten yet", r.text(cur), types.TypeString(from, byName), types.TypeString(to, byName))
}

// applyLocal is the text of n with edits inside it applied.
func (u *unit) applyLocal(n ast.Node, edits []analysis.TextEdit) string {
	r := u.r
	var b strings.Builder
	last := r.off(n.Pos())
	for _, e := range edits {
		b.Write(r.src[last:r.off(e.Pos)])
		b.Write(e.NewText)
		last = r.off(e.End)
	}
	b.Write(r.src[last:r.off(n.End())])
	return b.String()
}

func isPointer(t types.Type) bool { _, ok := t.Underlying().(*types.Pointer); return ok }

// sameShape says whether a legacy type and a new one are the same type
// (basic types and pointers, slices and maps of them, or a named type of
// the same package): the two come from different loads, so a named type
// is the same by its package's path and its name.
func sameShape(from, to types.Type) bool {
	from, to = types.Unalias(from), types.Unalias(to)
	switch f := from.(type) {
	case *types.Named:
		t, ok := to.(*types.Named)
		if !ok || f.Obj().Name() != t.Obj().Name() || (f.Obj().Pkg() == nil) != (t.Obj().Pkg() == nil) {
			return false
		}
		if f.Obj().Pkg() != nil && f.Obj().Pkg().Path() != t.Obj().Pkg().Path() {
			return false
		}
		if f.TypeArgs().Len() != t.TypeArgs().Len() {
			return false
		}
		for i := 0; i < f.TypeArgs().Len(); i++ {
			if !sameShape(f.TypeArgs().At(i), t.TypeArgs().At(i)) {
				return false
			}
		}
		return true
	case *types.Basic:
		t, ok := to.(*types.Basic)
		return ok && f.Kind() == t.Kind()
	case *types.Pointer:
		t, ok := to.(*types.Pointer)
		return ok && sameShape(f.Elem(), t.Elem())
	case *types.Slice:
		t, ok := to.(*types.Slice)
		return ok && sameShape(f.Elem(), t.Elem())
	case *types.Map:
		t, ok := to.(*types.Map)
		return ok && sameShape(f.Key(), t.Key()) && sameShape(f.Elem(), t.Elem())
	case *types.Array:
		t, ok := to.(*types.Array)
		return ok && f.Len() == t.Len() && sameShape(f.Elem(), t.Elem())
	}
	return types.Identical(from, to)
}

// fieldPath maps the legacy fields of a selection to the new model's, by
// their JSON names. A response of the new SDK that embeds its model reads
// its fields through the embedding.
func (u *unit) fieldPath(from, to types.Type, index []int) (names []string, fromT, toT types.Type, err error) {
	for _, i := range index {
		fs := structOf(from)
		if fs == nil || i >= fs.NumFields() {
			return nil, nil, nil, errf("not a field of a model")
		}
		f := fs.Field(i)
		jn := jsonName(fs.Tag(i))
		if jn == "" || jn == "-" {
			if f.Name() == "Response" || f.Name() == "StatusCode" {
				return nil, nil, nil, errf("reads the HTTP response (autorest.Response): the new clients return none; use runtime.WithCaptureResponse")
			}
			return nil, nil, nil, errf("the legacy field %s has no JSON name", f.Name())
		}
		path, nt := u.findField(to, jn)
		if nt == nil {
			return nil, nil, nil, errf("the new model %s has no field for the JSON name %q", types.TypeString(to, byName), jn)
		}
		names = append(names, path...)
		from, to = f.Type(), nt
	}
	return names, from, to, nil
}

func structOf(t types.Type) *types.Struct {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	s, _ := t.Underlying().(*types.Struct)
	return s
}

func jsonName(tag string) string {
	v, ok := reflect.StructTag(tag).Lookup("json")
	if !ok {
		return ""
	}
	return strings.Split(v, ",")[0]
}

// findField finds the field of a new model (or of the model a response
// embeds) for a JSON name: as the package's serialization code names it,
// else the field of that name in Go's case (id: ID, sku: SKU).
func (u *unit) findField(t types.Type, jn string) ([]string, types.Type) {
	s := structOf(t)
	if s == nil {
		return nil, nil
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && u.newSDK != nil && n.Obj().Pkg() == u.newPkg {
		if names, ok := u.newSDK.JSON[n.Obj().Name()]; ok {
			if field, ok := names[jn]; ok {
				for i := 0; i < s.NumFields(); i++ {
					if f := s.Field(i); f.Name() == field {
						return []string{field}, f.Type()
					}
				}
			}
			return nil, nil
		}
	}
	key := normalize(jn)
	for i := 0; i < s.NumFields(); i++ {
		if f := s.Field(i); !f.Embedded() && normalize(f.Name()) == key {
			return []string{f.Name()}, f.Type()
		}
	}
	for i := 0; i < s.NumFields(); i++ {
		if f := s.Field(i); f.Embedded() {
			if path, nt := u.findField(f.Type(), jn); nt != nil {
				return path, nt // promoted through the embedding
			}
		}
	}
	return nil, nil
}

func normalize(s string) string {
	return strings.Map(func(c rune) rune {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			return c
		case c >= 'A' && c <= 'Z':
			return c + 'a' - 'A'
		}
		return -1
	}, s)
}

// poller: f, err := c.Delete(ctx, name); err = f.WaitForCompletionRef(ctx,
// c.Client); r, err := f.Result(c) becomes p, err := c.BeginDelete(ctx,
// name, nil); _, err = p.PollUntilDone(ctx, nil); r, err := p.Result(ctx).
func (u *unit) poller(call *ast.CallExpr, sel *ast.SelectorExpr, fn, newM *types.Func) error {
	r := u.r
	assign, ok := r.parents[call].(*ast.AssignStmt)
	if !ok || len(assign.Rhs) != 1 || len(assign.Lhs) != 2 {
		return errf("its Future and error are not assigned (f, err := ...)")
	}
	fid, ok := assign.Lhs[0].(*ast.Ident)
	if !ok {
		return errf("its Future is assigned to %s, not a variable", r.text(assign.Lhs[0]))
	}
	// The poller's result type.
	pt, ok := newM.Signature().Results().At(0).Type().(*types.Pointer)
	if !ok {
		return errf("the new method does not return a poller")
	}
	pn, ok := pt.Elem().(*types.Named)
	if !ok || pn.TypeArgs().Len() != 1 {
		return errf("the new method does not return a poller")
	}
	resT := pn.TypeArgs().At(0)
	if err := u.callEdits(call, sel, fn, newM); err != nil {
		return err
	}
	if fid.Name == "_" {
		return nil
	}
	fobj, _ := r.info.Defs[fid].(*types.Var)
	if fobj == nil {
		return errf("its Future is assigned to %s, declared elsewhere", fid.Name)
	}
	uses := sortedIdents(u.usesOf(fobj))
	var waitCtx types.Object
	var waitCtxName string
	var wait *ast.CallExpr
	for _, id := range uses {
		s, ok := r.parents[id].(*ast.SelectorExpr)
		if !ok || s.X != id {
			return errf("its Future %s is used as a value at %s (kept, passed or returned): not rewritten yet", fid.Name, r.fset.Position(id.Pos()))
		}
		if s.Sel.Name == "Future" || s.Sel.Name == "FutureAPI" {
			s2, ok := r.parents[s].(*ast.SelectorExpr)
			if !ok {
				return errf("its Future's azure.Future is used as a value at %s: not rewritten yet", r.fset.Position(id.Pos()))
			}
			s = s2
		}
		c, ok := r.parents[s].(*ast.CallExpr)
		if !ok || c.Fun != s {
			return errf("its Future's %s is read at %s: not rewritten yet", s.Sel.Name, r.fset.Position(id.Pos()))
		}
		switch s.Sel.Name {
		case "WaitForCompletionRef":
			if len(c.Args) != 2 {
				return errf("WaitForCompletionRef takes two arguments")
			}
			cl, ok := c.Args[1].(*ast.SelectorExpr)
			if !ok || cl.Sel.Name != "Client" || !u.isObj(cl.X) {
				return errf("its Future waits with another client than %s", r.text(sel.X))
			}
			ctxID, ok := ast.Unparen(c.Args[0]).(*ast.Ident)
			if !ok {
				return errf("its Future waits with a context that is not a variable")
			}
			u.markObj(cl.X)
			waitCtx, waitCtxName, wait = r.info.Uses[ctxID], ctxID.Name, c
			poll := fmt.Sprintf("%s.PollUntilDone(%s, nil)", fid.Name, ctxID.Name)
			switch st := r.parents[c].(type) {
			case *ast.AssignStmt:
				if len(st.Lhs) != 1 || len(st.Rhs) != 1 {
					return errf("WaitForCompletionRef's error is not assigned alone")
				}
				u.edit(st.Lhs[0].Pos(), st.Lhs[0].Pos(), "_, ")
			case *ast.ExprStmt:
				u.edit(c.Pos(), c.Pos(), "_, _ = ")
			case *ast.ReturnStmt:
				if err := u.returnedWait(st, c, poll); err != nil {
					return err
				}
				continue
			default:
				return errf("WaitForCompletionRef's error is used in an expression at %s: assign it to a variable first", r.fset.Position(c.Pos()))
			}
			u.edit(c.Pos(), c.End(), poll)
		case "Result":
			if waitCtx == nil {
				return errf("its Future's Result is read without a WaitForCompletionRef before it")
			}
			if len(c.Args) != 1 || !u.isObj(c.Args[0]) {
				return errf("its Future's Result is read with another client than %s", r.text(sel.X))
			}
			if _, obj := r.pkg.Scope().Innermost(c.Pos()).LookupParent(waitCtxName, c.Pos()); obj != waitCtx {
				return errf("the context its Future waited with is not in scope at its Result")
			}
			if err := u.resultAfterWait(wait, c); err != nil {
				return err
			}
			u.markObj(c.Args[0])
			if ret, ok := r.parents[c].(*ast.ReturnStmt); ok {
				return errf("its Future's Result is returned (%s): the function returns the legacy model, which the new result is not; change the function's result type first", r.text(ret))
			}
			st, ok := r.parents[c].(*ast.AssignStmt)
			if !ok || len(st.Lhs) != 2 || len(st.Rhs) != 1 {
				return errf("its Future's result and error are not assigned (r, err := f.Result(c))")
			}
			resM, _, _ := types.LookupFieldOrMethod(r.info.TypeOf(fid), true, fobj.Pkg(), "Result")
			rm, _ := resM.(*types.Func)
			if rm == nil {
				if v, ok := resM.(*types.Var); ok {
					if sig, ok := v.Type().(*types.Signature); ok && sig.Results().Len() == 2 {
						if err := u.resultVar(st, sig.Results().At(0).Type(), resT); err != nil {
							return err
						}
					}
				}
			} else if err := u.resultVar(st, rm.Signature().Results().At(0).Type(), resT); err != nil {
				return err
			}
			u.edit(c.Pos(), c.End(), fmt.Sprintf("%s.Result(%s)", fid.Name, waitCtxName))
		default:
			return errf("its Future's %s is called at %s (polled by hand): not rewritten yet", s.Sel.Name, r.fset.Position(id.Pos()))
		}
	}
	return nil
}

// resultAfterWait checks that nothing between a Future's wait and its
// Result may send a request. The legacy Future fetches the final result (a
// GET of the resource after a PUT) in Result, the new poller in
// PollUntilDone: with a request between them, the two would send their
// requests in another order.
func (u *unit) resultAfterWait(wait, result *ast.CallExpr) error {
	r := u.r
	ws, list := r.stmtOf(wait, nil)
	rs, _ := r.stmtOf(result, list)
	if ws == nil || rs == nil {
		return errf("its Future's Result is read in another block than its wait: not rewritten yet")
	}
	i, j := indexOf(list, ws), indexOf(list, rs)
	if j < i {
		return errf("its Future's Result is read before its wait")
	}
	for _, s := range list[i+1 : j] {
		if c := r.mayRequest(s); c != nil {
			return errf("%s, between its Future's wait and its Result, may send a request: the new poller fetches the result before it, the legacy Future after it", r.text(c.Fun))
		}
	}
	return nil
}

// stmtOf returns the statement that holds n in a statement list (a block's
// or a case's) and that list: in list when it is given, else the nearest.
func (r *fileRewriter) stmtOf(n ast.Node, list []ast.Stmt) (ast.Stmt, []ast.Stmt) {
	for {
		p := r.parents[n]
		if p == nil {
			return nil, nil
		}
		var l []ast.Stmt
		switch p := p.(type) {
		case *ast.BlockStmt:
			l = p.List
		case *ast.CaseClause:
			l = p.Body
		case *ast.CommClause:
			l = p.Body
		}
		if s, ok := n.(ast.Stmt); ok && l != nil && indexOf(l, s) >= 0 && (list == nil || len(l) == len(list) && &l[0] == &list[0]) {
			return s, l
		}
		n = p
	}
}

// mayRequest returns a call in n that may send a request: any call but a
// conversion, a builtin, the to package's helpers and the standard
// library's functions and methods that take no context.
func (r *fileRewriter) mayRequest(n ast.Node) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(n, func(x ast.Node) bool {
		c, ok := x.(*ast.CallExpr)
		if !ok || found != nil {
			return found == nil
		}
		if tv, ok := r.info.Types[c.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
			return true
		}
		var id *ast.Ident
		switch f := ast.Unparen(c.Fun).(type) {
		case *ast.Ident:
			id = f
		case *ast.SelectorExpr:
			id = f.Sel
		}
		fn, _ := r.info.Uses[id].(*types.Func)
		if fn == nil || fn.Pkg() == nil {
			found = c
			return false
		}
		path := fn.Pkg().Path()
		if path == autorestTo || path == azcorePath+"/to" {
			return true
		}
		params := fn.Signature().Params()
		for i := 0; i < params.Len(); i++ {
			if isContext(params.At(i).Type()) {
				found = c
				return false
			}
		}
		if strings.Contains(strings.Split(path, "/")[0], ".") {
			found = c
			return false
		}
		return true
	})
	return found
}

// returnedWait plans return ..., f.WaitForCompletionRef(ctx, c.Client):
// the poller's error is bound to a variable by a statement before the
// return, which returns it. The other results are evaluated after the wait
// instead of before it, so they must be free of calls.
func (u *unit) returnedWait(ret *ast.ReturnStmt, wait *ast.CallExpr, poll string) error {
	r := u.r
	if ret.Results[len(ret.Results)-1] != wait {
		return errf("WaitForCompletionRef's error is returned before other results at %s: bind it to a variable first", r.fset.Position(wait.Pos()))
	}
	for _, res := range ret.Results[:len(ret.Results)-1] {
		if !simple(r.info, res) {
			return errf("WaitForCompletionRef's error is returned after %s, which has calls: bind it to a variable first", r.text(res))
		}
	}
	switch r.parents[ret].(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
	default:
		return errf("WaitForCompletionRef's error is returned by a statement that is not in a block")
	}
	name, tok := u.boundErr(ret)
	u.edit(ret.Pos(), ret.Pos(), fmt.Sprintf("_, %s %s %s\n%s", name, tok, poll, u.indent(ret.Pos())))
	u.edit(wait.Pos(), wait.End(), name)
	return nil
}

// boundErr names the variable that holds an error just before the
// statement s, and how to assign it: err declared by :=, or the err of s's
// block assigned with = when it is an error that no function literal reads
// (a deferred one would see the new value), or else a name of its own.
func (u *unit) boundErr(s ast.Stmt) (string, string) {
	scope := u.r.pkg.Scope().Innermost(s.Pos())
	if scope == nil {
		return u.freshName(s, "err"), ":="
	}
	obj := scope.Lookup("err")
	if obj == nil {
		return "err", ":="
	}
	v, ok := obj.(*types.Var)
	if ok && v.Pos() < s.Pos() && types.Identical(v.Type(), types.Universe.Lookup("error").Type()) && !u.captured(v) {
		return "err", "="
	}
	return u.freshName(s, "err"), ":="
}

// captured says whether a function literal of the unit's function uses v.
func (u *unit) captured(v types.Object) bool {
	found := false
	ast.Inspect(u.body, func(n ast.Node) bool {
		lit, ok := n.(*ast.FuncLit)
		if !ok || found {
			return !found
		}
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && u.r.info.Uses[id] == v {
				found = true
			}
			return !found
		})
		return false
	})
	return found
}

func sortedIdents(m map[*ast.Ident]bool) []*ast.Ident {
	var out []*ast.Ident
	for id := range m {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}
