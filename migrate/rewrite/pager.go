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
	itID, ok1 := assign.Lhs[0].(*ast.Ident)
	errID, ok2 := assign.Lhs[1].(*ast.Ident)
	if !ok1 || !ok2 || itID.Name == "_" || errID.Name == "_" {
		return errf("its iterator and error are not assigned to variables")
	}
	itObj, _ := r.info.Defs[itID].(*types.Var)
	if itObj == nil {
		return errf("its iterator is assigned to %s, declared elsewhere", itID.Name)
	}
	if loop, ok := r.parents[assign].(*ast.ForStmt); ok && loop.Init == assign {
		return u.initPager(call, sel, fn, newM, loop, itID, errID, itObj)
	}
	block, ok := r.parents[assign].(*ast.BlockStmt)
	if !ok {
		return errf("the list call is not a statement of a block")
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
		j := i + 2
		for j+1 < len(block.List) && u.declOnly(block.List[j], []ast.Node{check.Body, call}, itObj, errObj) {
			j++
		}
		return u.checkedPager(call, sel, fn, newM, assign, check, block.List[i+2:j], block.List[j], itID, errID, itObj, errObj, newErr)
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
	ctxID, err := u.sameContext(call, post.Rhs[0].(*ast.CallExpr).Args[0])
	if err != nil {
		return err
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
	pageText, iterative := pt.pageText, pt.iterative
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
	}
	pagerName := itID.Name
	if !iterative {
		pagerName = u.freshName(loop, "pager")
		page = itID.Name
	}
	if err := u.itemUses(loop.Body, nil, itObj, itID.Name, item, page, pt); err != nil {
		return err
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
	if c, ok := r.parents[id].(*ast.CallExpr); ok && c.Fun != id {
		return errf("its iterator %s is passed to %s, which takes the legacy type: not rewritten", itName, r.text(c.Fun))
	}
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
	page       types.Type   // the new page type
	items      *types.Slice // the new page's Value
	iterative  bool         // an iterator (ListComplete), not a page (List)
	member     string       // Value (iterator) or Values (page)
	legacyItem types.Type   // a legacy item
	// legacyPage is what the legacy iterator's or page's Response() returns:
	// the current page's list result, whose fields the new page has.
	legacyPage types.Type
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
	pt := &pagerTypes{pageText: pageText, page: pageT, items: items, iterative: strings.HasSuffix(fn.Name(), "Complete"), member: "Value"}
	if !pt.iterative {
		pt.member = "Values"
	}
	result := func(name string) types.Type {
		m, _, _ := types.LookupFieldOrMethod(itObj.Type(), true, itObj.Pkg(), name)
		if mf, _ := m.(*types.Func); mf != nil && mf.Signature().Results().Len() == 1 {
			return mf.Signature().Results().At(0).Type()
		}
		return nil
	}
	pt.legacyItem = result(pt.member)
	if pt.legacyItem == nil {
		return nil, errf("the legacy iterator has no %s", pt.member)
	}
	pt.legacyPage = result("Response")
	if !pt.iterative {
		s, ok := pt.legacyItem.(*types.Slice)
		if !ok {
			return nil, errf("the legacy page's Values is not a slice")
		}
		pt.legacyItem = s.Elem()
	}
	return pt, nil
}

// itemUses plans the uses of the iterator or page itObj in body, leaving
// out the range of skip: it.Value() becomes the item, range page.Values()
// ranges over page.Value, and it.Response() or page.Response(), the
// current page's list result, becomes the new page, read by its fields.
func (u *unit) itemUses(body *ast.BlockStmt, skip ast.Node, itObj *types.Var, itName, item, page string, pt *pagerTypes) error {
	for _, id := range sortedIdents(u.usesOf(itObj)) {
		if !(body.Pos() <= id.Pos() && id.End() <= body.End()) || skip != nil && skip.Pos() <= id.Pos() && id.End() <= skip.End() {
			continue
		}
		if s, ok := u.r.parents[id].(*ast.SelectorExpr); ok && s.X == id && s.Sel.Name == "Response" {
			if err := u.responseUse(s, page, pt); err != nil {
				return err
			}
			continue
		}
		if err := u.itemUse(id, itName, pt.member, item, pt.legacyItem, pt.items.Elem(), pt.iterative); err != nil {
			return err
		}
	}
	return nil
}

// responseUse plans it.Response().F...: the current page's fields, which
// the new page has by the same JSON names.
func (u *unit) responseUse(s *ast.SelectorExpr, page string, pt *pagerTypes) error {
	c, ok := u.r.parents[s].(*ast.CallExpr)
	if !ok || c.Fun != s || len(c.Args) != 0 || pt.legacyPage == nil {
		return errf("its iterator's Response is used other than by reading the fields of its result")
	}
	if err := u.fieldChain(c, pt.legacyPage, pt.page); err != nil {
		return err
	}
	u.edit(c.Pos(), c.End(), page)
	return nil
}

// sameContext checks that the list call's context is the variable the loop
// pages with, and that its arguments can move into the pager's options.
func (u *unit) sameContext(call *ast.CallExpr, ctxArg ast.Expr) (*ast.Ident, error) {
	r := u.r
	ctxID, ok := ast.Unparen(ctxArg).(*ast.Ident)
	if !ok || len(call.Args) == 0 {
		return nil, errf("the loop's context is not a variable")
	}
	if first, ok := ast.Unparen(call.Args[0]).(*ast.Ident); !ok || r.info.Uses[first] != r.info.Uses[ctxID] {
		return nil, errf("the list call and the loop use different contexts")
	}
	for _, a := range call.Args {
		if !simple(r.info, a) {
			return nil, errf("the list call's argument %s has calls: bind it to a variable first", r.text(a))
		}
	}
	return ctxID, nil
}

// nextCheck matches the end of a loop's body that fetches the next page
// and returns on its error, in one statement or two:
//
//	if err := it.NextWithContext(ctx); err != nil {...}
//	if err = it.NextWithContext(ctx); err != nil {...}
//	err = it.NextWithContext(ctx) // or err :=
//	if err != nil {...}
//
// It returns how many statements that is, the error's block and the
// context.
func (u *unit) nextCheck(list []ast.Stmt, itObj types.Object, errName string) (int, *ast.BlockStmt, ast.Expr, bool) {
	r := u.r
	n := len(list)
	if n == 0 {
		return 0, nil, nil, false
	}
	last, ok := list[n-1].(*ast.IfStmt)
	if !ok || last.Else != nil || !returns(last.Body) {
		return 0, nil, nil, false
	}
	next := func(s ast.Stmt) (types.Object, ast.Expr, bool) {
		a, ok := s.(*ast.AssignStmt)
		if !ok || len(a.Lhs) != 1 || len(a.Rhs) != 1 || !u.isCall(a.Rhs[0], itObj, "NextWithContext", 1) {
			return nil, nil, false
		}
		id, ok := a.Lhs[0].(*ast.Ident)
		if !ok || id.Name != errName {
			return nil, nil, false
		}
		obj := r.info.Defs[id]
		if obj == nil {
			obj = r.info.Uses[id]
		}
		return obj, a.Rhs[0].(*ast.CallExpr).Args[0], obj != nil
	}
	if last.Init != nil {
		obj, ctx, ok := next(last.Init)
		if !ok || !u.isNotNil(last.Cond, obj) {
			return 0, nil, nil, false
		}
		return 1, last.Body, ctx, true
	}
	if n < 2 {
		return 0, nil, nil, false
	}
	obj, ctx, ok := next(list[n-2])
	if !ok || !u.isNotNil(last.Cond, obj) {
		return 0, nil, nil, false
	}
	return 2, last.Body, ctx, true
}

// initPager rewrites a loop that lists in its init statement and checks
// the error first in its body:
//
//	for page, err := c.List(ctx, rg); page.NotDone(); err = page.NextWithContext(ctx) {
//		if err != nil {
//			return err
//		}
//		for _, v := range page.Values() {
//			...
//		}
//	}
//
// becomes
//
//	for pager := c.NewListPager(rg, nil); pager.More(); {
//		page, err := pager.NextPage(ctx)
//		if err != nil {
//			return err
//		}
//		for _, v := range page.Value {
//			...
//		}
//	}
//
// The requests are the same. The legacy loop never saw the first page's
// error (a failed first page is empty, so NotDone ends the loop); the new
// loop returns it.
func (u *unit) initPager(call *ast.CallExpr, sel *ast.SelectorExpr, fn, newM *types.Func, loop *ast.ForStmt, itID, errID *ast.Ident, itObj *types.Var) error {
	r := u.r
	shape := errf("the loop is not for page, err := c.List(...); page.NotDone(); err = page.NextWithContext(ctx) { if err != nil {...}; ... }: not rewritten yet")
	errObj := r.info.Defs[errID]
	if errObj == nil || loop.Cond == nil || loop.Post == nil || !u.isCall(loop.Cond, itObj, "NotDone", 0) {
		return shape
	}
	post, ok := loop.Post.(*ast.AssignStmt)
	if !ok || post.Tok != token.ASSIGN || len(post.Lhs) != 1 || !u.isVar(post.Lhs[0], errObj) || !u.isCall(post.Rhs[0], itObj, "NextWithContext", 1) {
		return shape
	}
	if len(loop.Body.List) == 0 {
		return shape
	}
	check, ok := loop.Body.List[0].(*ast.IfStmt)
	if !ok || check.Init != nil || check.Else != nil || !u.isNotNil(check.Cond, errObj) || !returns(check.Body) {
		return shape
	}
	ctxID, err := u.sameContext(call, post.Rhs[0].(*ast.CallExpr).Args[0])
	if err != nil {
		return err
	}
	rest := &ast.BlockStmt{Lbrace: check.End(), List: loop.Body.List[1:], Rbrace: loop.Body.Rbrace}
	if err := u.loopBody(rest, errObj); err != nil {
		return err
	}
	pt, err := u.pagerTypes(fn, newM, itObj)
	if err != nil {
		return err
	}
	pagerName, page, item := itID.Name, u.freshName(loop, "page"), u.freshName(loop, "v")
	if !pt.iterative {
		pagerName, page = u.freshName(loop, "pager"), itID.Name
	}
	if err := u.itemUses(rest, nil, itObj, itID.Name, item, page, pt); err != nil {
		return err
	}
	args, err := u.args(call, fn, newM)
	if err != nil {
		return err
	}
	indent := u.indent(loop.Pos())
	u.edit(loop.Pos(), loop.Body.Lbrace+1, fmt.Sprintf("for %[1]s := %[2]s.%[3]s(%[4]s); %[1]s.More(); {\n%[8]s\t%[5]s, %[6]s := %[1]s.NextPage(%[7]s)",
		pagerName, u.receiver(sel), newM.Name(), args, page, errID.Name, ctxID.Name, indent))
	if pt.iterative {
		u.edit(check.End(), check.End(), fmt.Sprintf("\n%s\tfor _, %s := range %s.Value {", indent, item, page))
		u.edit(loop.Body.Rbrace, loop.Body.Rbrace+1, "}\n"+indent+"}")
	}
	return nil
}

// checkedPager rewrites the other common shape of a loop over an iterator
// or pages:
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
// when the two error blocks are the same and return (when they differ, see
// firstPageApart); a page's loop
// (page, err := c.List(...); ... range page.Values() ...) the same, with
// the page's name for the new page.
//
// Declarations between the check and the loop (n := 0, var names []string)
// stay where they are: they call nothing, so they may run before the first
// page is fetched instead of after.
func (u *unit) checkedPager(call *ast.CallExpr, sel *ast.SelectorExpr, fn, newM *types.Func, assign *ast.AssignStmt, check *ast.IfStmt, between []ast.Stmt, next ast.Stmt, itID, errID *ast.Ident, itObj *types.Var, errObj types.Object, newErr bool) error {
	r := u.r
	shape := errf("the iterator's loop is not if err != nil {...}; for it.NotDone() { ...; if err := it.NextWithContext(ctx); err != nil {...} }: not rewritten yet")
	loop, ok := next.(*ast.ForStmt)
	if !ok || loop.Init != nil || loop.Post != nil || !u.isCall(loop.Cond, itObj, "NotDone", 0) {
		return shape
	}
	if check.Init != nil || check.Else != nil || !u.isNotNil(check.Cond, errObj) || !returns(check.Body) {
		return shape
	}
	k, nextBody, ctxArg, ok := u.nextCheck(loop.Body.List, itObj, errID.Name)
	if !ok {
		return shape
	}
	n := len(loop.Body.List)
	tail := &ast.BlockStmt{Lbrace: loop.Body.List[n-k].Pos(), List: loop.Body.List[n-k:], Rbrace: loop.Body.List[n-1].End()}
	same := r.printed(check.Body) == r.printed(nextBody)
	ctxID, err := u.sameContext(call, ctxArg)
	if err != nil {
		return err
	}
	inner := &ast.BlockStmt{Lbrace: loop.Body.Lbrace, List: loop.Body.List[:n-k], Rbrace: tail.Lbrace}
	if err := u.loopBody(inner, errObj); err != nil {
		return err
	}
	pt, err := u.pagerTypes(fn, newM, itObj)
	if err != nil {
		return err
	}
	pagerName, page, item := itID.Name, u.freshName(loop, "page"), ""
	if !pt.iterative {
		pagerName, page = u.freshName(loop, "pager"), itID.Name
	}
	// The item: g := it.Value() first in the body becomes the range
	// variable.
	var first ast.Stmt
	if a, ok := loop.Body.List[0].(*ast.AssignStmt); ok && pt.iterative && n > k && a.Tok == token.DEFINE && len(a.Lhs) == 1 && len(a.Rhs) == 1 && u.isCall(a.Rhs[0], itObj, "Value", 0) {
		if id, ok := a.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
			if v := r.info.Defs[id]; v != nil {
				for use := range u.usesOf(v) {
					if err := u.fieldChain(use, pt.legacyItem, pt.items.Elem()); err != nil {
						return err
					}
				}
				item, first = id.Name, a
				u.deleteLine(a)
			}
		}
	}
	if item == "" {
		item = u.freshName(loop, "v")
	}
	if first != nil {
		for use := range u.usesOf(itObj) {
			if inner.Pos() <= use.Pos() && use.End() <= inner.End() && !(first.Pos() <= use.Pos() && use.End() <= first.End()) {
				return errf("its iterator is used again after %s := %s.Value()", item, itID.Name)
			}
		}
	} else if err := u.itemUses(inner, nil, itObj, itID.Name, item, page, pt); err != nil {
		return err
	}
	// The iterator is used nowhere else.
	for use := range u.usesOf(itObj) {
		if !(check.Pos() <= use.Pos() && use.End() <= loop.End()) {
			return errf("its iterator %s is used outside its loop", itID.Name)
		}
		if check.Body.Pos() <= use.Pos() && use.End() <= check.Body.End() || nextBody.Pos() <= use.Pos() && use.End() <= nextBody.End() {
			return errf("its iterator %s is used in an error block", itID.Name)
		}
	}
	if !same {
		return u.firstPageApart(call, sel, fn, newM, assign, loop, tail, nextBody, errID, ctxID, pt, pagerName, page, item, newErr)
	}
	// err after the list call: nil, as before.
	decl := ""
	others := false
	for use := range u.usesOf(errObj) {
		inCheck := check.Cond.Pos() <= use.Pos() && use.End() <= check.Body.End()
		inTail := tail.Pos() <= use.Pos() && use.End() <= tail.End()
		if !inCheck && !inTail {
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
	indent := u.indent(loop.Pos())
	if decl != "" {
		u.edit(assign.Pos(), assign.End(), decl)
	} else {
		u.deleteLine(assign)
	}
	head := fmt.Sprintf("for %[1]s := %[2]s.%[3]s(%[4]s); %[1]s.More(); {\n%[9]s\t%[5]s, %[6]s := %[1]s.NextPage(%[7]s)\n%[9]s\tif %[6]s != nil %[8]s",
		pagerName, u.receiver(sel), newM.Name(), args, page, errID.Name, ctxID.Name, r.text(check.Body), indent)
	headFrom := check.Pos()
	if len(between) > 0 {
		u.deleteLine(check)
		headFrom = loop.Pos()
	}
	if pt.iterative {
		head += fmt.Sprintf("\n%s\tfor _, %s := range %s.Value {", indent, item, page)
		u.edit(headFrom, loop.Body.Lbrace+1, head)
		u.edit(tail.Pos(), loop.Body.Rbrace+1, "}\n"+indent+"}")
		return nil
	}
	u.edit(headFrom, loop.Body.Lbrace+1, head)
	end := loop.Body.Lbrace + 1
	if n > k {
		end = loop.Body.List[n-k-1].End()
	}
	u.edit(end, loop.Body.Rbrace+1, "\n"+indent+"}")
	return nil
}

// firstPageApart ends checkedPager's rewrite when the first page's error
// block and the next pages' differ: the first page is fetched where the
// list call was, checked by the first block, and the next ones at the end
// of the loop, checked by the second.
//
//	it, err := c.ListComplete(ctx, "", nil)
//	if err != nil {
//		return fmt.Errorf("listing: %w", err)
//	}
//	for it.NotDone() {
//		g := it.Value()
//		...
//		if err := it.NextWithContext(ctx); err != nil {
//			return fmt.Errorf("next page: %w", err)
//		}
//	}
//
// becomes
//
//	it := c.NewListPager(nil)
//	page, err := it.NextPage(ctx)
//	if err != nil {
//		return fmt.Errorf("listing: %w", err)
//	}
//	for {
//		for _, g := range page.Value {
//			...
//		}
//		if !it.More() {
//			break
//		}
//		next, err := it.NextPage(ctx)
//		if err != nil {
//			return fmt.Errorf("next page: %w", err)
//		}
//		page = next
//	}
func (u *unit) firstPageApart(call *ast.CallExpr, sel *ast.SelectorExpr, fn, newM *types.Func, assign *ast.AssignStmt, loop *ast.ForStmt, tail, nextBody *ast.BlockStmt, errID, ctxID *ast.Ident, pt *pagerTypes, pagerName, page, item string, newErr bool) error {
	r := u.r
	args, err := u.args(call, fn, newM)
	if err != nil {
		return err
	}
	indent := u.indent(assign.Pos())
	fetch := fmt.Sprintf("%s, %s := %s.NextPage(%s)", page, errID.Name, pagerName, ctxID.Name)
	if !newErr {
		fetch = fmt.Sprintf("var %[1]s %[2]s\n%[5]s%[1]s, %[3]s = %[4]s.NextPage(%[6]s)", page, pt.pageText, errID.Name, pagerName, indent, ctxID.Name)
	}
	u.edit(assign.Pos(), assign.End(), fmt.Sprintf("%s := %s.%s(%s)\n%s%s", pagerName, u.receiver(sel), newM.Name(), args, indent, fetch))
	li := u.indent(loop.Pos())
	head := "for {"
	closeRange := ""
	if pt.iterative {
		head += fmt.Sprintf("\n%s\tfor _, %s := range %s.Value {", li, item, page)
		closeRange = "}\n" + li + "\t"
	}
	u.edit(loop.Pos(), loop.Body.Lbrace+1, head)
	more := fmt.Sprintf("%[1]sif !%[2]s.More() {\n%[3]s\t\tbreak\n%[3]s\t}\n%[3]s\t", closeRange, pagerName, li)
	// The next page's error: declared by the tail (if err := ...), or the
	// variable it assigns, which keeps its value.
	var nextAssign *ast.AssignStmt
	switch st := tail.List[0].(type) {
	case *ast.IfStmt:
		nextAssign, _ = st.Init.(*ast.AssignStmt)
	case *ast.AssignStmt:
		nextAssign = st
	}
	if nextAssign == nil || nextAssign.Tok != token.DEFINE {
		u.edit(tail.Pos(), tail.End(), more+fmt.Sprintf("if %[1]s, %[2]s = %[3]s.NextPage(%[4]s); %[2]s != nil %[5]s",
			page, errID.Name, pagerName, ctxID.Name, r.text(nextBody)))
		return nil
	}
	next := u.freshName(loop, "next")
	u.edit(tail.Pos(), tail.End(), more+fmt.Sprintf("%[1]s, %[2]s := %[3]s.NextPage(%[4]s)\n%[5]s\tif %[2]s != nil %[6]s\n%[5]s\t%[7]s = %[1]s",
		next, errID.Name, pagerName, ctxID.Name, li, r.text(nextBody), page))
	return nil
}

// declOnly says whether s, between a list call's error check and its loop,
// only declares variables from expressions without calls, reads neither the
// iterator nor the error, and declares no name that moved reads: the check's
// block and the list call, which may move into the loop, after s.
func (u *unit) declOnly(s ast.Stmt, moved []ast.Node, itObj, errObj types.Object) bool {
	r := u.r
	var names []*ast.Ident
	var values []ast.Expr
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok != token.DEFINE {
			return false
		}
		for _, l := range s.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				return false
			}
			names = append(names, id)
		}
		values = s.Rhs
	case *ast.DeclStmt:
		g, ok := s.Decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			return false
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			names = append(names, vs.Names...)
			values = append(values, vs.Values...)
		}
	default:
		return false
	}
	for _, v := range values {
		if !simple(r.info, v) {
			return false
		}
	}
	reads := false
	ast.Inspect(s, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && (r.info.Uses[id] == itObj || r.info.Uses[id] == errObj) {
			reads = true
		}
		return !reads
	})
	if reads {
		return false
	}
	for _, id := range names {
		shadows := false
		for _, m := range moved {
			ast.Inspect(m, func(n ast.Node) bool {
				if x, ok := n.(*ast.Ident); ok && x.Name == id.Name {
					shadows = true
				}
				return !shadows
			})
		}
		if shadows {
			return false
		}
	}
	return true
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
