package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"net/http"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// localVar is the variable e names when it is declared in the unit's
// function body (not a parameter, a result or a package variable).
func (u *unit) localVar(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := u.r.info.Uses[id].(*types.Var)
	if v == nil || v.IsField() || u.body == nil || v.Pos() <= u.body.Lbrace || v.Pos() >= u.body.Rbrace {
		return nil
	}
	return v
}

// declOf finds the declaration of a local variable: the expression it is
// declared with (nil for var v T) and the node that spells its type in a
// var declaration without a value.
func (u *unit) declOf(v *types.Var) (value ast.Expr, typ ast.Expr, err error) {
	for id, obj := range u.r.info.Defs {
		if obj != v {
			continue
		}
		switch d := u.r.parents[id].(type) {
		case *ast.AssignStmt:
			if d.Tok != token.DEFINE || len(d.Lhs) != len(d.Rhs) {
				if len(d.Rhs) == 1 {
					if _, isCall := ast.Unparen(d.Rhs[0]).(*ast.CallExpr); isCall {
						return nil, nil, sentBack(v.Name())
					}
				}
				return nil, nil, errf("%s is declared by a multiple assignment", v.Name())
			}
			for i, l := range d.Lhs {
				if l == id {
					return d.Rhs[i], nil, nil
				}
			}
		case *ast.ValueSpec:
			if len(d.Names) != 1 {
				return nil, nil, errf("%s is declared with others", v.Name())
			}
			if len(d.Values) == 1 {
				return d.Values[0], nil, nil
			}
			if len(d.Values) == 0 && d.Type != nil {
				return nil, d.Type, nil
			}
		case *ast.RangeStmt:
			return nil, nil, errf("%s is a loop variable", v.Name())
		}
		return nil, nil, errf("%s is declared in a way not rewritten yet", v.Name())
	}
	return nil, nil, errf("%s is not declared in this function", v.Name())
}

// modelVar converts a legacy model held in a local variable, passed as
// the argument id of a call: its declaration (a composite literal, or var
// v T), its field writes and its field reads follow the new type, field by
// JSON name; the argument stays the variable (the new methods take the
// model by value).
func (u *unit) modelVar(id *ast.Ident, v *types.Var, from, to types.Type) (string, error) {
	r := u.r
	if u.values[v] {
		return "", errf("%s is sent by two calls: not rewritten yet", v.Name())
	}
	value, typ, err := u.declOf(v)
	if err != nil {
		return "", err
	}
	fs := structOf(from)
	switch {
	case typ != nil:
		t, err := u.typeString(to)
		if err != nil {
			return "", err
		}
		u.edit(typ.Pos(), typ.End(), t)
	default:
		lit, ok := ast.Unparen(value).(*ast.CompositeLit)
		if !ok || lit.Type == nil {
			return "", errf("%s is a legacy model declared from %s: only a composite literal is rewritten yet", v.Name(), r.text(value))
		}
		text, err := u.literal(lit, fs, to, false)
		if err != nil {
			return "", err
		}
		u.edit(lit.Pos(), lit.End(), text)
	}
	if err := u.valueUses(v, id, from, to); err != nil {
		return "", err
	}
	return id.Name, nil
}

// valueUses plans every use of a converted variable but the argument arg:
// each must be a field read or write.
func (u *unit) valueUses(v *types.Var, arg *ast.Ident, from, to types.Type) error {
	if u.values == nil {
		u.values = map[types.Object]bool{}
	}
	u.values[v] = true
	for _, use := range sortedIdents(u.usesOf(v)) {
		if use == arg {
			continue
		}
		if err := u.fieldChain(use, from, to); err != nil {
			return err
		}
	}
	return nil
}

