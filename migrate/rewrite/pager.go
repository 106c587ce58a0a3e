package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"
	"strings"
)

// pager rewrites a list call and the loop that follows it:
//
//	it, err := c.ListComplete(ctx, "", nil)
//	for ; err == nil && it.NotDone(); err = it.NextWithContext(ctx) {
//		... it.Value().Name ...
//	}
//
// becomes
//
//	var err error
//	for it := c.NewListPager(nil); err == nil && it.More(); {
//		var page armresources.ResourceGroupsClientListResponse
//		if page, err = it.NextPage(ctx); err == nil {
//			for _, v := range page.Value {
//				... v.Name ...
//			}
//		}
//	}
//
// and the same with a page (page, err := c.List(...); ... page.Values()):
// the requests are the same, in the same order, and err ends the same.
func (u *unit) pager(call *ast.CallExpr, sel *ast.SelectorExpr, fn, newM *types.Func) error {
	r := u.r
	assign, ok := r.parents[call].(*ast.AssignStmt)
	if !ok || len(assign.Rhs) != 1 || len(assign.Lhs) != 2 {
		return errf("its iterator and error are not assigned (it, err := ...)")
	}
	block, ok := r.parents[assign].(*ast.BlockStmt)
	if !ok {
		return errf("the list call is not a statement of a block")
	}
	itID, ok1 := assign.Lhs[0].(*ast.Ident)
	errID, ok2 := assign.Lhs[1].(*ast.Ident)
	if !ok1 || !ok2 || itID.Name == "_" || errID.Name == "_" {
		return errf("its iterator and error are not assigned to variables")
	}
	itObj, _ := r.info.Defs[itID].(*types.Var)
	if itObj == nil {
		return errf("its iterator is assigned to %s, declared elsewhere", itID.Name)
	}
	errObj := r.info.Defs[errID]
	newErr := errObj != nil
	if errObj == nil {
		errObj = r.info.Uses[errID]
	}
	i := indexOf(block.List, assign)
	if i+1 >= len(block.List) {
		return errf("no loop follows the list call")
	}
	if check, ok := block.List[i+1].(*ast.IfStmt); ok && i+2 < len(block.List) {
		return u.checkedPager(call, sel, fn, newM, assign, check, block.List[i+2], itID, errID, itObj, errObj, newErr)
	}
	loop, ok := block.List[i+1].(*ast.ForStmt)
	if !ok || loop.Init != nil || loop.Cond == nil || loop.Post == nil {
		return errf("the loop that follows is not for ; err == nil && it.NotDone(); err = it.NextWithContext(ctx) {...}: not rewritten yet")
	}
	// The condition: err == nil && it.NotDone()
	cond, ok := loop.Cond.(*ast.BinaryExpr)
	if !ok || cond.Op != token.LAND || !u.isNilCheck(cond.X, errObj) || !u.isCall(cond.Y, itObj, "NotDone", 0) {
		return errf("the loop's condition is not err == nil && %s.NotDone(): not rewritten yet", itID.Name)
	}
	post, ok := loop.Post.(*ast.AssignStmt)
	if !ok || post.Tok != token.ASSIGN || len(post.Lhs) != 1 || !u.isVar(post.Lhs[0], errObj) || !u.isCall(post.Rhs[0], itObj, "NextWithContext", 1) {
		return errf("the loop's post statement is not err = %s.NextWithContext(ctx): not rewritten yet", itID.Name)
	}
	ctxArg := post.Rhs[0].(*ast.CallExpr).Args[0]
	ctxID, ok := ast.Unparen(ctxArg).(*ast.Ident)
	if !ok || len(call.Args) == 0 {
		return errf("the loop's context is not a variable")
	}
	if first, ok := ast.Unparen(call.Args[0]).(*ast.Ident); !ok || r.info.Uses[first] != r.info.Uses[ctxID] {
		return errf("the list call and the loop use different contexts")
	}
	for _, a := range call.Args {
		if !simple(r.info, a) {
			return errf("the list call's argument %s has calls: bind it to a variable first", r.text(a))
		}
	}
	// The body: the iterator only as it.Value().F..., err untouched, no
	// break or continue of the loop.
	if err := u.loopBody(loop.Body, errObj); err != nil {
		return err
	}
	pt, err := u.pagerTypes(fn, newM, itObj)
	if err != nil {
		return err
	}
	pageText, iterative, member, legacyItem, items := pt.pageText, pt.iterative, pt.member, pt.legacyItem, pt.items
	page := u.freshName(loop, "page")
	item := u.freshName(loop, "v")
	// Every use of the iterator in the body.
	for id := range u.usesOf(itObj) {
		if loop.Cond.Pos() <= id.Pos() && id.End() <= loop.Cond.End() || loop.Post.Pos() <= id.Pos() && id.End() <= loop.Post.End() {
			continue
		}
		if !(loop.Body.Pos() <= id.Pos() && id.End() <= loop.Body.End()) {
			return errf("its iterator %s is used outside its loop", itID.Name)
		}
		if err := u.itemUse(id, itID.Name, member, item, legacyItem, items.Elem(), iterative); err != nil {
			return err
		}
	}
	args, err := u.args(call, fn, newM)
	if err != nil {
		return err
	}
	recv := u.receiver(sel)
	indent := u.indent(loop.Pos())
	// The list call goes (its error variable stays declared).
	decl := ""
	if newErr && errObj != u.errLater {
		decl = "var " + errID.Name + " error"
	}
	if decl != "" {
		u.edit(assign.Pos(), assign.End(), decl)
	} else {
		u.deleteLine(assign)
	}
	pagerName := itID.Name
	if !iterative {
		pagerName = u.freshName(loop, "pager")
		page = itID.Name
	}
	head := fmt.Sprintf("for %[1]s := %[2]s.%[3]s(%[4]s); %[5]s == nil && %[1]s.More(); {\n%[9]s\tvar %[6]s %[7]s\n%[9]s\tif %[6]s, %[5]s = %[1]s.NextPage(%[8]s); %[5]s == nil {\n",
		pagerName, recv, newM.Name(), args, errID.Name, page, pageText, ctxID.Name, indent)
	if iterative {
		head += fmt.Sprintf("%s\t\tfor _, %s := range %s.Value {", indent, item, page)
		u.edit(loop.Pos(), loop.Body.Lbrace+1, head)
		u.edit(loop.Body.Rbrace, loop.Body.Rbrace+1, "}\n"+indent+"\t}\n"+indent+"}")
	} else {
		u.edit(loop.Pos(), loop.Body.Lbrace+1, strings.TrimSuffix(head, "\n"))
		u.edit(loop.Body.Rbrace, loop.Body.Rbrace+1, "}\n"+indent+"}")
	}
	return nil
}