// sliceVar converts a slice of legacy models held in a local variable s,
// sent as &s through a *[]T field: s becomes a []*U, declared by a
// literal (never nil: the legacy model sends [] for an empty slice, and
// "null" for a nil one, which the new model would leave out) and grown by
// s = append(s, T{...}).
func (u *unit) sliceVar(id *ast.Ident, v *types.Var, fromElem types.Type, to *types.Slice) (string, error) {
	r := u.r
	if u.values[v] {
		return "", errf("%s is sent by two calls: not rewritten yet", v.Name())
	}
	value, _, err := u.declOf(v)
	if err != nil {
		return "", err
	}
	lit, ok := ast.Unparen(value).(*ast.CompositeLit)
	if !ok {
		how := "declared nil (var " + v.Name() + " []T)"
		if value != nil {
			how = "declared by " + r.text(value) + ", maybe nil"
		}
		return "", errf("%s is %s: the legacy model sends a nil *[]T as null, the new one leaves a nil []*T out; declare it with a literal ([]T{}) first", v.Name(), how)
	}
	text, err := u.sliceLiteral(lit, fromElem, to)
	if err != nil {
		return "", err
	}
	u.edit(lit.Pos(), lit.End(), text)
	if u.values == nil {
		u.values = map[types.Object]bool{}
	}
	u.values[v] = true
	for _, use := range sortedIdents(u.usesOf(v)) {
		if use == id {
			continue
		}
		if err := u.sliceUse(use, fromElem, to); err != nil {
			return "", err
		}
	}
	return id.Name, nil
}

// sliceUse plans one use of a slice variable that becomes []*U: s =
// append(s, T{...}), len(s), and range s.
func (u *unit) sliceUse(use ast.Expr, fromElem types.Type, to *types.Slice) error {
	r := u.r
	switch p := r.parents[use].(type) {
	case *ast.AssignStmt:
		// s = append(s, T{...}, ...)
		if len(p.Lhs) != 1 || len(p.Rhs) != 1 || p.Tok != token.ASSIGN || p.Lhs[0] != use {
			break
		}
		call, ok := p.Rhs[0].(*ast.CallExpr)
		if !ok || !isBuiltin(r.info, call.Fun, "append") || call.Ellipsis.IsValid() || len(call.Args) < 2 {
			return errf("%s is set to %s: only s = append(s, T{...}) is rewritten yet", r.text(use), r.text(p.Rhs[0]))
		}
		if u.localVar(call.Args[0]) != u.localVar(use) {
			return errf("%s is set to an append to another slice", r.text(use))
		}
		for _, a := range call.Args[1:] {
			cl, ok := ast.Unparen(a).(*ast.CompositeLit)
			if !ok || cl.Type == nil {
				return errf("%s appends %s, built elsewhere: only literals are rewritten yet", r.text(use), r.text(a))
			}
			text, err := u.literal(cl, structOf(fromElem), to.Elem().(*types.Pointer).Elem(), false)
			if err != nil {
				return err
			}
			u.edit(a.Pos(), a.End(), "&"+text)
		}
		return nil
	case *ast.CallExpr:
		if isBuiltin(r.info, p.Fun, "len") {
			return nil
		}
		if isBuiltin(r.info, p.Fun, "append") && len(p.Args) > 0 && p.Args[0] == use {
			return nil // the first argument of s = append(s, ...), planned with it
		}
	case *ast.RangeStmt:
		if p.X == use {
			return u.rangeValue(p, fromElem, to.Elem())
		}
	}
	if u.appendArg(use) {
		return nil
	}
	return errf("%s, a slice of legacy models, is used at %s other than by append, len or range: not rewritten yet", r.text(use), r.fset.Position(use.Pos()))
}

// appendArg says whether use is the first argument of s = append(s, ...),
// which its assignment plans.
func (u *unit) appendArg(use ast.Expr) bool {
	call, ok := u.r.parents[use].(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || call.Args[0] != use || !isBuiltin(u.r.info, call.Fun, "append") {
		return false
	}
	a, ok := u.r.parents[call].(*ast.AssignStmt)
	return ok && len(a.Lhs) == 1 && u.localVar(a.Lhs[0]) == u.localVar(use)
}

func isBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// rangeValue plans a range over a slice of legacy models that becomes a
// slice of pointers to new ones: the value variable's field reads.
func (u *unit) rangeValue(rs *ast.RangeStmt, fromElem, toElem types.Type) error {
	r := u.r
	if rs.Value == nil {
		return nil
	}
	vid, ok := rs.Value.(*ast.Ident)
	if !ok || rs.Tok != token.DEFINE {
		return errf("the range at %s assigns its value to %s, declared elsewhere", r.fset.Position(rs.Pos()), r.text(rs.Value))
	}
	if vid.Name == "_" {
		return nil
	}
	v, _ := r.info.Defs[vid].(*types.Var)
	if v == nil {
		return errf("the range at %s declares no value variable", r.fset.Position(rs.Pos()))
	}
	for _, use := range sortedIdents(u.usesOf(v)) {
		if err := u.fieldChain(use, fromElem, toElem); err != nil {
			return err
		}
	}
	return nil
}

// derefSlice plans a read of a legacy *[]T field (x.F, of type from) that
// becomes []*U (to): *x.F is x.F in len(*x.F) and range *x.F (a nil
// pointer there panicked; a nil slice has no elements), x.F == nil stays.
func (u *unit) derefSlice(cur ast.Expr, chain string, from, to types.Type) (bool, error) {
	r := u.r
	fp, ok := from.(*types.Pointer)
	if !ok {
		return false, nil
	}
	fs, ok := fp.Elem().Underlying().(*types.Slice)
	if !ok {
		return false, nil
	}
	ts, ok := to.Underlying().(*types.Slice)
	if !ok {
		return false, nil
	}
	switch p := r.parents[cur].(type) {
	case *ast.BinaryExpr:
		// Absent from the JSON: nil either way; present, even empty: not
		// nil either way.
		if (p.Op == token.EQL || p.Op == token.NEQ) && (r.info.Types[p.X].IsNil() || r.info.Types[p.Y].IsNil()) {
			u.edit(cur.Pos(), cur.End(), chain)
			return true, nil
		}
	case *ast.StarExpr:
		switch pp := r.parents[p].(type) {
		case *ast.CallExpr:
			if isBuiltin(r.info, pp.Fun, "len") {
				u.edit(p.Pos(), p.End(), chain)
				return true, nil
			}
		case *ast.RangeStmt:
			if pp.X == p {
				if !isPointer(ts.Elem()) {
					if !sameShape(fs.Elem(), ts.Elem()) {
						return false, errf("%s is a slice whose elements change type", r.text(cur))
					}
				} else if err := u.rangeValue(pp, fs.Elem(), ts.Elem()); err != nil {
					return false, err
				}
				u.edit(p.Pos(), p.End(), chain)
				return true, nil
			}
		}
	}
	return false, errf("%s, a *[]T that becomes a []*T, is read at %s other than by len(*x), range *x or a comparison with nil: not rewritten yet", r.text(cur), r.fset.Position(cur.Pos()))
}

// dateTime plans a read of a legacy *date.Time field (x.F) that becomes a
// *time.Time: x.F.Time is *x.F, and the methods date.Time has of its
// embedded time.Time stay (date.Time's own, such as String, differ).
func (u *unit) dateTime(cur ast.Expr, chain string, from, to types.Type) (bool, error) {
	r := u.r
	if !isPointer(from) || !isDateTime(from) || !isTimePtr(to) {
		return false, nil
	}
	sel, ok := r.parents[cur].(*ast.SelectorExpr)
	if ok && sel.X == cur {
		s := r.info.Selections[sel]
		switch {
		case s != nil && s.Kind() == types.FieldVal && sel.Sel.Name == "Time":
			text := "*" + chain
			if _, inSel := r.parents[sel].(*ast.SelectorExpr); inSel {
				text = "(" + text + ")"
			}
			u.edit(sel.Pos(), sel.End(), text)
			return true, nil
		case s != nil && s.Kind() == types.MethodVal && len(s.Index()) > 1:
			u.edit(cur.Pos(), cur.End(), chain)
			return true, nil
		}
	}
	return false, errf("%s is a *date.Time read at %s other than by .Time or a method of time.Time: not rewritten yet", r.text(cur), r.fset.Position(cur.Pos()))
}

func isTimePtr(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time"
}

// statusRead plans a read of the status code of a legacy HEAD method's
// autorest.Response (x.StatusCode), whose new response has only Success
// (a 2xx status). After its error is handled, the legacy response is a 204
// or a 404 and the new one the same (with a 200, which the new client
// refuses): x.StatusCode == 204 is x.Success, == 404 is !x.Success.
func (u *unit) statusRead(root *ast.Ident, from, to types.Type) (bool, error) {
	r := u.r
	if !isAutorestResponse(from) || !hasOnlySuccess(to) {
		return false, nil
	}
	sel, ok := r.parents[root].(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "StatusCode" {
		return false, nil
	}
	b, ok := r.parents[sel].(*ast.BinaryExpr)
	if !ok || (b.Op != token.EQL && b.Op != token.NEQ) {
		return false, errf("%s is read other than compared with 204 or 404: the new response has only Success", r.text(sel))
	}
	other := b.Y
	if other == sel {
		other = b.X
	}
	tv := r.info.Types[other]
	code, exact := int64(0), false
	if tv.Value != nil && tv.Value.Kind() == constant.Int {
		code, exact = constant.Int64Val(tv.Value)
	}
	if !exact || (code != http.StatusNoContent && code != http.StatusNotFound) {
		return false, errf("%s is compared with %s: only 204 and 404 map onto the new response's Success", r.text(sel), r.text(other))
	}
	if !u.afterErrCheck(root) {
		return false, errf("%s is read where the call's error may not be nil (read it after if err != nil { return ... })", r.text(sel))
	}
	success := (code == http.StatusNoContent) == (b.Op == token.EQL)
	text := root.Name + ".Success"
	if !success {
		text = "!" + text
	}
	u.edit(b.Pos(), b.End(), text)
	return true, nil
}

func isAutorestResponse(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "github.com/Azure/go-autorest/autorest" && n.Obj().Name() == "Response"
}

func hasOnlySuccess(t types.Type) bool {
	s, ok := t.Underlying().(*types.Struct)
	if !ok || s.NumFields() != 1 || s.Field(0).Name() != "Success" {
		return false
	}
	b, ok := s.Field(0).Type().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// afterErrCheck says whether a use of a result comes after the statement
// that follows its assignment, when that statement is
// if err != nil { ...; return ... } on the assignment's error, in the
// same block.
func (u *unit) afterErrCheck(use *ast.Ident) bool {
	r := u.r
	v, _ := r.info.Uses[use].(*types.Var)
	if v == nil {
		return false
	}
	var assign *ast.AssignStmt
	for id, obj := range r.info.Defs {
		if obj == v {
			assign, _ = r.parents[id].(*ast.AssignStmt)
		}
	}
	if assign == nil || len(assign.Lhs) != 2 {
		return false
	}
	errID, ok := assign.Lhs[1].(*ast.Ident)
	if !ok {
		return false
	}
	errObj := r.info.ObjectOf(errID)
	block, ok := r.parents[assign].(*ast.BlockStmt)
	if !ok {
		return false
	}
	i := indexOf(block.List, assign)
	if i < 0 || i+1 >= len(block.List) {
		return false
	}
	ifs, ok := block.List[i+1].(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) == 0 {
		return false
	}
	if _, ok := ifs.Body.List[len(ifs.Body.List)-1].(*ast.ReturnStmt); !ok {
		return false
	}
	cond, ok := ifs.Cond.(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ {
		return false
	}
	x, ok := cond.X.(*ast.Ident)
	if !ok || r.info.Uses[x] != errObj || !r.info.Types[cond.Y].IsNil() {
		return false
	}
	return use.Pos() > ifs.End() && use.End() <= block.End()
}

// sentBack is the reason a result may not be sent back in a request.
func sentBack(name string) error {
	return errf("%s is the result of another call, sent back in a request: the new model marshals its read-only fields (id, name, type, etag...), which the legacy one leaves out, so the request body would change", name)
}

// nonEmpty says whether a string expression provably holds a non-empty
// constant: a local variable declared with one and never written, or the
// field of a range variable over a literal whose every element sets the
// field to one (for _, ip := range []struct{...}{{"web", network.Static}}),
// neither written in the loop.
func (u *unit) nonEmpty(e ast.Expr) bool {
	r := u.r
	isConst := func(x ast.Expr) bool {
		tv := r.info.Types[x]
		return tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) != ""
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v := u.localVar(e)
		if v == nil || u.written(v) {
			return false
		}
		value, _, err := u.declOf(v)
		return err == nil && value != nil && isConst(value)
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return false
		}
		s := r.info.Selections[e]
		v := u.localVar(x)
		if s == nil || s.Kind() != types.FieldVal || len(s.Index()) != 1 || v == nil || u.written(v) {
			return false
		}
		var rs *ast.RangeStmt
		for id, obj := range r.info.Defs {
			if obj == v {
				rs, _ = r.parents[id].(*ast.RangeStmt)
				if rs != nil && rs.Value != id {
					rs = nil
				}
			}
		}
		if rs == nil || rs.Tok != token.DEFINE {
			return false
		}
		lit, ok := ast.Unparen(rs.X).(*ast.CompositeLit)
		if !ok || len(lit.Elts) == 0 {
			return false
		}
		field := s.Obj()
		for _, elt := range lit.Elts {
			el, ok := elt.(*ast.CompositeLit)
			if !ok {
				return false
			}
			st, ok := r.info.TypeOf(el).Underlying().(*types.Struct)
			if !ok {
				return false
			}
			set := false
			for i, f := range el.Elts {
				switch f := f.(type) {
				case *ast.KeyValueExpr:
					if k, ok := f.Key.(*ast.Ident); ok && r.info.Uses[k] == field {
						set = isConst(f.Value)
					}
				default:
					if i < st.NumFields() && st.Field(i) == field {
						set = isConst(f)
					}
				}
			}
			if !set {
				return false
			}
		}
		return true
	}
	return false
}

// written says whether a local variable (or a field of it) is assigned,
// incremented or has its address taken after its declaration.
func (u *unit) written(v *types.Var) bool {
	r := u.r
	for use := range u.usesOf(v) {
		var n ast.Node = use
		for {
			sel, ok := r.parents[n].(*ast.SelectorExpr)
			if !ok || sel.X != n {
				break
			}
			n = sel
		}
		switch p := r.parents[n].(type) {
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if l == n {
					return true
				}
			}
		case *ast.IncDecStmt:
			return true
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				return true
			}
		case *ast.RangeStmt:
			if p.Key == n || p.Value == n {
				return true
			}
		}
	}
	return false
}