// itemUse plans a use of the iterator (it.Value().F...) or the page
// (range page.Values(), whose range variable is read by fields) in the
// loop's body.
func (u *unit) itemUse(id *ast.Ident, itName, member, item string, from, to types.Type, iterative bool) error {
	r := u.r
	s, ok := r.parents[id].(*ast.SelectorExpr)
	if !ok || s.X != id || s.Sel.Name != member {
		return errf("its iterator %s is used other than by %s() in its loop", itName, member)
	}
	c, ok := r.parents[s].(*ast.CallExpr)
	if !ok || c.Fun != s || len(c.Args) != 0 {
		return errf("its iterator's %s is not called", member)
	}
	if iterative {
		if err := u.fieldChain(c, from, to); err != nil {
			return err
		}
		u.edit(c.Pos(), c.End(), item)
		return nil
	}
	// for _, g := range page.Values() { ... g.F ... }
	rng, ok := r.parents[c].(*ast.RangeStmt)
	if !ok || rng.X != c || rng.Value == nil {
		return errf("its page's Values() is used other than by ranging over its values")
	}
	vid, ok := rng.Value.(*ast.Ident)
	if !ok {
		return errf("its page's values are assigned to %s, not a variable", r.text(rng.Value))
	}
	if vid.Name != "_" {
		v := r.info.Defs[vid]
		if v == nil {
			return errf("its page's values are assigned to %s, declared elsewhere", vid.Name)
		}
		for use := range u.usesOf(v) {
			if err := u.fieldChain(use, from, to); err != nil {
				return err
			}
		}
	}
	u.edit(s.Sel.Pos(), c.End(), "Value")
	return nil
}