// later completes a unit's plan once its calls are planned.
//
// It follows the result variables that a later call of the same client
// assigns again (r, err := f.Result(c), then r, err = c.Get(...)). The new
// methods return different response types, each embedding the same model:
// the later call's response goes to a variable of its own, and its model
// into the first one's (r.VirtualNetwork = got.VirtualNetwork).
//
// It also declares, before their statement, the pointers to enums that may
// be empty (var tierPtr *T; if tier != "" { tierPtr = to.Ptr(T(tier)) }).
type later struct {
	declared map[types.Object]types.Type        // a result variable's new type, from its declaration
	expected map[*ast.AssignStmt]types.Object   // r, err = call(...) assigning a declared result again
	planned  map[*ast.AssignStmt]reassignedCall // those a call of the unit plans
	hoisted  map[ast.Stmt][]hoist               // declarations to insert before a statement
	taken    map[string]bool                    // the names those declare
}

// hoist is a declaration inserted before a statement, for the
// expression at pos in it.
type hoist struct {
	pos  token.Pos
	text string
}

type reassignedCall struct {
	id *ast.Ident
	to types.Type // the new response type of the call
}

// clone is a copy of rs that what is recorded in rs afterwards leaves as
// it is (a Key Vault call undone restores it).
func (rs *later) clone() later {
	return later{declared: maps.Clone(rs.declared), expected: maps.Clone(rs.expected), planned: maps.Clone(rs.planned), hoisted: maps.Clone(rs.hoisted), taken: maps.Clone(rs.taken)}
}

// declare records the new type of a result variable declared by a call.
func (rs *later) declare(v types.Object, to types.Type) {
	if rs.declared == nil {
		rs.declared = map[types.Object]types.Type{}
	}
	rs.declared[v] = to
}

// expect says whether use is a result variable assigned again by
// r, err = call(...), which the call's own plan rewrites.
func (rs *later) expect(u *unit, use *ast.Ident, v types.Object) bool {
	a, ok := u.r.parents[use].(*ast.AssignStmt)
	if !ok || a.Tok != token.ASSIGN || len(a.Lhs) != 2 || len(a.Rhs) != 1 || a.Lhs[0] != use {
		return false
	}
	if _, ok := ast.Unparen(a.Rhs[0]).(*ast.CallExpr); !ok {
		return false
	}
	if rs.expected == nil {
		rs.expected = map[*ast.AssignStmt]types.Object{}
	}
	rs.expected[a] = v
	return true
}

// reassigned plans a call whose result goes to a variable declared before
// (r, err = c.Get(...)): check, once the unit's calls are planned, rewrites
// it if a call of the same client declared the variable.
func (u *unit) reassigned(assign *ast.AssignStmt, id *ast.Ident, to types.Type) error {
	if u.localVar(id) == nil || assign.Tok != token.ASSIGN {
		return errf("its result is assigned to %s, declared elsewhere with the legacy type", id.Name)
	}
	if _, ok := u.r.parents[assign].(*ast.BlockStmt); !ok {
		return errf("its result is assigned to %s, declared before, other than by a statement of a block", id.Name)
	}
	if u.later.planned == nil {
		u.later.planned = map[*ast.AssignStmt]reassignedCall{}
	}
	u.later.planned[assign] = reassignedCall{id: id, to: to}
	return nil
}