// loopBody checks that the body leaves err alone and neither breaks nor
// continues the loop.
func (u *unit) loopBody(body *ast.BlockStmt, errObj types.Object) error {
	var err error
	var walk func(n ast.Node, inLoop, inSwitch bool)
	walk = func(n ast.Node, inLoop, inSwitch bool) {
		ast.Inspect(n, func(x ast.Node) bool {
			if err != nil || x == nil {
				return false
			}
			switch x := x.(type) {
			case *ast.Ident:
				if u.r.info.Uses[x] == errObj {
					err = errf("the loop's body uses %s, which the loop's condition reads", x.Name)
				}
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				if x != n {
					walk(x, true, inSwitch)
					return false
				}
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if x != n {
					walk(x, inLoop, true)
					return false
				}
			case *ast.BranchStmt:
				switch {
				case x.Label != nil || x.Tok == token.GOTO:
					err = errf("the loop's body has a labelled branch or goto")
				case x.Tok == token.CONTINUE && !inLoop, x.Tok == token.BREAK && !inLoop && !inSwitch:
					err = errf("the loop's body has a %s of the loop, which would act on the new inner loop", x.Tok)
				}
			}
			return true
		})
	}
	walk(body, false, false)
	return err
}

func (u *unit) isVar(e ast.Expr, obj types.Object) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && (u.r.info.Uses[id] == obj || u.r.info.Defs[id] == obj)
}

func (u *unit) isNilCheck(e ast.Expr, obj types.Object) bool {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	return ok && b.Op == token.EQL && u.isVar(b.X, obj) && u.r.info.Types[b.Y].IsNil()
}

func (u *unit) isCall(e ast.Expr, obj types.Object, name string, nargs int) bool {
	c, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(c.Args) != nargs {
		return false
	}
	s, ok := c.Fun.(*ast.SelectorExpr)
	return ok && s.Sel.Name == name && u.isVar(s.X, obj)
}

// pagerTypes are the types a pager loop's rewrite spells.
type pagerTypes struct {
	pageText   string       // the new page type
	items      *types.Slice // the new page's Value
	iterative  bool         // an iterator (ListComplete), not a page (List)
	member     string       // Value (iterator) or Values (page)
	legacyItem types.Type   // a legacy item
}

func (u *unit) pagerTypes(fn, newM *types.Func, itObj *types.Var) (*pagerTypes, error) {
	pagerT, ok := newM.Signature().Results().At(0).Type().(*types.Pointer)
	if !ok {
		return nil, errf("the new method does not return a pager")
	}
	pn, ok := pagerT.Elem().(*types.Named)
	if !ok || pn.TypeArgs().Len() != 1 {
		return nil, errf("the new method does not return a pager")
	}
	pageT := pn.TypeArgs().At(0)
	path, valueT := u.findField(pageT, "value")
	if valueT == nil || len(path) != 1 {
		return nil, errf("the new pages have no Value")
	}
	items, ok := valueT.(*types.Slice)
	if !ok || !isPointer(items.Elem()) {
		return nil, errf("the new pages' Value is not a slice of pointers")
	}
	pageText, err := u.typeString(pageT)
	if err != nil {
		return nil, err
	}
	pt := &pagerTypes{pageText: pageText, items: items, iterative: strings.HasSuffix(fn.Name(), "Complete"), member: "Value"}
	if !pt.iterative {
		pt.member = "Values"
	}
	m, _, _ := types.LookupFieldOrMethod(itObj.Type(), true, itObj.Pkg(), pt.member)
	mf, _ := m.(*types.Func)
	if mf == nil {
		return nil, errf("the legacy iterator has no %s", pt.member)
	}
	pt.legacyItem = mf.Signature().Results().At(0).Type()
	if !pt.iterative {
		s, ok := pt.legacyItem.(*types.Slice)
		if !ok {
			return nil, errf("the legacy page's Values is not a slice")
		}
		pt.legacyItem = s.Elem()
	}
	return pt, nil
}