// finish rewrites each variable assigned again, once the unit's calls are
// planned (both calls must be the unit's, and their new responses must
// embed the same model), and inserts the declarations hoisted.
func (rs *later) finish(u *unit) error {
	r := u.r
	var stmts []ast.Stmt
	for st := range rs.hoisted {
		stmts = append(stmts, st)
	}
	sort.Slice(stmts, func(i, j int) bool { return stmts[i].Pos() < stmts[j].Pos() })
	for _, st := range stmts {
		start := u.lineStart(st.Pos())
		for _, e := range append(append([]analysis.TextEdit(nil), u.edits...), r.edits...) {
			if e.Pos < start && start < e.End {
				return errf("the enum pointers declared before the statement at %s would fall in code the rewrite replaces", r.fset.Position(st.Pos()))
			}
		}
		hs := rs.hoisted[st]
		sort.Slice(hs, func(i, j int) bool { return hs[i].pos < hs[j].pos })
		var text strings.Builder
		for _, h := range hs {
			text.WriteString(h.text)
		}
		u.edit(start, start, text.String())
	}
	var assigns []*ast.AssignStmt
	for a := range rs.expected {
		assigns = append(assigns, a)
	}
	for a := range rs.planned {
		if _, ok := rs.expected[a]; !ok {
			assigns = append(assigns, a)
		}
	}
	sort.Slice(assigns, func(i, j int) bool { return assigns[i].Pos() < assigns[j].Pos() })
	for _, a := range assigns {
		v, isExpected := rs.expected[a]
		call, isPlanned := rs.planned[a]
		switch {
		case !isPlanned:
			return errf("%s is assigned again at %s by a call not rewritten with it", v.Name(), r.fset.Position(a.Pos()))
		case !isExpected:
			return errf("its result is assigned to %s, declared elsewhere with the legacy type", call.id.Name)
		}
		declT := rs.declared[v]
		model, ok := embeddedModel(declT, call.to)
		if !ok {
			return errf("%s is assigned again at %s: its new type %s and the response %s do not embed the same model", v.Name(), r.fset.Position(a.Pos()), types.TypeString(declT, byName), types.TypeString(call.to, byName))
		}
		t, err := u.typeString(call.to)
		if err != nil {
			return err
		}
		name := rs.name(u, a, v.Name()+"Resp")
		indent := u.indent(a.Pos())
		u.edit(call.id.Pos(), call.id.End(), fmt.Sprintf("var %s %s\n%s%s", name, t, indent, name))
		after := u.lineEnd(a.End())
		u.edit(after, after, fmt.Sprintf("\n%s%s.%s = %s.%[3]s", indent, call.id.Name, model, name))
	}
	return nil
}

// embeddedModel is the name of the model that two new response types both
// embed as their only field.
func embeddedModel(a, b types.Type) (string, bool) {
	sa, sb := structOf(a), structOf(b)
	if sa == nil || sb == nil || isPointer(a) || isPointer(b) || sa.NumFields() != 1 || sb.NumFields() != 1 {
		return "", false
	}
	fa, fb := sa.Field(0), sb.Field(0)
	if !fa.Embedded() || !fb.Embedded() || fa.Name() != fb.Name() || !types.Identical(fa.Type(), fb.Type()) {
		return "", false
	}
	return fa.Name(), true
}

// lineEnd is the end of the line of pos when only a line comment follows
// it there, else pos.
func (u *unit) lineEnd(pos token.Pos) token.Pos {
	src := u.r.src
	o := u.r.off(pos)
	rest := src[o:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	trimmed := bytes.TrimLeft(rest, " \t")
	if len(trimmed) == 0 || bytes.HasPrefix(trimmed, []byte("//")) {
		return pos + token.Pos(len(rest))
	}
	return pos
}

// name is a name for a variable the unit declares at n: one that the
// function neither sees nor declares, nor the unit declares elsewhere.
func (rs *later) name(u *unit, n ast.Node, base string) string {
	name := u.freshName(n, base)
	for i := 2; rs.taken[name]; i++ {
		name = u.freshName(n, fmt.Sprintf("%s%d", base, i))
	}
	if rs.taken == nil {
		rs.taken = map[string]bool{}
	}
	rs.taken[name] = true
	return name
}

// lineStart is the start of the line of pos.
func (u *unit) lineStart(pos token.Pos) token.Pos {
	o := u.r.off(pos)
	s := o
	for s > 0 && u.r.src[s-1] != '\n' {
		s--
	}
	return pos - token.Pos(o-s)
}

// hoistEnum spells an enum e that may be empty, of a variable whose value
// cannot change in the function (a parameter or a local variable never
// written nor addressed, or a field of such a struct): a pointer declared
// before the statement of e, nil when e is "" (which the legacy model
// leaves out, as the new one leaves out a nil pointer). Reading e there
// reads the same value as in the call.
func (u *unit) hoistEnum(e ast.Expr, named *types.Named) (string, bool, error) {
	r := u.r
	var root *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		root = x
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		s := r.info.Selections[x]
		if !ok || s == nil || s.Kind() != types.FieldVal || len(s.Index()) != 1 {
			return "", false, nil
		}
		if _, isPtr := r.info.TypeOf(id).Underlying().(*types.Pointer); isPtr {
			return "", false, nil
		}
		root = id
	default:
		return "", false, nil
	}
	v, _ := r.info.Uses[root].(*types.Var)
	if v == nil || !u.fixedVar(v) {
		return "", false, nil
	}
	// The statement of e, in a block.
	var st ast.Stmt
	for n := ast.Node(e); n != nil; n = r.parents[n] {
		if _, ok := n.(*ast.FuncLit); ok {
			return "", false, nil
		}
		if s, ok := n.(ast.Stmt); ok {
			if _, inBlock := r.parents[n].(*ast.BlockStmt); inBlock {
				st = s
				break
			}
		}
	}
	if st == nil || v.Pos() >= st.Pos() {
		return "", false, nil // declared in the statement: not in scope before it
	}
	start := u.lineStart(st.Pos())
	if strings.TrimLeft(string(r.src[r.off(start):r.off(st.Pos())]), " \t") != "" {
		return "", false, nil
	}
	t, err := u.typeString(named)
	if err != nil {
		return "", false, err
	}
	base := root.Name
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
		base += sel.Sel.Name
	}
	name := u.later.name(u, st, base+"Ptr")
	indent := u.indent(st.Pos())
	text := r.text(e)
	decl := fmt.Sprintf("%[1]svar %[2]s *%[3]s\n%[1]sif %[4]s != \"\" {\n%[1]s\t%[2]s = %[5]s.Ptr(%[3]s(%[4]s))\n%[1]s}\n", indent, name, t, text, r.toName())
	u.later.hoist(st, e.Pos(), decl)
	return name, true, nil
}

// fixedVar says whether v holds one value throughout the function that
// uses it: a parameter of the unit's function or a local variable of it,
// never assigned, incremented or addressed (by & or a method with a
// pointer receiver) after its declaration.
func (u *unit) fixedVar(v *types.Var) bool {
	isParam := false
	if u.fnType != nil {
		for i := 0; i < u.fnType.Params().Len(); i++ {
			if u.fnType.Params().At(i) == v {
				isParam = true
			}
		}
	}
	if !isParam && (v.IsField() || u.body == nil || v.Pos() <= u.body.Lbrace || v.Pos() >= u.body.Rbrace) {
		return false
	}
	if u.written(v) {
		return false
	}
	for use := range u.usesOf(v) {
		if sel, ok := u.r.parents[use].(*ast.SelectorExpr); ok && sel.X == use {
			if s := u.r.info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
				if _, ptr := s.Obj().(*types.Func).Signature().Recv().Type().(*types.Pointer); ptr {
					return false
				}
			}
		}
	}
	return true
}