// checkedPager rewrites the other common shape of an iterator's loop:
//
//	it, err := c.ListComplete(ctx, "", nil)
//	if err != nil {
//		return err
//	}
//	for it.NotDone() {
//		g := it.Value()
//		...
//		if err := it.NextWithContext(ctx); err != nil {
//			return err
//		}
//	}
//
// becomes
//
//	for it := c.NewListPager(nil); it.More(); {
//		page, err := it.NextPage(ctx)
//		if err != nil {
//			return err
//		}
//		for _, g := range page.Value {
//			...
//		}
//	}
//
// when the two error blocks are the same and return.
func (u *unit) checkedPager(call *ast.CallExpr, sel *ast.SelectorExpr, fn, newM *types.Func, assign *ast.AssignStmt, check *ast.IfStmt, next ast.Stmt, itID, errID *ast.Ident, itObj *types.Var, errObj types.Object, newErr bool) error {
	r := u.r
	shape := errf("the iterator's loop is not if err != nil {...}; for it.NotDone() { ...; if err := it.NextWithContext(ctx); err != nil {...} }: not rewritten yet")
	loop, ok := next.(*ast.ForStmt)
	if !ok || loop.Init != nil || loop.Post != nil || !u.isCall(loop.Cond, itObj, "NotDone", 0) {
		return shape
	}
	if check.Init != nil || check.Else != nil || !u.isNotNil(check.Cond, errObj) || !returns(check.Body) {
		return shape
	}
	n := len(loop.Body.List)
	if n < 2 {
		return shape
	}
	last, ok := loop.Body.List[n-1].(*ast.IfStmt)
	if !ok || last.Else != nil || !returns(last.Body) {
		return shape
	}
	// if err := it.NextWithContext(ctx); err != nil {...}
	init, ok := last.Init.(*ast.AssignStmt)
	if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 || !u.isCall(init.Rhs[0], itObj, "NextWithContext", 1) {
		return shape
	}
	innerErr, ok := init.Lhs[0].(*ast.Ident)
	if !ok || innerErr.Name != errID.Name {
		return shape
	}
	if !u.isNotNil(last.Cond, r.info.Defs[innerErr]) && !u.isNotNil(last.Cond, r.info.Uses[innerErr]) {
		return shape
	}
	if r.printed(check.Body) != r.printed(last.Body) {
		return errf("the first page's error block and the next pages' differ: not rewritten yet")
	}
	ctxID, ok := ast.Unparen(init.Rhs[0].(*ast.CallExpr).Args[0]).(*ast.Ident)
	if !ok || len(call.Args) == 0 {
		return errf("the loop's context is not a variable")
	}
	if first, ok := ast.Unparen(call.Args[0]).(*ast.Ident); !ok || r.info.Uses[first] != r.info.Uses[ctxID] {
		return errf("the list call and the loop use different contexts")
	}
	for _, a := range call.Args {
		if !simple(r.info, a) {
			return errf("the list call's argument %s has calls: bind it to a variable first", r.text(a))
		}
	}
	inner := &ast.BlockStmt{List: loop.Body.List[:n-1]}
	if err := u.loopBody(inner, errObj); err != nil {
		return err
	}
	pt, err := u.pagerTypes(fn, newM, itObj)
	if err != nil {
		return err
	}
	if !pt.iterative {
		return errf("a page's loop of this shape is not rewritten yet")
	}
	// The item: g := it.Value() first in the body becomes the range
	// variable.
	item := ""
	if a, ok := loop.Body.List[0].(*ast.AssignStmt); ok && a.Tok == token.DEFINE && len(a.Lhs) == 1 && len(a.Rhs) == 1 && u.isCall(a.Rhs[0], itObj, "Value", 0) {
		if id, ok := a.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
			if v := r.info.Defs[id]; v != nil {
				for use := range u.usesOf(v) {
					if err := u.fieldChain(use, pt.legacyItem, pt.items.Elem()); err != nil {
						return err
					}
				}
				item = id.Name
				for use := range u.usesOf(itObj) {
					if a.Rhs[0].Pos() <= use.Pos() && use.End() <= a.Rhs[0].End() {
						continue
					}
					if loop.Body.Pos() <= use.Pos() && use.End() <= loop.Body.End() && !(last.Pos() <= use.Pos() && use.End() <= last.End()) {
						return errf("its iterator is used again after %s := %s.Value()", id.Name, itID.Name)
					}
				}
				u.deleteLine(a)
			}
		}
	}
	if item == "" {
		item = u.freshName(loop, "v")
		for use := range u.usesOf(itObj) {
			if loop.Body.Pos() <= use.Pos() && use.End() <= loop.Body.End() && !(last.Pos() <= use.Pos() && use.End() <= last.End()) {
				if err := u.itemUse(use, itID.Name, "Value", item, pt.legacyItem, pt.items.Elem(), true); err != nil {
					return err
				}
			}
		}
	}
	// The iterator is used nowhere else.
	for use := range u.usesOf(itObj) {
		if !(check.Pos() <= use.Pos() && use.End() <= loop.End()) {
			return errf("its iterator %s is used outside its loop", itID.Name)
		}
	}
	// err after the list call: nil, as before.
	decl := ""
	others := false
	for use := range u.usesOf(errObj) {
		if !(check.Cond.Pos() <= use.Pos() && use.End() <= check.Body.End()) {
			others = true
		}
	}
	switch {
	case !others:
	case newErr && errObj != u.errLater:
		decl = "var " + errID.Name + " error"
	default:
		decl = errID.Name + " = nil"
	}
	args, err := u.args(call, fn, newM)
	if err != nil {
		return err
	}
	page := u.freshName(loop, "page")
	indent := u.indent(loop.Pos())
	if decl != "" {
		u.edit(assign.Pos(), assign.End(), decl)
	} else {
		u.deleteLine(assign)
	}
	head := fmt.Sprintf("for %[1]s := %[2]s.%[3]s(%[4]s); %[1]s.More(); {\n%[9]s\t%[5]s, %[6]s := %[1]s.NextPage(%[7]s)\n%[9]s\tif %[6]s != nil %[8]s\n%[9]s\tfor _, %[10]s := range %[5]s.Value {",
		itID.Name, u.receiver(sel), newM.Name(), args, page, errID.Name, ctxID.Name, r.text(check.Body), indent, item)
	u.edit(check.Pos(), loop.Body.Lbrace+1, head)
	u.edit(last.Pos(), loop.Body.Rbrace+1, "}\n"+indent+"}")
	return nil
}

// returns says whether a block ends with a return.
func returns(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	_, ok := b.List[len(b.List)-1].(*ast.ReturnStmt)
	return ok
}

func (u *unit) isNotNil(e ast.Expr, obj types.Object) bool {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	return ok && obj != nil && b.Op == token.NEQ && u.isVar(b.X, obj) && u.r.info.Types[b.Y].IsNil()
}

// printed is n as go/printer prints it, whatever its indentation.
func (r *fileRewriter) printed(n ast.Node) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, r.fset, n); err != nil {
		return r.text(n)
	}
	return b.String()
}