// enumValue plans a read of an enum of a result (x.F) that becomes a
// pointer, as an argument of a function that takes any (fmt.Errorf,
// log.Printf): the value is read before the statement into a variable,
// "" when the pointer is nil, as the legacy model reads an absent enum.
// The result variable is never written nor addressed, and the statement
// calls nothing else, so the value read there is the one the call reads,
// and nothing happens in between.
func (u *unit) enumValue(root, cur ast.Expr, chain string, from, to types.Type) (bool, error) {
	r := u.r
	id, ok := root.(*ast.Ident)
	if !ok {
		return false, nil
	}
	v, _ := r.info.Uses[id].(*types.Var)
	if v == nil || u.localVar(id) == nil || !u.fixedVar(v) {
		return false, nil
	}
	for _, t := range []types.Type{from, to} {
		if n, ok := types.Unalias(t).(*types.Named); !ok || n.NumMethods() > 0 {
			return false, nil // a String method would print otherwise
		}
	}
	call, ok := r.parents[cur].(*ast.CallExpr)
	if !ok || call.Ellipsis.IsValid() || !u.takesAny(call, cur) {
		return false, nil
	}
	for _, a := range call.Args {
		if tv := r.info.Types[a]; tv.Value != nil && tv.Value.Kind() == constant.String && strings.Contains(constant.StringVal(tv.Value), "%T") {
			return false, nil // the type printed would change
		}
	}
	// Up to the statement: arguments of calls, parentheses, operators
	// that evaluate both operands.
	onPath := map[ast.Node]bool{call: true}
	var n ast.Node = call
	var st ast.Stmt
	for st == nil {
		switch p := r.parents[n].(type) {
		case *ast.CallExpr:
			if p.Fun == n {
				return false, nil
			}
			onPath[p] = true
		case *ast.ParenExpr:
		case *ast.BinaryExpr:
			if p.Op == token.LAND || p.Op == token.LOR {
				return false, nil
			}
		case *ast.ExprStmt, *ast.ReturnStmt:
			st = p.(ast.Stmt)
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if l == n {
					return false, nil
				}
			}
			st = p
		default:
			return false, nil
		}
		n = r.parents[n]
	}
	if _, ok := r.parents[st].(*ast.BlockStmt); !ok || v.Pos() >= st.Pos() {
		return false, nil
	}
	// Nothing else is called, received or run in the statement.
	other := false
	ast.Inspect(st, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.CallExpr:
			if !onPath[x] && !r.info.Types[x.Fun].IsType() && !isBuiltin(r.info, x.Fun, "len") {
				other = true
			}
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				other = true
			}
		case *ast.FuncLit:
			other = true
		}
		return !other
	})
	if other {
		return false, nil
	}
	t, err := u.typeString(to)
	if err != nil {
		return false, err
	}
	base := ""
	for x := cur; x != root; {
		sel := x.(*ast.SelectorExpr)
		base = sel.Sel.Name + base
		x = sel.X
	}
	name := u.later.name(u, st, id.Name+base)
	indent := u.indent(st.Pos())
	decl := fmt.Sprintf("%[1]svar %[2]s %[3]s\n%[1]sif %[4]s != nil {\n%[1]s\t%[2]s = *%[4]s\n%[1]s}\n", indent, name, t, chain)
	u.later.hoist(st, cur.Pos(), decl)
	u.edit(cur.Pos(), cur.End(), name)
	return true, nil
}

// takesAny says whether the argument arg of call goes to a parameter of
// an interface type.
func (u *unit) takesAny(call *ast.CallExpr, arg ast.Expr) bool {
	if u.r.info.Types[call.Fun].IsType() {
		return false
	}
	sig, ok := u.r.info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok {
		return false
	}
	i := -1
	for j, a := range call.Args {
		if a == arg {
			i = j
		}
	}
	params := sig.Params()
	var t types.Type
	switch {
	case i < 0:
		return false
	case sig.Variadic() && i >= params.Len()-1:
		t = params.At(params.Len() - 1).Type().(*types.Slice).Elem()
	case i < params.Len():
		t = params.At(i).Type()
	default:
		return false
	}
	return types.IsInterface(t)
}

// hoist records a declaration to insert before st, for the expression at
// pos in it.
func (rs *later) hoist(st ast.Stmt, pos token.Pos, text string) {
	if rs.hoisted == nil {
		rs.hoisted = map[ast.Stmt][]hoist{}
	}
	rs.hoisted[st] = append(rs.hoisted[st], hoist{pos: pos, text: text})
}
